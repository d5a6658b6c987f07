import type { Actor } from "../domain/actor.ts";
import { applicantView, assertOwner, type ApplicationRecord, type DocumentMeta } from "../domain/application.ts";
import { Conflict, DocumentMismatch, InvalidTransition, NotFound, type FieldError } from "../domain/errors.ts";
import { matchesDeclaredType, sniffType } from "../domain/file-type.ts";
import { MAX_DOCUMENTS_PER_APPLICATION, type DocumentRequest } from "../schemas/application.ts";
import { commit } from "../store/commit.ts";
import { getApplication, saveApplication } from "../store/applications.ts";
import { applicationIdOfDocument, inspectObject, presignDownload, presignUpload, putDocumentPointer } from "../store/documents.ts";
import { objectKeyFor } from "../store/object-keys.ts";
import { newId } from "./applications.ts";

// Documents: declare -> presigned upload straight to S3 -> confirm (size, SHA-256, magic bytes) -> VERIFIED.

const UPLOADABLE: readonly ApplicationRecord["status"][] = ["DRAFT", "INFO_REQUESTED"];

function assertUploadable(record: ApplicationRecord) {
  if (!UPLOADABLE.includes(record.status)) {
    throw new InvalidTransition(`Documents can be added only while DRAFT or INFO_REQUESTED; this application is ${record.status}.`);
  }
}

export async function startUpload(applicationId: string, request: DocumentRequest, actor: Actor) {
  const documentId = newId();
  const objectKey = objectKeyFor(applicationId, documentId);
  await commit(actor, async (now) => {
    const record = assertOwner(await getApplication(applicationId, true), actor);
    assertUploadable(record);
    if (record.documents.length >= MAX_DOCUMENTS_PER_APPLICATION) throw new Conflict(`An application holds at most ${MAX_DOCUMENTS_PER_APPLICATION} documents.`);
    const document: DocumentMeta = { documentId, ...request, status: "PENDING_UPLOAD", createdAt: now, objectKey };
    const next = { ...record, documents: [...record.documents, document], version: record.version + 1, updatedAt: now };
    return {
      items: [saveApplication(next), putDocumentPointer(documentId, applicationId)],
      event: {
        action: "document.declared",
        entityType: "application",
        entityId: applicationId,
        data: { documentId, type: request.type, contentType: request.contentType, sizeBytes: request.sizeBytes, sha256: request.sha256 },
      },
      result: next,
    };
  });
  const { upload, expiresAt } = await presignUpload(objectKey, request.contentType, request.sizeBytes, request.sha256);
  return { documentId, upload, expiresAt };
}

function findDocument(record: ApplicationRecord, documentId: string): DocumentMeta {
  const document = record.documents.find((d) => d.documentId === documentId);
  if (!document) throw new NotFound("No such document.");
  return document;
}

/** Compares what S3 holds with what was declared; every difference is named. */
function differences(document: DocumentMeta, facts: NonNullable<Awaited<ReturnType<typeof inspectObject>>>): FieldError[] {
  const errors: FieldError[] = [];
  if (facts.sizeBytes !== document.sizeBytes) errors.push({ path: "sizeBytes", message: `declared ${document.sizeBytes} bytes, uploaded ${facts.sizeBytes}` });
  if (facts.sha256 !== document.sha256) errors.push({ path: "sha256", message: `declared ${document.sha256}, uploaded file hashes to ${facts.sha256}` });
  if (!matchesDeclaredType(facts.head, document.contentType)) {
    const actual = sniffType(facts.head);
    errors.push({ path: "contentType", message: `declared ${document.contentType}, content is ${actual ?? "not a PDF, PNG or JPEG"}` });
  }
  return errors;
}

/**
 * The answer to confirm: the verified document itself (`status: "VERIFIED"`), with the updated application
 * under `application` so a client can carry on editing with its new version (also sent as the ETag).
 */
function confirmation(record: ApplicationRecord, documentId: string) {
  const application = applicantView(record);
  const document = application.documents.find((d) => d.documentId === documentId)!;
  return { ...document, applicationId: record.id, application };
}

export async function confirmUpload(applicationId: string, documentId: string, actor: Actor) {
  // Read (and hash) the object outside the transaction: it is immutable once uploaded under Object Lock.
  const before = assertOwner(await getApplication(applicationId, true), actor);
  const declared = findDocument(before, documentId);
  if (declared.status === "VERIFIED") return confirmation(before, documentId);
  assertUploadable(before);
  const facts = await inspectObject(declared.objectKey);
  if (!facts) throw new DocumentMismatch("Nothing has been uploaded for this document yet.", [{ path: "file", message: "not uploaded" }]);
  const errors = differences(declared, facts);
  if (errors.length) throw new DocumentMismatch(`The uploaded file does not match its declaration: ${errors.map((e) => e.path).join(", ")}.`, errors);

  // The first attempt writes on the record read above: its version is the transaction's condition, so
  // a change in between fails it and the retry reads the application again.
  let unread: ApplicationRecord | undefined = before;
  const { result } = await commit(actor, async (now) => {
    const record = unread ?? assertOwner(await getApplication(applicationId, true), actor);
    unread = undefined;
    assertUploadable(record);
    const document = findDocument(record, documentId);
    if (document.status === "VERIFIED") return { unchanged: true as const, result: record };
    const verified: DocumentMeta = { ...document, status: "VERIFIED", verifiedAt: now, uploadedAt: facts.lastModified ?? now, objectVersionId: facts.versionId };
    const next: ApplicationRecord = {
      ...record,
      documents: record.documents.map((d) => (d.documentId === documentId ? verified : d)),
      version: record.version + 1,
      updatedAt: now,
    };
    return {
      items: [saveApplication(next)],
      event: { action: "document.verified", entityType: "application", entityId: applicationId, data: { documentId, type: document.type, sha256: document.sha256, sizeBytes: document.sizeBytes } },
      result: next,
    };
  });
  return confirmation(result, documentId);
}

/** A short-lived download link for one verified document; the caller has already been authorised for the application. */
export async function downloadLink(record: ApplicationRecord, documentId: string) {
  const document = findDocument(record, documentId);
  if (document.status !== "VERIFIED") throw new Conflict("This document has not been uploaded and verified yet.");
  return presignDownload(document.objectKey, document.fileName, document.contentType, document.objectVersionId);
}

export async function ownDocumentLink(applicationId: string, documentId: string, actor: Actor) {
  return downloadLink(assertOwner(await getApplication(applicationId), actor), documentId);
}

/** Reviewers and auditors: any application's document. */
export async function staffDocumentLink(applicationId: string, documentId: string, options: { drafts: boolean } = { drafts: false }) {
  const record = await getApplication(applicationId);
  // Reviewers never see a draft never submitted; auditors see every record.
  if (!record || (!options.drafts && record.status === "DRAFT")) throw new NotFound("No such application.");
  return downloadLink(record, documentId);
}

export async function auditorDocumentLink(documentId: string) {
  const applicationId = await applicationIdOfDocument(documentId);
  if (!applicationId) throw new NotFound("No such document.");
  return staffDocumentLink(applicationId, documentId, { drafts: true });
}
