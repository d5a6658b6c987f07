import { Conflict, Forbidden, NotFound, ValidationError, type DomainError, type FieldError } from "./errors.ts";
import type { Approval, ApplicationRecord } from "./application.ts";
import { LICENCE_WORKFLOW, type LicenceAction, type LicenceGuard, type LicenceRow } from "./workflow.ts";
import { checkTransition } from "./transitions.ts";
import type { Group } from "../route-def.ts";
import { isEnergyCategory, toKw, type Category, type Region } from "../schemas/common.ts";
import type { Decision, LicenceStatus } from "../schemas/review.ts";
import type { TestPlan } from "../schemas/supervision.ts";
import { proposeTestPlan, testPlanMismatch } from "./test-plan.ts";

// Pure rules for licences: numbers, terms, status changes and what each audience may see.

export const LICENCE_CODES: Record<Category, "BTC" | "AIDC" | "VASP"> = {
  BITCOIN_MINING: "BTC",
  AI_DATA_CENTRE: "AIDC",
  VIRTUAL_ASSET_SERVICE: "VASP",
};

export const MAX_LICENCE_SEQUENCE = 999_999;

/** `PCC-BTC-2026-000017`: category code, year of issue, the gap-free sequence within both. */
export function formatLicenceNumber(category: Category, year: number, seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 1 || seq > MAX_LICENCE_SEQUENCE) throw new RangeError(`licence sequence out of range: ${seq}`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`licence year out of range: ${year}`);
  return `PCC-${LICENCE_CODES[category]}-${year}-${String(seq).padStart(6, "0")}`;
}

export function parseLicenceNumber(number: string): { code: string; year: number; seq: number } | undefined {
  const match = /^PCC-(BTC|AIDC|VASP)-(\d{4})-(\d{6})$/.exec(number);
  return match ? { code: match[1], year: Number(match[2]), seq: Number(match[3]) } : undefined;
}

/**
 * Calendar months in UTC, clamped to the last day of a shorter month (31 Jan + 1 month = 28/29 Feb),
 * so a 12-month term issued on 29 Feb ends on 28 Feb the next year rather than spilling into March.
 */
export function addMonths(iso: string, months: number): string {
  const d = new Date(iso);
  const targetMonth = d.getUTCMonth() + months;
  const year = d.getUTCFullYear() + Math.floor(targetMonth / 12);
  const month = ((targetMonth % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  return new Date(Date.UTC(year, month, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds())).toISOString();
}

export interface StatusChange {
  at: string;
  from: LicenceStatus | null;
  to: LicenceStatus;
  by: string;
  reason: string;
}

export interface LicenceRecord {
  licenceNumber: string;
  applicationId: string;
  /** The applicant whose application it was: the only one who may surrender it. Never public. */
  holderSub: string;
  legalName: string;
  category: Category;
  region?: Region;
  approvedMw?: number;
  roundId?: string;
  /**
   * The company (domain/firm.ts firmKey of its registration number) whose per-line holding this
   * licence's MW were added to at issue; released from it when the licence ends. Never public.
   */
  firm?: string;
  status: LicenceStatus;
  conditions: string[];
  issuedAt: string;
  expiresAt: string;
  termMonths: number;
  version: number;
  updatedAt: string;
  statusHistory: StatusChange[];
  /** Set at approval; licences issued before test plans existed read as the defaults (licenceView). */
  testPlan?: TestPlan;
}

/** What approval knows when it issues a licence; the rest of the record follows from it. */
export type IssueInput = Omit<LicenceRecord, "status" | "issuedAt" | "expiresAt" | "version" | "updatedAt" | "statusHistory"> & {
  issuedBy: string;
  reason: string;
};

export function issueLicence(input: IssueInput, now: string): LicenceRecord {
  const { issuedBy, reason, ...rest } = input;
  return {
    ...rest,
    status: "ACTIVE",
    issuedAt: now,
    expiresAt: addMonths(now, input.termMonths),
    version: 1,
    updatedAt: now,
    statusHistory: [{ at: now, from: null, to: "ACTIVE", by: issuedBy, reason }],
  };
}

/** At most 2,000-character reasons x 100 changes: well inside one item. */
export const MAX_STATUS_CHANGES = 100;

/** Who is acting on a licence: an HTTP caller's groups, or the scheduled expiry job. */
export type LicenceRole = Group | "system";

/** One guard of LICENCE_WORKFLOW on the licence as read ("not-own-firm" beyond the holder is the engine's, store/firms.ts). */
export function licenceGuard(guard: LicenceGuard, licence: LicenceRecord, by: { sub: string }): DomainError | undefined {
  switch (guard) {
    case "holder":
      return licence.holderSub !== by.sub ? new NotFound("No such licence.") : undefined;
    case "not-own-firm":
      return licence.holderSub === by.sub ? new Forbidden("You cannot act as reviewer on your own licence.") : undefined;
    case "history-room":
      // The history lives in the licence item, so it is bounded (DynamoDB items are at most 400 KB): a licence
      // that has changed status this often needs the council's attention, not another suspend/reinstate
      // (ending it, which adds one last entry, stays possible).
      return licence.statusHistory.length >= MAX_STATUS_CHANGES
        ? new Conflict(`This licence has had ${MAX_STATUS_CHANGES} status changes, the most one licence records; revoke it or issue a new one.`)
        : undefined;
  }
}

/** Checks the action against LICENCE_WORKFLOW, the caller's roles and the row's guards; returns the row and the changed licence. */
export function changeLicenceStatus(
  licence: LicenceRecord,
  action: LicenceAction,
  by: { sub: string; roles: readonly LicenceRole[] },
  reason: string,
  now: string,
): { row: LicenceRow; next: LicenceRecord } {
  const row = checkTransition(LICENCE_WORKFLOW, licence.status, action, by.roles, (g) => licenceGuard(g, licence, by), "the licence");
  return { row, next: licenceAfter(licence, row, by.sub, reason, now) };
}

/** The licence once a row has been taken: the new status, one more history entry, the next version. */
export function licenceAfter(licence: LicenceRecord, row: LicenceRow, by: string, reason: string, now: string): LicenceRecord {
  return {
    ...licence,
    status: row.next,
    version: licence.version + 1,
    updatedAt: now,
    statusHistory: [...licence.statusHistory, { at: now, from: licence.status, to: row.next, by, reason }],
  };
}

/** Still counted against its allocation line (the ledger's definition of "held"). */
export const HOLDS_MW: readonly LicenceStatus[] = ["ACTIVE", "SUSPENDED"];

export function isDueToExpire(licence: Pick<LicenceRecord, "status" | "expiresAt">, now: string): boolean {
  return HOLDS_MW.includes(licence.status) && licence.expiresAt <= now;
}

// --- Approval terms and four eyes ----------------------------------------------------------------

/**
 * The terms a reviewer approves, checked against the application: MW only for energy categories,
 * defaulting to what was requested, greater than 0 and never more than requested.
 */
export function approvalTerms(
  record: Pick<ApplicationRecord, "category" | "energy">,
  decision: Pick<Decision, "approvedMw" | "conditions" | "termMonths" | "reason" | "testPlan">,
  by: string,
  now: string,
  defaultTermMonths: number,
): Approval {
  const terms: Approval = { by, at: now, conditions: decision.conditions ?? [], termMonths: decision.termMonths ?? defaultTermMonths, reason: decision.reason };
  if (!isEnergyCategory(record.category)) {
    if (decision.approvedMw !== undefined) {
      throw new ValidationError("Virtual asset service licences carry no MW.", [{ path: "approvedMw", message: "only for energy categories" }]);
    }
    return { ...terms, testPlan: proposeTestPlan(record.category, undefined, decision.testPlan) };
  }
  const requested = record.energy?.requestedMw;
  if (requested === undefined) throw new Conflict("The application has no requested MW to approve.");
  const approvedMw = decision.approvedMw ?? requested;
  if (!(toKw(approvedMw) > 0) || toKw(approvedMw) > toKw(requested)) {
    throw new ValidationError(`approvedMw must be greater than 0 and at most the ${requested} MW requested.`, [
      { path: "approvedMw", message: `must be greater than 0 and at most ${requested} (the MW requested)` },
    ]);
  }
  return { ...terms, approvedMw, testPlan: proposeTestPlan(record.category, approvedMw, decision.testPlan) };
}

/** Four eyes: approving this many MW or more needs a second, different reviewer to confirm. */
export function needsSecondApproval(terms: Pick<Approval, "approvedMw">, fourEyesMw: number): boolean {
  return terms.approvedMw !== undefined && terms.approvedMw >= fourEyesMw;
}

/**
 * A second approval confirms the first approval's exact terms; any term it sends must match them.
 * Returns one field error per differing term (empty when it confirms).
 */
export function confirmationMismatches(first: Approval, decision: Pick<Decision, "approvedMw" | "conditions" | "termMonths" | "testPlan">): FieldError[] {
  const errors: FieldError[] = first.testPlan ? testPlanMismatch(first.testPlan, decision.testPlan) : [];
  if (decision.approvedMw !== undefined && toKw(decision.approvedMw) !== toKw(first.approvedMw ?? 0)) {
    errors.push({ path: "approvedMw", message: first.approvedMw === undefined ? "the first approval carries no MW" : `the first approval is for ${first.approvedMw} MW` });
  }
  if (decision.termMonths !== undefined && decision.termMonths !== first.termMonths) {
    errors.push({ path: "termMonths", message: `the first approval is for ${first.termMonths} months` });
  }
  if (decision.conditions !== undefined && JSON.stringify(decision.conditions) !== JSON.stringify(first.conditions)) {
    errors.push({ path: "conditions", message: "differ from the first approval's conditions" });
  }
  return errors;
}

// --- Views ----------------------------------------------------------------------------------------

export const PUBLIC_LICENCE_FIELDS = ["licenceNumber", "legalName", "category", "region", "approvedMw", "status", "issuedAt", "expiresAt", "conditions"] as const;

export interface PublicLicence {
  licenceNumber: string;
  legalName: string;
  category: Category;
  /** Energy licences only (docs/api.md "Licence": region?, approvedMw?). */
  region?: Region;
  approvedMw?: number;
  status: LicenceStatus;
  issuedAt: string;
  expiresAt: string;
  conditions: string[];
}

// Control, bidi and zero-width characters (and unpaired surrogates) never reach the public register,
// even from a record stored before the schemas refused them: line breaks become spaces, the rest go.
const REGISTER_UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200d\u2060\u202a-\u202e\u2066-\u2069\ufeff\uD800-\uDFFF]/gu;
export function registerText(s: string): string {
  return s.replace(/[\t\r\n]+/g, " ").replace(REGISTER_UNSAFE, "");
}

/** The register: built field by field (never by removing fields) so nothing personal can slip through. */
export function publicLicence(l: Pick<LicenceRecord, keyof PublicLicence>): PublicLicence {
  return {
    licenceNumber: l.licenceNumber,
    legalName: registerText(l.legalName),
    category: l.category,
    ...(l.region !== undefined ? { region: l.region } : {}),
    ...(l.approvedMw !== undefined ? { approvedMw: l.approvedMw } : {}),
    status: l.status,
    issuedAt: l.issuedAt,
    expiresAt: l.expiresAt,
    conditions: l.conditions.map(registerText),
  };
}

/** The licensee and reviewers (docs/api.md "Licence"), with its history of status changes. */
export function licenceView(l: LicenceRecord) {
  const { holderSub: _h, firm: _f, ...rest } = l;
  return { ...rest, testPlan: testPlanOf(l) };
}

/** The licence's test plan; one issued before plans existed reports monthly within its MW. */
export function testPlanOf(l: Pick<LicenceRecord, "testPlan" | "approvedMw">): TestPlan {
  return l.testPlan ?? { reporting: "MONTHLY", limits: l.approvedMw !== undefined ? { maxPeakMw: l.approvedMw } : {}, milestones: [] };
}

/** Auditors: everything, including whose licence it is. */
export function auditLicenceView(l: LicenceRecord) {
  return { ...l };
}

// --- CSV (RFC 4180) -------------------------------------------------------------------------------

/**
 * One RFC 4180 field: quoted when it holds a comma, quote, CR or LF, quotes doubled. Text that a
 * spreadsheet would run as a formula (= + - @, tab, CR first) gets a leading apostrophe, as OWASP
 * advises for CSV downloads: legal names and conditions are typed by people outside the council.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let s = Array.isArray(value) ? value.join("; ") : String(value);
  if (typeof value !== "number" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(values: readonly unknown[]): string {
  return values.map(csvField).join(",") + "\r\n";
}

/** The register as CSV: a header row, then one row per licence, CRLF line ends. */
export function registerCsv(rows: readonly PublicLicence[]): string {
  return csvRow(PUBLIC_LICENCE_FIELDS) + rows.map((r) => csvRow(PUBLIC_LICENCE_FIELDS.map((f) => r[f]))).join("");
}
