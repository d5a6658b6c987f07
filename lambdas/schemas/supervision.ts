import * as z from "zod";
import { CATEGORIES, Id, LICENCE_STATUSES, LIMITS, Page, REGIONS, isoDate, page, message, mw, name } from "./common.ts";

// Supervision after the licence (docs/api.md "Supervision"): test plans, periodic returns, incidents,
// compliance cases, extensions, exit. Browser-safe: the web app's forms use these for their messages.

export const REPORTING = ["MONTHLY", "QUARTERLY"] as const;
export type Reporting = (typeof REPORTING)[number];
export const MILESTONE_STATUSES = ["PENDING", "MET", "MISSED", "WAIVED"] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];
export const RETURN_STATUSES = ["DUE", "FILED", "LATE", "ACCEPTED", "QUERIED"] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];
export const CASE_KINDS = ["LIMIT_BREACH", "LATE_RETURN", "OVERDRAW", "UNDERUSE", "CURTAILMENT_FAILURE", "INCIDENT"] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export const CASE_STATUSES = ["OPEN", "RESOLVED", "ESCALATED"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const INCIDENT_KINDS = ["CYBER", "FRAUD", "AML", "OUTAGE", "GRID", "CUSTOMER_HARM", "OTHER"] as const;
export const SEVERITIES = ["LOW", "MEDIUM", "HIGH"] as const;
export const QUEUE_KINDS = ["RETURN", "CASE", "EXTENSION", "EXIT_REPORT"] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];

const count = () => z.number({ error: "must be a number" }).int("a whole number").min(0, "must not be negative").max(1e12, "at most 1e12");
const usd = () => z.number({ error: "must be a number" }).min(0, "must not be negative").max(1e15, "at most 1e15");

/** VASP limits (energy licences are limited by their approved MW instead). */
export const Limits = z.strictObject({ maxCustomers: count().optional(), maxClientAssetsUsd: usd().optional(), maxTransactionUsd: usd().optional() });
export type Limits = z.infer<typeof Limits> & { maxPeakMw?: number };

export const MilestoneInput = z.strictObject({ title: name(), dueDate: isoDate() });
/** The decision body's testPlan: every part optional (MONTHLY, the category's limits, no milestones). */
export const TestPlanInput = z.strictObject({
  reporting: z.enum(REPORTING).optional(),
  limits: Limits.optional(),
  milestones: z.array(MilestoneInput).max(20, "at most 20 milestones").optional(),
});
export type TestPlanInput = z.infer<typeof TestPlanInput>;

export const Milestone = z.strictObject({ milestoneId: z.string(), title: z.string(), dueDate: z.string(), status: z.enum(MILESTONE_STATUSES), reason: z.string().optional(), markedAt: z.string().optional(), markedBy: z.string().optional() });
export type Milestone = z.infer<typeof Milestone>;
export const TestPlan = z.strictObject({ reporting: z.enum(REPORTING), limits: z.strictObject({ maxCustomers: z.number().optional(), maxClientAssetsUsd: z.number().optional(), maxTransactionUsd: z.number().optional(), maxPeakMw: z.number().optional() }), milestones: z.array(Milestone) });
export type TestPlan = z.infer<typeof TestPlan>;

/** YYYY-MM or YYYY-Qn. */
export const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, "a period as YYYY-MM or YYYY-Qn");
// Spelled as in review.ts LicenceParams (which imports this module for the decision's testPlan).
const licenceNumber = z.string().regex(/^PCC-(BTC|AIDC|VASP)-\d{4}-\d{6}$/, "a licence number like PCC-BTC-2026-000017");
export const ReturnParams = z.strictObject({ licenceNumber, period: Period });
export const MilestoneParams = z.strictObject({ licenceNumber, milestoneId: Id });
export const CaseParams = z.strictObject({ caseId: Id });

export const Kpis = z.strictObject({
  customers: count().optional(),
  clientAssetsUsd: usd().optional(),
  transactionsCount: count().optional(),
  transactionsUsd: usd().optional(),
  energyMwh: z.number({ error: "must be a number" }).min(0, "must not be negative").max(1e9, "at most 1e9").optional(),
  peakMw: z.number({ error: "must be a number" }).min(0, "must not be negative").max(LIMITS.maxLineMw, `at most ${LIMITS.maxLineMw}`).optional(),
  uptimePercent: z.number({ error: "must be a number" }).min(0, "at least 0").max(100, "at most 100").optional(),
  pue: z.number({ error: "must be a number" }).min(1, "at least 1").max(10, "at most 10").optional(),
});
export type Kpis = z.infer<typeof Kpis>;

export const IncidentInput = z.strictObject({
  occurredAt: z.iso.datetime({ offset: true, message: "an ISO 8601 date-time" }),
  kind: z.enum(INCIDENT_KINDS),
  severity: z.enum(SEVERITIES),
  description: message(),
});
export type IncidentInput = z.infer<typeof IncidentInput>;

export const FileReturn = z.strictObject({
  kpis: Kpis,
  incidents: z.array(IncidentInput).max(20, "at most 20 incidents a return").optional(),
  complaints: count(),
  safeguardsMet: z.boolean({ error: "true or false" }),
  narrative: message().optional(),
  attestation: z.strictObject({ name: name(), title: name() }),
});
export type FileReturn = z.infer<typeof FileReturn>;

export const AcceptReturn = z.strictObject({ note: message().optional() }).optional();
export const QueryReturn = z.strictObject({ message: message() });
export const MarkMilestone = z.strictObject({ status: z.enum(["MET", "MISSED", "WAIVED"]), reason: message() });
export const ExtensionRequest = z.strictObject({ months: z.number({ error: "must be a number" }).int("a whole number of months").min(1, "at least 1").max(6, "at most 6"), reason: message() });
export const ExtensionDecision = z.strictObject({ decision: z.enum(["approve", "refuse"]), reason: message() });
export const ExitReport = z.strictObject({
  outcomesAchieved: z.union([z.boolean(), message()]),
  summary: message(),
  customersTransitioned: z.union([message(), count(), z.boolean()]),
  early: z.boolean({ error: "true or false" }).optional(),
});
export type ExitReport = z.infer<typeof ExitReport>;
export const ExitDecision = z.strictObject({ outcome: z.enum(["GRADUATED", "EXITED"]), reason: message() });
export const VaryLicence = z.strictObject({ approvedMw: mw({ max: LIMITS.maxMw }), reason: message() });
export const CaseReason = z.strictObject({ reason: message() });

export const CasesQuery = Page.extend({ licenceNumber: licenceNumber.optional(), kind: z.enum(CASE_KINDS).optional(), status: z.enum(CASE_STATUSES).optional() });
export const LicenceCasesQuery = Page.extend({ kind: z.enum(CASE_KINDS).optional(), status: z.enum(CASE_STATUSES).optional() });
/** `kind` is what waits (RETURN, CASE, EXTENSION, EXIT_REPORT) or, for cases, the case's own kind. */
export const SupervisionQueueQuery = Page.extend({ kind: z.enum([...QUEUE_KINDS, ...CASE_KINDS]).optional(), licenceNumber: licenceNumber.optional() });
export const AuditReturnsQuery = Page.extend({ licenceNumber: licenceNumber.optional(), period: Period.optional(), status: z.enum(RETURN_STATUSES).optional() });
export const AuditCasesQuery = CasesQuery;

// --- Responses (the OpenAPI document, the contract test and the web app's types) -------------------
// Strict: an answer carrying a field not named here fails test/api/contract.test.ts. `cause`, an
// event's `data` and a queue entry's `record` are open by design (they differ by kind).

const open = () => z.record(z.string(), z.unknown());
const FilingView = z.strictObject({
  kpis: Kpis,
  incidents: z.array(IncidentInput).optional(),
  complaints: z.number(),
  safeguardsMet: z.boolean(),
  narrative: z.string().optional(),
  attestation: z.strictObject({ name: z.string(), title: z.string() }),
});
export const ReturnHistoryEntry = z.strictObject({
  at: z.string(),
  action: z.enum(["file", "accept", "query", "mark-late"]),
  by: z.string(),
  status: z.enum(RETURN_STATUSES),
  filing: FilingView.optional(),
  note: z.string().optional(),
  message: z.string().optional(),
});
export const ReturnView = z.strictObject({
  licenceNumber: z.string(),
  period: z.string(),
  status: z.enum(RETURN_STATUSES),
  dueAt: z.string(),
  version: z.number().int(),
  updatedAt: z.string(),
  filedAt: z.string().optional(),
  late: z.boolean().optional(),
  kpis: Kpis.optional(),
  incidents: z.array(IncidentInput).optional(),
  complaints: z.number().optional(),
  safeguardsMet: z.boolean().optional(),
  narrative: z.string().optional(),
  attestation: z.strictObject({ name: z.string(), title: z.string() }).optional(),
  filings: z.number().int(),
  queryMessage: z.string().optional(),
  acceptedNote: z.string().optional(),
  history: z.array(ReturnHistoryEntry),
});
export type ReturnView = z.output<typeof ReturnView>;
export const ReturnList = z.strictObject({ items: z.array(ReturnView) });
export const CaseRef = z.strictObject({ caseId: z.string(), kind: z.enum(CASE_KINDS) });
export const FiledReturn = ReturnView.extend({ casesOpened: z.array(CaseRef) });
export const CaseHistoryEntry = z.strictObject({ at: z.string(), action: z.enum(["open", "resolve", "escalate"]), by: z.string(), status: z.enum(CASE_STATUSES), reason: z.string().optional() });
export const CaseView = z.strictObject({
  caseId: z.string(),
  licenceNumber: z.string(),
  kind: z.enum(CASE_KINDS),
  status: z.enum(CASE_STATUSES),
  repeat: z.boolean(),
  openedAt: z.string(),
  cause: open(),
  history: z.array(CaseHistoryEntry),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type CaseView = z.output<typeof CaseView>;
export const CasePage = page(CaseView);
export const ReturnPage = page(ReturnView);
export const IncidentCreated = z.strictObject({ incidentId: z.string(), late: z.boolean(), caseId: z.string().optional() });
export const ExtensionView = z.strictObject({
  licenceNumber: z.string(),
  status: z.enum(["PENDING", "APPROVED", "REFUSED"]),
  months: z.number().int(),
  reason: z.string(),
  requestedAt: z.string(),
  requestedBy: z.string(),
  decidedAt: z.string().optional(),
  decidedBy: z.string().optional(),
  decisionReason: z.string().optional(),
  requests: z.number().int(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type ExtensionView = z.output<typeof ExtensionView>;
export const ExitReportView = z.strictObject({
  licenceNumber: z.string(),
  status: z.enum(["REPORTED", "DECIDED"]),
  outcomesAchieved: z.union([z.boolean(), z.string()]),
  summary: z.string(),
  customersTransitioned: z.union([z.string(), z.number(), z.boolean()]),
  early: z.boolean(),
  reportedAt: z.string(),
  reportedBy: z.string(),
  outcome: z.enum(["GRADUATED", "EXITED"]).optional(),
  decidedAt: z.string().optional(),
  decidedBy: z.string().optional(),
  decisionReason: z.string().optional(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export const QueueItem = z.strictObject({
  kind: z.enum(QUEUE_KINDS),
  licenceNumber: z.string(),
  since: z.string(),
  status: z.string().optional(),
  period: z.string().optional(),
  caseId: z.string().optional(),
  caseKind: z.enum(CASE_KINDS).optional(),
  record: open(),
});
export type QueueItem = z.output<typeof QueueItem>;
export const QueuePage = page(QueueItem);

export const StatusChange = z.strictObject({ at: z.string(), from: z.enum(LICENCE_STATUSES).nullable(), to: z.enum(LICENCE_STATUSES), by: z.string(), reason: z.string() });
export type StatusChange = z.output<typeof StatusChange>;
const licenceFields = {
  licenceNumber: z.string(),
  applicationId: z.string(),
  legalName: z.string(),
  category: z.enum(CATEGORIES),
  region: z.enum(REGIONS).optional(),
  approvedMw: z.number().optional(),
  roundId: z.string().optional(),
  status: z.enum(LICENCE_STATUSES),
  conditions: z.array(z.string()),
  issuedAt: z.string(),
  expiresAt: z.string(),
  termMonths: z.number().int(),
  version: z.number().int(),
  updatedAt: z.string(),
  statusHistory: z.array(StatusChange),
};
/** The licensee and reviewers (domain/licence.ts licenceView): never whose it is, with its test plan. */
export const LicenceView = z.strictObject({ ...licenceFields, testPlan: TestPlan });
export type LicenceView = z.output<typeof LicenceView>;
/** Auditors (auditLicenceView): the stored record, including the holder and the firm. */
export const AuditLicenceView = z.strictObject({ ...licenceFields, holderSub: z.string(), firm: z.string().optional(), testPlan: TestPlan.optional() });
export const AuditLicencePage = page(AuditLicenceView);
/** POST .../extension/decision: the licence (its expiry moved on approval) and the decided request. */
export const DecidedExtension = LicenceView.extend({ extension: ExtensionView });
