import type { Actor } from "../domain/actor.ts";
import { NotFound } from "../domain/errors.ts";
import { addMonths, changeLicenceStatus, type LicenceRecord } from "../domain/licence.ts";
import type { CaseRecord } from "../domain/supervision.ts";
import { CASE_WORKFLOW, REPEAT_WINDOW_MONTHS, type CaseAction } from "../domain/supervision-workflows.ts";
import type { CaseKind } from "../schemas/supervision.ts";
import type { TxItem } from "../store/commit.ts";
import { getCase, getCaseMarker, listCases, saveCase, saveCaseMarker, type CaseFilters } from "../store/cases.ts";
import { saveLicence } from "../store/licences.ts";
import { asLicensee, ownFirmRefusal, readLicence } from "./supervision-access.ts";
import { firmOfLicence } from "./licences.ts";
import { runTransition } from "./transition-engine.ts";

// Compliance cases: one model for every cause. Opening a case is not a request of its own: whatever
// caused it (a return over its limits, a late return, an incident, later a meter reading) calls
// openCase inside its own commit and adds the items it returns, so the case exists exactly when its
// cause does.

export interface OpenCase {
  licenceNumber: string;
  kind: CaseKind;
  cause: Record<string, unknown>;
  /** A stable id makes opening idempotent: a cause that opens its case again finds it there. */
  caseId?: string;
  by: string;
  now: string;
}

/**
 * The items that open a case in the caller's transaction, or undefined when a case with this stable id
 * already exists. `repeat` when a case of the same kind opened for the licence within 12 months: the
 * per-kind marker, rewritten conditioned on its version, makes concurrent openings take turns.
 */
export async function openCase(input: OpenCase): Promise<{ items: TxItem[]; opened: CaseRecord } | undefined> {
  const caseId = input.caseId ?? globalThis.crypto.randomUUID().replace(/-/g, "");
  const [existing, marker] = await Promise.all([input.caseId ? getCase(caseId) : Promise.resolve(undefined), getCaseMarker(input.licenceNumber, input.kind)]);
  if (existing) return undefined;
  const repeat = marker !== undefined && marker.lastOpenedAt > addMonths(input.now, -REPEAT_WINDOW_MONTHS);
  const opened: CaseRecord = {
    caseId,
    licenceNumber: input.licenceNumber,
    kind: input.kind,
    status: "OPEN",
    repeat,
    openedAt: input.now,
    cause: input.cause,
    history: [{ at: input.now, action: "open", by: input.by, status: "OPEN" }],
    version: 1,
    updatedAt: input.now,
  };
  return { items: [saveCase(opened), saveCaseMarker(input.licenceNumber, input.kind, input.now, (marker?.version ?? 0) + 1)], opened };
}

export const caseRef = (c: CaseRecord) => ({ caseId: c.caseId, kind: c.kind });

/** resolve / escalate: the reviewer's decision with a reason; escalation suspends an ACTIVE licence in the same transaction. */
export async function decideCase(caseId: string, action: CaseAction, reason: string, actor: Actor): Promise<CaseRecord> {
  let licence: LicenceRecord | undefined;
  return runTransition({
    actor,
    table: CASE_WORKFLOW,
    action,
    entityType: "case",
    entityId: caseId,
    notFound: () => new NotFound("No such case."),
    repository: {
      read: async () => {
        const c = await getCase(caseId);
        licence = c ? await readLicence(c.licenceNumber) : undefined;
        return c;
      },
      save: saveCase,
    },
    stateOf: (c) => c?.status,
    guard: (guard) => (guard === "not-own-firm" && licence ? ownFirmRefusal(licence, actor) : undefined),
    firmOf: () => (licence ? firmOfLicence(licence) : undefined),
    apply: (c, row, now) => {
      const next: CaseRecord = { ...c!, status: row.next, version: c!.version + 1, updatedAt: now, history: [...c!.history, { at: now, action, by: actor.sub, status: row.next, reason }] };
      const extra: TxItem[] = [];
      let suspended = false;
      if (action === "escalate" && licence?.status === "ACTIVE") {
        const { next: suspendedLicence } = changeLicenceStatus(licence, "suspend", { sub: actor.sub, roles: ["reviewer"] }, `Case ${caseId} (${c!.kind}) escalated: ${reason}`, now);
        extra.push(saveLicence(suspendedLicence));
        suspended = true;
      }
      return { next, extra, data: { reason, licenceNumber: c!.licenceNumber, kind: c!.kind, ...(suspended ? { licenceSuspended: true } : {}) }, result: next };
    },
  });
}

export async function getCaseForReviewer(caseId: string): Promise<CaseRecord> {
  const c = await getCase(caseId);
  if (!c) throw new NotFound("No such case.");
  return c;
}

export function listCasesForReviewer(filters: CaseFilters, limit: number, cursor?: string) {
  return listCases(filters, limit, cursor);
}

/** The licensee's own cases: cause, status and the reviewers' reasons. */
export async function listCasesForLicensee(licenceNumber: string, filters: Omit<CaseFilters, "licenceNumber">, actor: Actor, limit: number, cursor?: string) {
  asLicensee(await readLicence(licenceNumber), actor);
  return listCases({ ...filters, licenceNumber }, limit, cursor);
}
