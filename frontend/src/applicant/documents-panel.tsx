import { useState } from "react";
import { REQUIRED_DOCUMENTS } from "../../../lambdas/schemas/application.ts";
import { ApiError, enc } from "../api/client.ts";
import type { DocumentView as DocumentRecord } from "../../../lambdas/schemas/application.ts";
import type { Application } from "../../../lambdas/schemas/review.ts";
import { DocumentLink } from "../ui/document-link.tsx";
import { describeError } from "../ui/errors.ts";
import { DOCUMENT_LABELS, formatBytes, label } from "../ui/format.ts";
import { useField } from "../ui/form.tsx";
import { TitledSection } from "../ui/titled-section.tsx";
import { uploadDocument, UploadRefused, type UploadPhase } from "./upload.ts";

const PHASE_TEXT: Record<UploadPhase, string> = {
  hashing: "Computing the file's SHA-256…",
  declaring: "Preparing the upload…",
  uploading: "Uploading…",
  verifying: "Verifying the uploaded file…",
  done: "Uploaded and verified.",
};

function latest(documents: DocumentRecord[], type: string): DocumentRecord | undefined {
  const ofType = documents.filter((d) => d.type === type);
  return ofType.find((d) => d.status === "VERIFIED") ?? ofType[ofType.length - 1];
}

function DocumentRow({
  record,
  type,
  editable,
  onRecord,
}: {
  record: Application;
  type: string;
  editable: boolean;
  onRecord: (record: Application, etag: string | null) => void;
}) {
  const name = label(DOCUMENT_LABELS, type);
  const field = useField(`documents.${type}`, name);
  const [progress, setProgress] = useState<{ phase: UploadPhase; fraction?: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = latest(record.documents ?? [], type);
  const verified = current?.status === "VERIFIED";
  const busy = progress !== null && progress.phase !== "done";
  const message = error ?? field.error;

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    try {
      const result = await uploadDocument(record.id, type, file, (phase, fraction) => setProgress({ phase, fraction }));
      onRecord(result.record, result.etag);
    } catch (e) {
      setProgress(null);
      if (e instanceof UploadRefused) setError(e.messages.join(" "));
      else if (e instanceof ApiError && e.problem.errors?.length) setError(e.problem.errors.map((x) => x.message).join(" "));
      else setError(describeError(e));
    }
  };

  return (
    <li className={`document-row${message ? " has-error" : ""}`}>
      <div className="document-head">
        <h3 id={`${field.id}-name`}>{name}</h3>
        <p className={`document-status ${verified ? "ok" : "missing"}`}>
          {verified && current ? (
            <>
              <span aria-hidden="true">✓ </span>Verified: {current.fileName} ({formatBytes(current.sizeBytes)})
            </>
          ) : current ? (
            <>Not verified yet: {current.fileName}</>
          ) : (
            <>Not uploaded</>
          )}
        </p>
        {verified && current ? <DocumentLink endpoint={`/api/applications/${enc(record.id)}/documents/${enc(current.documentId)}`} fileName={current.fileName} /> : null}
      </div>
      {editable ? (
        <div className="field">
          <label htmlFor={field.id}>{verified ? `Replace the file: ${name}` : `Choose a file: ${name}`}</label>
          <p className="hint" id={`${field.id}-hint`}>
            PDF, PNG or JPEG, at most 25 MiB. Uploads start as soon as you choose a file.
          </p>
          {message ? (
            <p className="field-error" id={`${field.id}-error`}>
              <span className="visually-hidden">Error: </span>
              {message}
            </p>
          ) : null}
          <input
            type="file"
            id={field.id}
            name={`documents.${type}`}
            accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
            disabled={busy}
            aria-invalid={message ? true : undefined}
            aria-describedby={[`${field.id}-hint`, message ? `${field.id}-error` : ""].filter(Boolean).join(" ")}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = "";
              void onFile(file);
            }}
          />
        </div>
      ) : null}
      {progress ? (
        <div className="upload-progress">
          <progress
            max={1}
            value={progress.phase === "uploading" ? (progress.fraction ?? 0) : progress.phase === "done" || progress.phase === "verifying" ? 1 : 0}
            aria-labelledby={`${field.id}-name`}
            aria-valuetext={progress.phase === "uploading" ? `${Math.round((progress.fraction ?? 0) * 100)} %` : PHASE_TEXT[progress.phase]}
          />
          {/* Only phase changes are announced; the percentage would flood a screen reader. */}
          <span role="status">{PHASE_TEXT[progress.phase]}</span>
          {progress.phase === "uploading" ? <span aria-hidden="true"> {Math.round((progress.fraction ?? 0) * 100)} %</span> : null}
        </div>
      ) : null}
    </li>
  );
}

export function DocumentsPanel({
  record,
  editable,
  onRecord,
}: {
  record: Application;
  editable: boolean;
  onRecord: (record: Application, etag: string | null) => void;
}) {
  const required = REQUIRED_DOCUMENTS[record.category] ?? [];
  const verified = required.filter((t) => latest(record.documents ?? [], t)?.status === "VERIFIED").length;
  return (
    <TitledSection id="documents-title" title="Documents" className="documents">
      <p aria-live="polite">
        {verified} of {required.length} required documents verified.
      </p>
      <ul className="document-list">
        {required.map((type) => (
          <DocumentRow key={type} record={record} type={type} editable={editable} onRecord={onRecord} />
        ))}
      </ul>
    </TitledSection>
  );
}
