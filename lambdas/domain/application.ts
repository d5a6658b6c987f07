import type { Actor } from "./actor.ts";
import { Conflict, Forbidden, Incomplete, InvalidTransition, NotFound, ValidationError, type DomainError, type FieldError } from "./errors.ts";
import { APPLICATION_WORKFLOW, type ApplicationAction, type ApplicationRow, type Guard } from "./workflow.ts";
import { checkTransition as checkRow } from "./transitions.ts";
import {
  BeneficialOwners,
  CompleteBeneficialOwners,
  CreateApplication,
  Energy,
  Organisation,
  REQUIRED_DOCUMENTS,
  Vasp,
  type ApplicationStatus,
  type ContentType,
  type DocumentType,
  type PatchApplication,
} from "../schemas/application.ts";
import type { Category } from "../schemas/common.ts";
import { isEnergyCategory } from "../schemas/common.ts";
import { zodFieldErrors } from "../schemas/field-errors.ts";
import type { z } from "zod";
import type { ProposedTestPlan } from "./test-plan.ts";

// Pure rules for applications: building drafts, patches, completeness and workflow checks.
// No AWS, no HTTP: plain values in, plain values out.

export type DocumentStatus = "PENDING_UPLOAD" | "VERIFIED";

export interface DocumentMeta {
  documentId: string;
  type: DocumentType;
  fileName: string;
  contentType: ContentType;
  sizeBytes: number;
  sha256: string;
  status: DocumentStatus;
  createdAt: string;
  uploadedAt?: string;
  verifiedAt?: string;
  /** S3 object key: applications/{applicationId}/{documentId}; never the file name the user typed. */
  objectKey: string;
  objectVersionId?: string;
}

export interface HistoryEntry {
  at: string;
  action: string;
  from: ApplicationStatus | null;
  to: ApplicationStatus;
  by: string;
  role: string;
  reason?: string;
}

export interface InfoRequest {
  requestId: string;
  message: string;
  requestedBy: string;
  requestedAt: string;
  response?: string;
  respondedAt?: string;
}

export interface Approval {
  by: string;
  at: string;
  approvedMw?: number;
  conditions: string[];
  termMonths: number;
  reason: string;
  /** The test plan the approving reviewer proposed (milestone ids are given when the licence is issued). */
  testPlan?: ProposedTestPlan;
}

export interface ApplicationRecord {
  id: string;
  ownerSub: string;
  category: Category;
  organisation?: Partial<z.infer<typeof Organisation>>;
  beneficialOwners?: z.infer<typeof BeneficialOwners>;
  energy?: Partial<z.infer<typeof Energy>>;
  vasp?: Partial<z.infer<typeof Vasp>>;
  status: ApplicationStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
  submittedAt?: string;
  /** Decision deadline; moves later by the time spent in INFO_REQUESTED. */
  dueAt?: string;
  /** Set while INFO_REQUESTED: when the SLA clock stopped. */
  slaPausedAt?: string;
  assignedTo?: string;
  firstApproval?: Approval;
  decidedAt?: string;
  decisionReason?: string;
  documents: DocumentMeta[];
  history: HistoryEntry[];
  infoRequests: InfoRequest[];
  licenceNumber?: string;
}

export const QUEUE_STATES: readonly ApplicationStatus[] = ["SUBMITTED", "UNDER_REVIEW", "INFO_REQUESTED", "PENDING_SECOND_APPROVAL"];
export const isQueueState = (s: ApplicationStatus) => QUEUE_STATES.includes(s);

function roleOf(actor: Actor): string {
  return actor.groups[0] ?? (actor.scopes.length ? "machine" : "system");
}

export function historyEntry(actor: Actor, at: string, action: string, from: ApplicationStatus | null, to: ApplicationStatus, reason?: string): HistoryEntry {
  return { at, action, from, to, by: actor.sub, role: roleOf(actor), ...(reason ? { reason } : {}) };
}

export function newDraft(input: CreateApplication, actor: Actor, id: string, now: string): ApplicationRecord {
  const { category, ...sections } = input;
  return {
    id,
    ownerSub: actor.sub,
    category,
    ...sections,
    status: "DRAFT",
    version: 1,
    createdAt: now,
    updatedAt: now,
    documents: [],
    history: [historyEntry(actor, now, "create", null, "DRAFT")],
    infoRequests: [],
  };
}

/** The applicant sees only their own; anyone else's answers 404, so its existence is never revealed. */
export function assertOwner(record: ApplicationRecord | undefined, actor: Actor): ApplicationRecord {
  if (!record || record.ownerSub !== actor.sub) throw new NotFound("No such application.");
  return record;
}

const EDITABLE: readonly ApplicationStatus[] = ["DRAFT", "INFO_REQUESTED"];

/** PATCH: present sections replace the stored ones; the result must still be a valid draft of its category. */
export function applyPatch(record: ApplicationRecord, patch: PatchApplication, now: string): ApplicationRecord {
  if (!EDITABLE.includes(record.status)) {
    throw new InvalidTransition(`An application can be edited only while DRAFT or INFO_REQUESTED; this one is ${record.status}.`);
  }
  const merged = {
    category: record.category,
    organisation: record.organisation,
    beneficialOwners: record.beneficialOwners,
    energy: record.energy,
    vasp: record.vasp,
    ...patch,
  };
  const result = CreateApplication.safeParse(merged);
  if (!result.success) throw new ValidationError("The change would make the application invalid.", zodFieldErrors(result.error));
  const { category: _c, ...sections } = result.data;
  return { ...record, ...sections, version: record.version + 1, updatedAt: now };
}

function missingFields(record: ApplicationRecord): FieldError[] {
  const missing: FieldError[] = [];
  const check = (path: string, schema: z.ZodType, value: unknown) => {
    const result = schema.safeParse(value);
    if (!result.success) {
      for (const e of zodFieldErrors(result.error)) missing.push({ path: [path, e.path].filter(Boolean).join("."), message: value === undefined ? "required" : e.message });
    }
  };
  check("organisation", Organisation, record.organisation);
  check("beneficialOwners", CompleteBeneficialOwners, record.beneficialOwners);
  if (isEnergyCategory(record.category)) check("energy", Energy, record.energy);
  else check("vasp", Vasp, record.vasp);
  return missing;
}

export function missingDocuments(record: ApplicationRecord): DocumentType[] {
  const verified = new Set(record.documents.filter((d) => d.status === "VERIFIED").map((d) => d.type));
  return REQUIRED_DOCUMENTS[record.category].filter((t) => !verified.has(t));
}

/** Everything submit needs, as field errors: fields by path, documents as `documents.<TYPE>`. */
export function submissionGaps(record: ApplicationRecord): FieldError[] {
  return [
    ...missingFields(record),
    ...missingDocuments(record).map((type) => ({ path: `documents.${type}`, message: "required document not uploaded and verified" })),
  ];
}

/**
 * One guard of APPLICATION_WORKFLOW on the record as read: the refusal, or undefined when it passes.
 * "not-own-firm" here is the submitter; the transition engine adds the rest of the company (store/firms.ts).
 */
export function applicationGuard(guard: Guard, record: ApplicationRecord, actor: Actor): DomainError | undefined {
  switch (guard) {
    case "owner":
      return record.ownerSub !== actor.sub ? new NotFound("No such application.") : undefined;
    case "not-own-firm":
      return record.ownerSub === actor.sub ? new Forbidden("You cannot act as reviewer on an application you submitted.") : undefined;
    case "second-reviewer":
      return record.firstApproval?.by === actor.sub ? new Forbidden("The second approval must come from a different reviewer.") : undefined;
    case "assignee":
      return record.assignedTo !== actor.sub
        ? new Conflict("Only the assigned reviewer decides; assign the application to yourself first (the trail records the takeover).")
        : undefined;
    case "complete": {
      const gaps = submissionGaps(record);
      return gaps.length ? new Incomplete("The application is not complete: see errors for every missing field and document.", gaps) : undefined;
    }
  }
}

/** Looks the action up in the workflow table and evaluates its guards; returns the row. */
export function checkTransition(record: ApplicationRecord, action: ApplicationAction, actor: Actor): ApplicationRow {
  return checkRow(APPLICATION_WORKFLOW, record.status, action, actor.groups, (g) => applicationGuard(g, record, actor), "the application");
}

// --- SLA ------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;

export function dueAtFrom(submittedAt: string, slaDays: number): string {
  return new Date(Date.parse(submittedAt) + slaDays * DAY_MS).toISOString();
}

/** On respond: the deadline moves later by exactly the time spent waiting for the applicant. */
export function resumeSla(dueAt: string, pausedAt: string, now: string): string {
  return new Date(Date.parse(dueAt) + Math.max(0, Date.parse(now) - Date.parse(pausedAt))).toISOString();
}

/** The deadline as of `now`: while paused, it keeps moving with the clock. */
export function effectiveDueAt(record: Pick<ApplicationRecord, "dueAt" | "slaPausedAt">, now: string): string | undefined {
  if (!record.dueAt) return undefined;
  return record.slaPausedAt ? resumeSla(record.dueAt, record.slaPausedAt, now) : record.dueAt;
}

export function isOverdue(record: Pick<ApplicationRecord, "dueAt" | "slaPausedAt" | "status">, now: string): boolean {
  const due = effectiveDueAt(record, now);
  return isQueueState(record.status) && due !== undefined && due < now;
}

// --- Views ----------------------------------------------------------------------------------------

function publicDocument(d: DocumentMeta) {
  const { objectKey: _k, objectVersionId: _v, ...rest } = d;
  return rest;
}

/**
 * Internal to the council until confirmed: the first approval of a four-eyes decision (its terms and
 * note), the reasons reviewers gave each other (first approval, return for review), and who is
 * assigned. The applicant learns the outcome and the terms of the licence when it is issued.
 */
const INTERNAL_HISTORY_ACTIONS = new Set(["approve", "return", "assign"]);

function applicantHistory(history: HistoryEntry[]): HistoryEntry[] {
  return history.map((h) => {
    if (!INTERNAL_HISTORY_ACTIONS.has(h.action) || h.to === "APPROVED") return h;
    const { reason: _r, ...rest } = h;
    return rest;
  });
}

/** What the applicant sees: their record without internal keys and reviewer-internal fields, and only open information requests flagged. */
export function applicantView(record: ApplicationRecord) {
  const { ownerSub: _o, slaPausedAt: _p, firstApproval: _f, assignedTo: _a, ...rest } = record;
  return {
    ...rest,
    documents: record.documents.map(publicDocument),
    history: applicantHistory(record.history),
    openInfoRequests: record.infoRequests.filter((r) => !r.respondedAt),
  };
}

/** Reviewers and auditors see the whole record, with who submitted it and the SLA state. */
export function staffView(record: ApplicationRecord, now: string) {
  const { ownerSub, ...rest } = record;
  return {
    ...rest,
    submittedBy: ownerSub,
    documents: record.documents.map(publicDocument),
    openInfoRequests: record.infoRequests.filter((r) => !r.respondedAt),
    effectiveDueAt: effectiveDueAt(record, now),
    overdue: isOverdue(record, now),
  };
}
