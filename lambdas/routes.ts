// THE route manifest. Every route exists exactly once here; the CDK stack makes one function per
// entry with exactly the grants in `touches`, and the local dev gateway serves the same handler
// modules. Deny by default: a route must name its access rule, and a test walks this list.

import { REGIONS } from "./schemas/common.ts";

export type Group = "applicant" | "reviewer" | "admin" | "auditor";
export const GROUPS: readonly Group[] = ["applicant", "reviewer", "admin", "auditor"];
export const AUDIT_SCOPE = "sandbox/audit.read";
/** A region's grid operator (its distribution company's machine client): `sandbox/meter.<REGION>`. */
export const METER_SCOPE_PREFIX = "sandbox/meter.";
export const METER_SCOPES: readonly string[] = REGIONS.map((r) => `${METER_SCOPE_PREFIX}${r}`);

export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** Who may call: nobody is implied; `public` must be said out loud. */
export type Access =
  | { readonly public: true }
  | { readonly public?: false; readonly groups: readonly Group[]; readonly scopes?: readonly string[] };

/** What the function may touch: drives IAM grants on AWS. */
export interface Touches {
  readonly table: "read" | "write";
  /** Documents bucket: read = HeadObject/GetObject (download links, confirm checks); write = presigned uploads. */
  readonly documents?: "read" | "write";
  /** Audit checkpoint bucket. */
  readonly checkpoints?: "read" | "write";
  /** The audit log's checkpoint key (KMS): sign = kms:Sign and kms:GetPublicKey. */
  readonly logKey?: "sign";
  /** Sends mail: ses:SendEmail on the configured identity only. */
  readonly mail?: boolean;
}

export interface RouteDef {
  /** Stable id, also the handler file name under lambdas/http (kebab-case). */
  readonly id: string;
  readonly method: Method;
  /** API Gateway style path with {params}. */
  readonly path: string;
  readonly access: Access;
  readonly touches: Touches;
  /** Changes state: honours Idempotency-Key (POST) and is refused to read-only identities. */
  readonly writes: boolean;
  /** Only in the local runtime (the dev issuer); never deployed. */
  readonly localOnly?: boolean;
  readonly summary: string;
}

const PUBLIC = { public: true } as const;
const APPLICANT = { groups: ["applicant"] } as const;
const REVIEWER = { groups: ["reviewer"] } as const;
const ADMIN = { groups: ["admin"] } as const;
const AUDITOR = { groups: ["auditor"], scopes: [AUDIT_SCOPE] } as const;
const APPLICANT_OR_REVIEWER = { groups: ["applicant", "reviewer"] } as const;
/** Any region's grid operator; the service then keeps it to its own region (domain/actor.ts gridRegions). */
export const GRID = { groups: [], scopes: METER_SCOPES } as const;
export const GRID_OR_ADMIN = { groups: ["admin"], scopes: METER_SCOPES } as const;
export const GRID_ADMIN_OR_REVIEWER = { groups: ["admin", "reviewer"], scopes: METER_SCOPES } as const;

const R = "read" as const;
const W = "write" as const;

export const ROUTES: readonly RouteDef[] = [
  // Public
  { id: "health", method: "GET", path: "/api/health", access: PUBLIC, touches: { table: R, documents: R }, writes: false, summary: "DynamoDB and S3 answer" },
  { id: "openapi", method: "GET", path: "/api/openapi.json", access: PUBLIC, touches: { table: R }, writes: false, summary: "The OpenAPI 3.1 document" },
  { id: "list-allocations", method: "GET", path: "/api/allocations", access: PUBLIC, touches: { table: R }, writes: false, summary: "Published rounds with MW per line" },
  { id: "get-allocation", method: "GET", path: "/api/allocations/{roundId}", access: PUBLIC, touches: { table: R }, writes: false, summary: "One round" },
  { id: "check-eligibility", method: "POST", path: "/api/eligibility", access: PUBLIC, touches: { table: R }, writes: false, summary: "Pre-check eligibility for energy" },
  { id: "list-register", method: "GET", path: "/api/register", access: PUBLIC, touches: { table: R }, writes: false, summary: "Licensed participants, JSON or CSV" },
  { id: "register-feed", method: "GET", path: "/api/register/feed.atom", access: PUBLIC, touches: { table: R }, writes: false, summary: "Atom 1.0 feed of the latest register changes" },
  { id: "get-register-entry", method: "GET", path: "/api/register/{licenceNumber}", access: PUBLIC, touches: { table: R }, writes: false, summary: "One licence, public fields" },

  // Applicant
  { id: "create-application", method: "POST", path: "/api/applications", access: APPLICANT, touches: { table: W }, writes: true, summary: "Create a DRAFT" },
  { id: "list-applications", method: "GET", path: "/api/applications", access: APPLICANT, touches: { table: R }, writes: false, summary: "Own applications" },
  { id: "get-application", method: "GET", path: "/api/applications/{id}", access: APPLICANT, touches: { table: R }, writes: false, summary: "One own application" },
  { id: "update-application", method: "PATCH", path: "/api/applications/{id}", access: APPLICANT, touches: { table: W }, writes: true, summary: "Edit a DRAFT or INFO_REQUESTED application" },
  { id: "check-application-eligibility", method: "GET", path: "/api/applications/{id}/eligibility", access: APPLICANT, touches: { table: R }, writes: false, summary: "Eligibility of the draft's energy request" },
  { id: "create-document", method: "POST", path: "/api/applications/{id}/documents", access: APPLICANT, touches: { table: W, documents: W }, writes: true, summary: "Start a presigned upload" },
  { id: "confirm-document", method: "POST", path: "/api/applications/{id}/documents/{documentId}/confirm", access: APPLICANT, touches: { table: W, documents: R }, writes: true, summary: "Verify an uploaded document" },
  { id: "get-document", method: "GET", path: "/api/applications/{id}/documents/{documentId}", access: APPLICANT, touches: { table: R, documents: R }, writes: false, summary: "Short-lived download link" },
  { id: "submit-application", method: "POST", path: "/api/applications/{id}/submit", access: APPLICANT, touches: { table: W }, writes: true, summary: "DRAFT -> SUBMITTED" },
  { id: "respond-application", method: "POST", path: "/api/applications/{id}/respond", access: APPLICANT, touches: { table: W }, writes: true, summary: "Answer an information request" },
  { id: "withdraw-application", method: "POST", path: "/api/applications/{id}/withdraw", access: APPLICANT, touches: { table: W }, writes: true, summary: "Withdraw before a decision" },
  { id: "list-notifications", method: "GET", path: "/api/notifications", access: APPLICANT, touches: { table: R }, writes: false, summary: "Own notices, newest first" },
  { id: "surrender-licence", method: "POST", path: "/api/licences/{licenceNumber}/surrender", access: APPLICANT, touches: { table: W }, writes: true, summary: "Licensee gives its licence back" },

  // Reviewer
  { id: "review-queue", method: "GET", path: "/api/review/queue", access: REVIEWER, touches: { table: R }, writes: false, summary: "Work queue sorted by due date" },
  { id: "review-get-application", method: "GET", path: "/api/review/applications/{id}", access: REVIEWER, touches: { table: R }, writes: false, summary: "The whole record" },
  { id: "review-get-document", method: "GET", path: "/api/review/applications/{id}/documents/{documentId}", access: REVIEWER, touches: { table: R, documents: R }, writes: false, summary: "Download link for a reviewer" },
  { id: "review-assign", method: "POST", path: "/api/review/applications/{id}/assign", access: REVIEWER, touches: { table: W }, writes: true, summary: "Assign to self" },
  { id: "review-request-info", method: "POST", path: "/api/review/applications/{id}/request-info", access: REVIEWER, touches: { table: W }, writes: true, summary: "Ask the applicant for information" },
  { id: "review-decision", method: "POST", path: "/api/review/applications/{id}/decision", access: REVIEWER, touches: { table: W }, writes: true, summary: "Approve, reject or return" },
  { id: "suspend-licence", method: "POST", path: "/api/licences/{licenceNumber}/suspend", access: REVIEWER, touches: { table: W }, writes: true, summary: "Suspend a licence" },
  { id: "reinstate-licence", method: "POST", path: "/api/licences/{licenceNumber}/reinstate", access: REVIEWER, touches: { table: W }, writes: true, summary: "Reinstate a suspended licence" },
  { id: "revoke-licence", method: "POST", path: "/api/licences/{licenceNumber}/revoke", access: REVIEWER, touches: { table: W }, writes: true, summary: "Revoke a licence, releasing its MW" },
  { id: "get-licence", method: "GET", path: "/api/licences/{licenceNumber}", access: APPLICANT_OR_REVIEWER, touches: { table: R }, writes: false, summary: "A licence: the licensee's own, or any for a reviewer" },

  // Supervision after the licence (the licensee, or reviewers; another firm's records do not exist)
  { id: "list-returns", method: "GET", path: "/api/licences/{licenceNumber}/returns", access: APPLICANT_OR_REVIEWER, touches: { table: R }, writes: false, summary: "Every return period from the first to the current one" },
  { id: "file-return", method: "PUT", path: "/api/licences/{licenceNumber}/returns/{period}", access: APPLICANT, touches: { table: W }, writes: true, summary: "File (or file again, with If-Match) a periodic return" },
  { id: "accept-return", method: "POST", path: "/api/licences/{licenceNumber}/returns/{period}/accept", access: REVIEWER, touches: { table: W }, writes: true, summary: "FILED -> ACCEPTED" },
  { id: "query-return", method: "POST", path: "/api/licences/{licenceNumber}/returns/{period}/query", access: REVIEWER, touches: { table: W }, writes: true, summary: "FILED -> QUERIED" },
  { id: "report-incident", method: "POST", path: "/api/licences/{licenceNumber}/incidents", access: APPLICANT, touches: { table: W }, writes: true, summary: "Report an incident (late after 72 hours; HIGH opens a case)" },
  { id: "mark-milestone", method: "POST", path: "/api/licences/{licenceNumber}/milestones/{milestoneId}", access: REVIEWER, touches: { table: W }, writes: true, summary: "Mark a test plan milestone MET, MISSED or WAIVED" },
  { id: "request-extension", method: "POST", path: "/api/licences/{licenceNumber}/extension", access: APPLICANT, touches: { table: W }, writes: true, summary: "Ask for 1-6 more months in the term's last 90 days" },
  { id: "decide-extension", method: "POST", path: "/api/licences/{licenceNumber}/extension/decision", access: REVIEWER, touches: { table: W }, writes: true, summary: "Approve (the expiry moves) or refuse an extension" },
  { id: "file-exit-report", method: "POST", path: "/api/licences/{licenceNumber}/exit-report", access: APPLICANT, touches: { table: W }, writes: true, summary: "File the exit report (last 60 days, or early)" },
  { id: "decide-exit", method: "POST", path: "/api/licences/{licenceNumber}/exit", access: REVIEWER, touches: { table: W }, writes: true, summary: "GRADUATED or EXITED: ends the licence, releasing its MW" },
  { id: "vary-licence", method: "POST", path: "/api/licences/{licenceNumber}/vary", access: REVIEWER, touches: { table: W }, writes: true, summary: "Vary a licence down to fewer MW, releasing the difference" },
  { id: "list-licence-cases", method: "GET", path: "/api/licences/{licenceNumber}/cases", access: APPLICANT, touches: { table: R }, writes: false, summary: "The licensee's own compliance cases" },
  { id: "supervision-queue", method: "GET", path: "/api/supervision/queue", access: REVIEWER, touches: { table: R }, writes: false, summary: "Filed returns, open cases, extension requests, exit reports; oldest first" },
  { id: "list-cases", method: "GET", path: "/api/cases", access: REVIEWER, touches: { table: R }, writes: false, summary: "Compliance cases" },
  { id: "get-case", method: "GET", path: "/api/cases/{caseId}", access: REVIEWER, touches: { table: R }, writes: false, summary: "One compliance case" },
  { id: "resolve-case", method: "POST", path: "/api/cases/{caseId}/resolve", access: REVIEWER, touches: { table: W }, writes: true, summary: "OPEN -> RESOLVED" },
  { id: "escalate-case", method: "POST", path: "/api/cases/{caseId}/escalate", access: REVIEWER, touches: { table: W }, writes: true, summary: "OPEN -> ESCALATED, suspending the licence" },

  // Admin
  { id: "publish-round", method: "POST", path: "/api/allocations", access: ADMIN, touches: { table: W }, writes: true, summary: "Publish an allocation round" },
  { id: "amend-round", method: "POST", path: "/api/allocations/{roundId}/amendments", access: ADMIN, touches: { table: W }, writes: true, summary: "Amend one line of a round" },

  // Energy: curtailment (a region's grid operator or an admin declares; licensees acknowledge; the operator answers)
  { id: "declare-curtailment", method: "POST", path: "/api/curtailments", access: GRID_OR_ADMIN, touches: { table: W }, writes: true, summary: "Declare a curtailment event for a region's curtailable licences" },
  { id: "list-curtailments", method: "GET", path: "/api/curtailments", access: GRID_ADMIN_OR_REVIEWER, touches: { table: R }, writes: false, summary: "Curtailment events, newest start first (a grid operator: its regions)" },
  { id: "get-curtailment", method: "GET", path: "/api/curtailments/{id}", access: GRID_ADMIN_OR_REVIEWER, touches: { table: R }, writes: false, summary: "One curtailment event with each target's acknowledgement and outcome" },
  { id: "ack-curtailment", method: "POST", path: "/api/curtailments/{id}/ack", access: APPLICANT, touches: { table: W }, writes: true, summary: "The licensee of a targeted licence acknowledges the event" },
  { id: "respond-curtailment", method: "POST", path: "/api/curtailments/{id}/responses", access: GRID, touches: { table: W }, writes: true, summary: "After the end: each target's average MW, COMPLIED or FAILED (a case)" },
  { id: "list-licence-curtailments", method: "GET", path: "/api/licences/{licenceNumber}/curtailments", access: APPLICANT, touches: { table: R }, writes: false, summary: "The events that targeted the licensee's own licence" },

  // Energy: metering and utilisation (a region's grid operator posts readings; licensees and reviewers read a licence's months; anyone reads a round's usage)
  { id: "post-meter-readings", method: "POST", path: "/api/meter-readings", access: GRID, touches: { table: W }, writes: true, summary: "Up to 500 readings (licence, month, MWh, peak MW), validated whole, stored in chunks" },
  { id: "get-licence-energy", method: "GET", path: "/api/licences/{licenceNumber}/energy", access: APPLICANT_OR_REVIEWER, touches: { table: R }, writes: false, summary: "Per month of the licence: allowed MW, peak, MWh, load factor and status" },
  { id: "energy-usage", method: "GET", path: "/api/energy/usage", access: PUBLIC, touches: { table: R }, writes: false, summary: "A round's offered and approved MW, metered MWh and utilisation per line and month" },

  // Auditor (read only)
  { id: "audit-list-applications", method: "GET", path: "/api/audit/applications", access: AUDITOR, touches: { table: R }, writes: false, summary: "Every application" },
  { id: "audit-get-application", method: "GET", path: "/api/audit/applications/{id}", access: AUDITOR, touches: { table: R }, writes: false, summary: "One application with history and document metadata" },
  { id: "audit-list-licences", method: "GET", path: "/api/audit/licences", access: AUDITOR, touches: { table: R }, writes: false, summary: "Every licence with MW and status history" },
  { id: "audit-list-events", method: "GET", path: "/api/audit/events", access: AUDITOR, touches: { table: R }, writes: false, summary: "Audit events in order" },
  { id: "audit-events-head", method: "GET", path: "/api/audit/events/head", access: AUDITOR, touches: { table: R }, writes: false, summary: "The latest checkpoint's size and root, and what is still pending" },
  { id: "audit-event-proof", method: "GET", path: "/api/audit/events/{seq}/proof", access: AUDITOR, touches: { table: R }, writes: false, summary: "RFC 9162 inclusion proof of one event" },
  { id: "audit-consistency", method: "GET", path: "/api/audit/consistency", access: AUDITOR, touches: { table: R }, writes: false, summary: "RFC 9162 consistency proof between two tree sizes" },
  { id: "audit-get-checkpoint", method: "GET", path: "/api/audit/checkpoint", access: AUDITOR, touches: { table: R }, writes: false, summary: "The latest signed checkpoint (C2SP signed note)" },
  { id: "audit-checkpoint-key", method: "GET", path: "/api/audit/checkpoint/key", access: AUDITOR, touches: { table: R }, writes: false, summary: "The checkpoint key: origin, key name and C2SP vkey" },
  { id: "audit-list-checkpoints", method: "GET", path: "/api/audit/checkpoints", access: AUDITOR, touches: { table: R }, writes: false, summary: "Archived signed checkpoints, newest first" },
  { id: "audit-list-returns", method: "GET", path: "/api/audit/returns", access: AUDITOR, touches: { table: R }, writes: false, summary: "Every return with its history" },
  { id: "audit-list-cases", method: "GET", path: "/api/audit/cases", access: AUDITOR, touches: { table: R }, writes: false, summary: "Every compliance case with its history" },
  { id: "audit-list-curtailments", method: "GET", path: "/api/audit/curtailments", access: AUDITOR, touches: { table: R }, writes: false, summary: "Every curtailment event with its targets' acknowledgements and outcomes" },
  { id: "audit-list-meter-readings", method: "GET", path: "/api/audit/meter-readings", access: AUDITOR, touches: { table: R }, writes: false, summary: "Every meter reading with the values its corrections replaced" },
  { id: "audit-get-document", method: "GET", path: "/api/audit/documents/{documentId}", access: AUDITOR, touches: { table: R, documents: R }, writes: false, summary: "Download link for any document" },
];

/** Scheduled (not HTTP) functions, deployed by CDK and run by timers in the local runtime. */
export interface JobDef {
  readonly id: string;
  readonly schedule: string;
  readonly touches: Touches;
  readonly summary: string;
  /**
   * Also woken by the table's stream whenever a change commits an audit event, one run at a time
   * (reserved concurrency 1); the schedule is then the sweep for missed wake-ups.
   */
  readonly onAuditEvents?: boolean;
}
export const JOBS: readonly JobDef[] = [
  { id: "expire-licences", schedule: "rate(1 hour)", touches: { table: W }, summary: "Expire licences past expiresAt, releasing MW" },
  {
    id: "audit-sequencer",
    schedule: "rate(1 minute)",
    touches: { table: W, logKey: "sign" },
    onAuditEvents: true,
    summary: "Number pending audit events, extend the Merkle log and sign its checkpoint",
  },
  { id: "audit-checkpoint", schedule: "rate(1 day)", touches: { table: W, checkpoints: W }, summary: "Archive the latest signed checkpoint to the Object Lock bucket" },
  { id: "late-returns", schedule: "rate(1 day)", touches: { table: W }, summary: "Mark returns past due and unfiled LATE, opening a LATE_RETURN case" },
  { id: "notifier", schedule: "rate(1 minute)", touches: { table: W, mail: true }, summary: "Notices and register-feed entries from the sequenced events; sends the mail" },
  { id: "reminders", schedule: "rate(1 day)", touches: { table: W }, summary: "Expiry and return reminders, once per threshold" },
];

export function routeById(id: string): RouteDef {
  const route = ROUTES.find((r) => r.id === id);
  if (!route) throw new Error(`route ${id} is not in the manifest`);
  return route;
}
