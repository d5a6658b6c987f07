import * as z from "zod";
import { CATEGORIES, LICENCE_STATUSES, Page, REGIONS, message, mw, LIMITS, page } from "./common.ts";
import { APPLICATION_STATUSES, ApplicantApplication, type StaffApplication } from "./application.ts";
import { LicenceView, TestPlanInput, type AuditLicenceView } from "./supervision.ts";

// Reviewer and licence actions (docs/api.md "Reviewer", "Applicant" surrender).

export const DECISIONS = ["approve", "reject", "return"] as const;

export const Decision = z
  .strictObject({
    decision: z.enum(DECISIONS),
    reason: message(),
    approvedMw: mw({ max: LIMITS.maxMw }).optional(),
    conditions: z.array(message()).max(50, "at most 50 conditions").optional(),
    termMonths: z.number().int("a whole number of months").min(1).max(60).optional(),
    testPlan: TestPlanInput.optional(),
  })
  .superRefine((d, ctx) => {
    if (d.decision !== "approve") {
      for (const field of ["approvedMw", "conditions", "termMonths", "testPlan"] as const) {
        if (d[field] !== undefined) ctx.addIssue({ code: "custom", path: [field], message: "only with decision approve" });
      }
    }
  });
export type Decision = z.infer<typeof Decision>;

export const RequestInfo = z.strictObject({ message: message() });
export const ReasonBody = z.strictObject({ reason: message() });

export const QUEUE_STATUSES = ["SUBMITTED", "UNDER_REVIEW", "INFO_REQUESTED", "PENDING_SECOND_APPROVAL"] as const;

export const QueueQuery = Page.extend({
  status: z.enum(QUEUE_STATUSES).optional(),
  category: z.enum(CATEGORIES).optional(),
  region: z.enum(REGIONS).optional(),
});

// Defined with the building blocks so supervision.ts (which this module imports) can name them too.
export { LICENCE_STATUSES, type LicenceStatus } from "./common.ts";

export const RegisterQuery = Page.extend({
  category: z.enum(CATEGORIES).optional(),
  region: z.enum(REGIONS).optional(),
  status: z.enum(LICENCE_STATUSES).optional(),
  format: z.enum(["json", "csv"]).default("json"),
});

/** GET /api/audit/licences: the register's filters and paging, without its CSV format. */
export const AuditLicencesQuery = Page.extend({
  category: z.enum(CATEGORIES).optional(),
  region: z.enum(REGIONS).optional(),
  status: z.enum(LICENCE_STATUSES).optional(),
});

export const LicenceParams = z.strictObject({
  licenceNumber: z.string().regex(/^PCC-(BTC|AIDC|VASP)-\d{4}-\d{6}$/, "a licence number like PCC-BTC-2026-000017"),
});

export const AuditApplicationsQuery = Page.extend({
  status: z.enum(APPLICATION_STATUSES).optional(),
  category: z.enum(CATEGORIES).optional(),
  region: z.enum(REGIONS).optional(),
  updatedFrom: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  updatedTo: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
}).superRefine((q, ctx) => {
  // A date alone as the end means the whole of that day (as the list reads it).
  if (q.updatedFrom === undefined || q.updatedTo === undefined) return;
  const end = /^\d{4}-\d{2}-\d{2}$/.test(q.updatedTo) ? Date.parse(`${q.updatedTo}T23:59:59.999Z`) : Date.parse(q.updatedTo);
  if (Date.parse(q.updatedFrom) > end) ctx.addIssue({ code: "custom", path: ["updatedFrom"], message: "must not be after updatedTo" });
});

/** GET /api/audit/events: `afterSeq` or the opaque `cursor` (the same position); the list's limit and default. */
export const EventsQuery = Page.extend({
  afterSeq: z.coerce.number().int("a whole number").min(0).max(999_999_999_999).optional(),
});

const seqNumber = () => z.coerce.number().int("a whole number").min(1).max(999_999_999_999);

/** GET /api/audit/events/{seq}/proof */
export const ProofParams = z.strictObject({ seq: seqNumber() });
/** `treeSize`: default the latest checkpoint's. */
export const ProofQuery = z.strictObject({ treeSize: seqNumber().optional() });

/** GET /api/audit/consistency: 0 < from <= to <= the latest checkpoint's size. */
export const ConsistencyQuery = z
  .strictObject({ from: seqNumber(), to: seqNumber() })
  .refine((q) => q.from <= q.to, { path: ["from"], message: "must be at most to" });

// --- Responses -------------------------------------------------------------------------------------

/** The public register: built field by field (domain/licence.ts publicLicence), nothing personal. */
export const RegisterEntry = z.strictObject({
  licenceNumber: z.string(),
  legalName: z.string(),
  category: z.enum(CATEGORIES),
  region: z.enum(REGIONS).optional(),
  approvedMw: z.number().optional(),
  status: z.enum(LICENCE_STATUSES),
  issuedAt: z.string(),
  expiresAt: z.string(),
  conditions: z.array(z.string()),
});
export type RegisterEntry = z.output<typeof RegisterEntry>;
export const RegisterPage = page(RegisterEntry);

/** GET /api/applications/{id}: the applicant's view, with the licence once one is issued. */
export const OwnApplication = ApplicantApplication.extend({ licence: LicenceView.optional() });
export type OwnApplication = z.output<typeof OwnApplication>;

// The web app's types for pages that show more than one view of a record (type-only: nothing here
// reaches the browser bundle). Each is the narrowest view, plus the wider views' fields as optional.

/** An application as any caller reads it: the applicant's view, staff fields where staff read it. */
export type Application = OwnApplication & Partial<Omit<z.output<typeof StaffApplication>, keyof OwnApplication>>;
/** A licence as any caller reads it: the public register's fields, the rest for the licensee, reviewers and auditors. */
export type Licence = RegisterEntry & Partial<Omit<z.output<typeof AuditLicenceView>, keyof RegisterEntry>>;
