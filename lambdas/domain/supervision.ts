import type { CaseKind, CaseStatus, FileReturn, IncidentInput, Kpis, ReturnStatus } from "../schemas/supervision.ts";
import type { ExitState, ExtensionState } from "./supervision-workflows.ts";
import { returnDueAt } from "./periods.ts";

// The supervision records (what store/supervision.ts and store/cases.ts keep) and their views.

export interface ReturnRecord {
  licenceNumber: string;
  period: string;
  status: ReturnStatus;
  dueAt: string;
  version: number;
  updatedAt: string;
  filedAt?: string;
  /** The first filing came after the due date. */
  late?: boolean;
  kpis?: Kpis;
  incidents?: IncidentInput[];
  complaints?: number;
  safeguardsMet?: boolean;
  narrative?: string;
  attestation?: FileReturn["attestation"];
  filings: number;
  /** History items written so far (each its own item, keyed by this count). */
  historyCount: number;
  queryMessage?: string;
  acceptedNote?: string;
}

/** One entry of a return's history, stored as its own item: every filing whole, and every review. */
export interface ReturnHistoryEntry {
  at: string;
  action: "file" | "accept" | "query" | "mark-late";
  by: string;
  status: ReturnStatus;
  filing?: FileReturn;
  note?: string;
  message?: string;
}

/** A period with nothing stored yet: DUE, or LATE once its due date has passed. */
export function virtualReturn(licenceNumber: string, period: string, now: string): ReturnRecord {
  const dueAt = returnDueAt(period);
  return { licenceNumber, period, status: dueAt <= now ? "LATE" : "DUE", dueAt, version: 0, updatedAt: now, filings: 0, historyCount: 0 };
}

export function returnView(r: ReturnRecord, history: ReturnHistoryEntry[]) {
  const { historyCount: _h, ...rest } = r;
  return { ...rest, history };
}

export interface CaseHistoryEntry {
  at: string;
  action: "open" | "resolve" | "escalate";
  by: string;
  status: CaseStatus;
  reason?: string;
}

export interface CaseRecord {
  caseId: string;
  licenceNumber: string;
  kind: CaseKind;
  status: CaseStatus;
  repeat: boolean;
  openedAt: string;
  cause: Record<string, unknown>;
  /** Bounded: opened, then at most one decision. */
  history: CaseHistoryEntry[];
  version: number;
  updatedAt: string;
}

export interface IncidentRecord extends IncidentInput {
  incidentId: string;
  licenceNumber: string;
  reportedAt: string;
  late: boolean;
  caseId?: string;
  /** Reported on its own, or in a return for a period. */
  period?: string;
}

export interface ExtensionRecord {
  licenceNumber: string;
  status: Exclude<ExtensionState, "NONE">;
  months: number;
  reason: string;
  requestedAt: string;
  requestedBy: string;
  decidedAt?: string;
  decidedBy?: string;
  decisionReason?: string;
  /** Requests made so far (a refused one may be followed by another). */
  requests: number;
  version: number;
  updatedAt: string;
}

export interface ExitRecord {
  licenceNumber: string;
  status: Exclude<ExitState, "NONE">;
  outcomesAchieved: boolean | string;
  summary: string;
  customersTransitioned: string | number | boolean;
  early: boolean;
  reportedAt: string;
  reportedBy: string;
  outcome?: "GRADUATED" | "EXITED";
  decidedAt?: string;
  decidedBy?: string;
  decisionReason?: string;
  version: number;
  updatedAt: string;
}
