import { listSupervisionQueue } from "../store/supervision.ts";
import { listCases, type CaseFilters } from "../store/cases.ts";

// What needs a reviewer: filed returns, open cases, pending extension requests, exit reports waiting
// for an outcome; oldest first (the sparse gsi2 SUPQ partition each record joins while it waits).

export function supervisionQueue(filters: { kind?: string; licenceNumber?: string }, limit: number, cursor?: string) {
  return listSupervisionQueue(filters, limit, cursor);
}

/** Auditors: every case with its history. */
export function auditCases(filters: CaseFilters, limit: number, cursor?: string) {
  return listCases(filters, limit, cursor);
}
