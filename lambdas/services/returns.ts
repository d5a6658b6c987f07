import { SYSTEM_ACTOR, type Actor } from "../domain/actor.ts";
import { NotFound, PreconditionFailed, PreconditionRequired, InvalidTransition } from "../domain/errors.ts";
import { HOLDS_MW, testPlanOf, type LicenceRecord } from "../domain/licence.ts";
import { hasEnded, isLicencePeriod, periodsBetween, returnDueAt } from "../domain/periods.ts";
import { returnView, virtualReturn, type ReturnHistoryEntry, type ReturnRecord } from "../domain/supervision.ts";
import { RETURN_WORKFLOW, type ReturnAction, type ReturnGuard } from "../domain/supervision-workflows.ts";
import { limitBreaches } from "../domain/test-plan.ts";
import type { DomainError } from "../domain/errors.ts";
import type { FileReturn } from "../schemas/supervision.ts";
import { clock } from "../store/clock.ts";
import type { TxItem } from "../store/commit.ts";
import { listLiveLicences } from "../store/licences.ts";
import { getReturn, listAllReturns, putReturnHistory, readReturns, saveReturn, type ReturnFilters } from "../store/supervision.ts";
import { caseRef, openCase } from "./cases.ts";
import { asLicensee, asReader, noSuchLicence, ownFirmRefusal, readLicence } from "./supervision-access.ts";
import { firmOfLicence } from "./licences.ts";
import { runTransition } from "./transition-engine.ts";
import { logger } from "../middleware/logger.ts";

// Periodic returns: one per reporting period from the one the licence was issued in to the current one,
// due 15 days after the period ends. Every change runs through the transition engine with
// RETURN_WORKFLOW; a filing's history entry is an item of its own, and any case it causes (a KPI over
// the test plan's limits, a HIGH incident) opens in the same transaction.

const noSuchReturn = () => new NotFound("No such return.");

/** The last instant the licence reports for: now, or when its term or its status ended. */
function reportingUntil(licence: LicenceRecord, now: string): string {
  if (HOLDS_MW.includes(licence.status)) return licence.expiresAt < now ? licence.expiresAt : now;
  return licence.statusHistory.at(-1)?.at ?? licence.updatedAt;
}

export async function listReturns(licenceNumber: string, actor: Actor) {
  const licence = asReader(await readLicence(licenceNumber), actor);
  const now = clock.now().toISOString();
  const stored = await readReturns(licenceNumber);
  const periods = new Set(periodsBetween(licence.issuedAt, reportingUntil(licence, now), testPlanOf(licence).reporting));
  for (const p of stored.keys()) periods.add(p);
  const items = [...periods].sort().map((period) => {
    const found = stored.get(period);
    return found ? returnView(found.record, found.history) : returnView(virtualReturn(licenceNumber, period, now), []);
  });
  return { items };
}

interface Loaded {
  licence: LicenceRecord;
  record: ReturnRecord;
}

/** The stored return, or the period's virtual one (DUE: the engine's state for a period with nothing stored). */
async function load(licenceNumber: string, period: string): Promise<Loaded | undefined> {
  const licence = await readLicence(licenceNumber);
  if (!licence) return undefined;
  const record = (await getReturn(licenceNumber, period)) ?? { ...virtualReturn(licenceNumber, period, ""), status: "DUE" as const, dueAt: returnDueAt(period) };
  return { licence, record };
}

function guardFor(actor: Actor, period: string) {
  return (guard: ReturnGuard, loaded: Loaded | undefined, now: string): DomainError | undefined => {
    if (!loaded) return undefined;
    if (guard === "period-ended" && !hasEnded(period, now)) return new InvalidTransition(`The period ${period} has not ended yet; it can be filed from its end.`);
    if (guard === "past-due" && loaded.record.dueAt > now) return new InvalidTransition(`The return for ${period} is not due until ${loaded.record.dueAt}.`);
    if (guard === "not-own-firm") return ownFirmRefusal(loaded.licence, actor);
    return undefined;
  };
}

function historyItems(r: ReturnRecord, entry: ReturnHistoryEntry): { next: Pick<ReturnRecord, "historyCount">; item: TxItem } {
  return { next: { historyCount: r.historyCount + 1 }, item: putReturnHistory(r.licenceNumber, r.period, r.historyCount + 1, entry) };
}

function transition<R>(
  licenceNumber: string,
  period: string,
  action: ReturnAction,
  actor: Actor,
  options: { access?: (licence: LicenceRecord) => void; ifMatch?: number; apply: (l: Loaded, now: string, next: ReturnRecord["status"]) => Promise<{ next: ReturnRecord; extra: TxItem[]; data: Record<string, unknown>; result: R }> },
): Promise<R> {
  return runTransition({
    actor,
    table: RETURN_WORKFLOW,
    action,
    entityType: "return",
    entityId: `${licenceNumber}/${period}`,
    notFound: noSuchLicence,
    repository: { read: () => load(licenceNumber, period), save: (l: Loaded) => saveReturn(l.record) },
    stateOf: (l) => l?.record.status,
    before: (l) => {
      options.access?.(l!.licence);
      if (!isLicencePeriod(period, l!.licence.issuedAt, testPlanOf(l!.licence).reporting)) throw noSuchReturn();
      if (action === "file") checkIfMatch(l!.record, options.ifMatch);
    },
    guard: guardFor(actor, period),
    firmOf: (l) => (l ? firmOfLicence(l.licence) : undefined),
    apply: async (l, row, now) => {
      const done = await options.apply(l!, now, row.next);
      return { next: { licence: l!.licence, record: done.next }, extra: done.extra, data: { licenceNumber, period, ...done.data }, result: done.result };
    },
  });
}

/** Refiling needs If-Match with the return's version (428 without, 412 when stale); a first filing may send it. */
function checkIfMatch(r: ReturnRecord, ifMatch: number | undefined) {
  if (r.filings > 0 && ifMatch === undefined) throw new PreconditionRequired("Filing again needs If-Match with the return's version.");
  if (ifMatch !== undefined && ifMatch !== r.version) throw new PreconditionFailed(`The return is at version ${r.version}.`);
}

export async function fileReturn(licenceNumber: string, period: string, filing: FileReturn, ifMatch: number | undefined, actor: Actor) {
  const filed = await fileOnce(licenceNumber, period, filing, ifMatch, actor);
  const found = (await readReturns(licenceNumber, period)).get(period);
  return { ...returnView(found?.record ?? filed.next, found?.history ?? []), casesOpened: filed.casesOpened };
}

function fileOnce(licenceNumber: string, period: string, filing: FileReturn, ifMatch: number | undefined, actor: Actor) {
  return transition(licenceNumber, period, "file", actor, {
    access: (licence) => asLicensee(licence, actor),
    ifMatch,
    apply: async ({ licence, record }, now, to) => {
      const entry = historyItems(record, { at: now, action: "file", by: actor.sub, status: to, filing });
      const next: ReturnRecord = {
        ...record,
        ...filing,
        ...entry.next,
        status: to,
        version: record.version + 1,
        updatedAt: now,
        filedAt: now,
        late: record.late ?? (record.filings === 0 ? now > record.dueAt : undefined),
        filings: record.filings + 1,
      };
      if (filing.narrative === undefined) delete next.narrative;
      if (filing.incidents === undefined) delete next.incidents;
      const extra: TxItem[] = [entry.item];
      const opened = [];
      const breaches = limitBreaches(filing.kpis, testPlanOf(licence).limits);
      if (breaches.length) {
        const c = await openCase({ licenceNumber, kind: "LIMIT_BREACH", caseId: `LIMIT_BREACH-${licenceNumber}-${period}`, cause: { source: "return", period, breaches }, by: actor.sub, now });
        if (c) {
          extra.push(...c.items);
          opened.push(caseRef(c.opened));
        }
      }
      const high = (filing.incidents ?? []).filter((i) => i.severity === "HIGH");
      if (high.length) {
        const c = await openCase({ licenceNumber, kind: "INCIDENT", caseId: `INCIDENT-${licenceNumber}-${period}`, cause: { source: "return", period, incidents: high }, by: actor.sub, now });
        if (c) {
          extra.push(...c.items);
          opened.push(caseRef(c.opened));
        }
      }
      return { next, extra, data: { filing: next.filings, late: next.late ?? false, kpis: filing.kpis, casesOpened: opened }, result: { next, casesOpened: opened } };
    },
  });
}

async function review(licenceNumber: string, period: string, action: "accept" | "query", actor: Actor, text: { note?: string; message?: string }) {
  const next = await transition(licenceNumber, period, action, actor, {
    apply: async ({ record }, now, to) => {
      const entry = historyItems(record, { at: now, action, by: actor.sub, status: to, ...text });
      const updated: ReturnRecord = { ...record, ...entry.next, status: to, version: record.version + 1, updatedAt: now, ...(action === "query" ? { queryMessage: text.message } : { acceptedNote: text.note }) };
      return { next: updated, extra: [entry.item], data: text, result: updated };
    },
  });
  const found = (await readReturns(licenceNumber, period)).get(period);
  return returnView(found?.record ?? next, found?.history ?? []);
}

export const acceptReturn = (n: string, period: string, note: string | undefined, actor: Actor) => review(n, period, "accept", actor, note === undefined ? {} : { note });
export const queryReturn = (n: string, period: string, message: string, actor: Actor) => review(n, period, "query", actor, { message });

/**
 * The daily late-returns job: every period of a live licence past its due date with nothing filed
 * becomes LATE and opens a LATE_RETURN case, in one commit each. Idempotent: a return already LATE has
 * no mark-late row, and the case's stable id is opened once.
 */
export async function markLateReturns(): Promise<{ marked: string[]; failed: string[] }> {
  const now = clock.now().toISOString();
  const marked: string[] = [];
  const failed: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listLiveLicences(100, cursor);
    cursor = page.nextCursor ?? undefined;
    for (const licence of page.items) {
      const stored = await readReturns(licence.licenceNumber);
      const due = periodsBetween(licence.issuedAt, reportingUntil(licence, now), testPlanOf(licence).reporting).filter((p) => returnDueAt(p) <= now);
      for (const period of due) {
        if ((stored.get(period)?.record.status ?? "DUE") !== "DUE") continue;
        try {
          await markLate(licence.licenceNumber, period);
          marked.push(`${licence.licenceNumber}/${period}`);
        } catch (error) {
          if (error instanceof InvalidTransition) continue; // filed or marked meanwhile
          failed.push(`${licence.licenceNumber}/${period}`);
          logger.error("late return failed", { licenceNumber: licence.licenceNumber, period, error: error instanceof Error ? { name: error.name, message: error.message } : String(error) });
        }
      }
    }
  } while (cursor);
  return { marked, failed };
}

function markLate(licenceNumber: string, period: string) {
  return transition(licenceNumber, period, "mark-late", SYSTEM_ACTOR, {
    apply: async ({ record }, now, to) => {
      const entry = historyItems(record, { at: now, action: "mark-late", by: SYSTEM_ACTOR.sub, status: to });
      const next: ReturnRecord = { ...record, ...entry.next, status: to, version: record.version + 1, updatedAt: now };
      const extra: TxItem[] = [entry.item];
      const c = await openCase({ licenceNumber, kind: "LATE_RETURN", caseId: `LATE_RETURN-${licenceNumber}-${period}`, cause: { source: "late-returns", period, dueAt: record.dueAt }, by: SYSTEM_ACTOR.sub, now });
      if (c) extra.push(...c.items);
      return { next, extra, data: { dueAt: record.dueAt, ...(c ? { caseId: c.opened.caseId } : {}) }, result: next };
    },
  });
}

/** Auditors: every return with its history. */
export async function auditReturns(filters: ReturnFilters, limit: number, cursor?: string) {
  const page = await listAllReturns(filters, limit, cursor);
  const items = [];
  for (const r of page.items) {
    const found = (await readReturns(r.licenceNumber, r.period)).get(r.period);
    items.push(returnView(found?.record ?? r, found?.history ?? []));
  }
  return { items, nextCursor: page.nextCursor };
}

/** Periods of live licences that have ended, are not due yet and have nothing filed: the reminders job's input. */
export async function* unfiledReturnsDue(now: string): AsyncGenerator<{ licence: LicenceRecord; period: string; dueAt: string }> {
  let cursor: string | undefined;
  do {
    const page = await listLiveLicences(100, cursor);
    cursor = page.nextCursor ?? undefined;
    for (const licence of page.items) {
      const periods = periodsBetween(licence.issuedAt, reportingUntil(licence, now), testPlanOf(licence).reporting).filter((p) => hasEnded(p, now) && returnDueAt(p) > now);
      if (periods.length === 0) continue;
      const stored = await readReturns(licence.licenceNumber);
      for (const period of periods) if ((stored.get(period)?.record.status ?? "DUE") === "DUE") yield { licence, period, dueAt: returnDueAt(period) };
    }
  } while (cursor);
}
