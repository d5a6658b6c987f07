import type { Actor } from "../domain/actor.ts";
import { Conflict, InvalidTransition, NotFound, ValidationError, type DomainError } from "../domain/errors.ts";
import { addMonths, HOLDS_MW, licenceView, type LicenceRecord } from "../domain/licence.ts";
import type { ExitRecord, ExtensionRecord } from "../domain/supervision.ts";
import { EXIT_WINDOW_DAYS, EXIT_WORKFLOW, EXTENSION_WINDOW_DAYS, EXTENSION_WORKFLOW, type ExitGuard, type ExtensionGuard } from "../domain/supervision-workflows.ts";
import { isEnergyCategory, toKw, toMw } from "../schemas/common.ts";
import type { ExitReport } from "../schemas/supervision.ts";
import { commit, type TxItem } from "../store/commit.ts";
import { saveLicence } from "../store/licences.ts";
import { releaseMw } from "../store/rounds.ts";
import { assertNotOwnFirm as assertNotOwnCompany, releaseHolding } from "../store/firms.ts";
import { firmOfLicence } from "./licences.ts";
import { getExit, getExtension, saveExit, saveExtension } from "../store/supervision.ts";
import { asLicensee, assertNotOwnFirm, noSuchLicence, ownFirmRefusal, readLicence } from "./supervision-access.ts";
import { runTransition } from "./transition-engine.ts";

// The end of the test: an extension of the term (once, in its last 90 days), the exit report and the
// reviewer's outcome (GRADUATED or EXITED, which ends the licence and gives its MW back), and varying
// a licence down to fewer MW. Extensions and exits run through the transition engine.

const DAY_MS = 24 * 60 * 60 * 1000;
const daysBefore = (iso: string, days: number) => new Date(Date.parse(iso) - days * DAY_MS).toISOString();

/** A licence status change outside the status workflow table: the exit outcome ends the licence. */
function endLicence(licence: LicenceRecord, to: "GRADUATED" | "EXITED", by: string, reason: string, now: string): { next: LicenceRecord; items: TxItem[] } {
  const next: LicenceRecord = { ...licence, status: to, version: licence.version + 1, updatedAt: now, statusHistory: [...licence.statusHistory, { at: now, from: licence.status, to, by, reason }] };
  const items = [saveLicence(next)];
  if (licence.approvedMw !== undefined && licence.roundId && licence.region) {
    const line = { roundId: licence.roundId, region: licence.region, category: licence.category };
    items.push(releaseMw({ ...line, kw: toKw(licence.approvedMw) }));
    // The company's holding on the line shrinks with it (the per-company cap counts what it holds).
    if (licence.firm) items.push(releaseHolding({ ...line, firm: licence.firm }, toKw(licence.approvedMw)));
  }
  return { next, items };
}

interface WithLicence<T> {
  licence: LicenceRecord;
  record?: T;
}

// --- Extension --------------------------------------------------------------------------------------

function extensionGuard(actor: Actor) {
  return (guard: ExtensionGuard, e: WithLicence<ExtensionRecord> | undefined, now: string): DomainError | undefined => {
    const licence = e!.licence;
    if (guard === "licence-active" && licence.status !== "ACTIVE") return new InvalidTransition(`Only an ACTIVE licence may be extended; this one is ${licence.status}.`);
    if (guard === "last-90-days" && !(now >= daysBefore(licence.expiresAt, EXTENSION_WINDOW_DAYS) && now < licence.expiresAt)) {
      return new InvalidTransition(`An extension may be asked for in the last ${EXTENSION_WINDOW_DAYS} days of the term, from ${daysBefore(licence.expiresAt, EXTENSION_WINDOW_DAYS)}.`);
    }
    if (guard === "not-own-firm") return ownFirmRefusal(licence, actor);
    return undefined;
  };
}

async function readWith<T>(licenceNumber: string, read: (n: string) => Promise<T | undefined>): Promise<WithLicence<T> | undefined> {
  const [licence, record] = await Promise.all([readLicence(licenceNumber), read(licenceNumber)]);
  return licence ? { licence, record } : undefined;
}

export function requestExtension(licenceNumber: string, body: { months: number; reason: string }, actor: Actor): Promise<ExtensionRecord> {
  return runTransition({
    actor,
    table: EXTENSION_WORKFLOW,
    action: "request",
    entityType: "extension",
    entityId: licenceNumber,
    notFound: noSuchLicence,
    repository: { read: () => readWith(licenceNumber, getExtension), save: (e) => saveExtension(e.record!) },
    stateOf: (e) => (e ? (e.record?.status ?? "NONE") : undefined),
    before: (e) => void asLicensee(e!.licence, actor),
    guard: extensionGuard(actor),
    firmOf: (e) => (e ? firmOfLicence(e.licence) : undefined),
    apply: (e, row, now) => {
      const record: ExtensionRecord = {
        licenceNumber,
        status: "PENDING",
        months: body.months,
        reason: body.reason,
        requestedAt: now,
        requestedBy: actor.sub,
        requests: (e!.record?.requests ?? 0) + 1,
        version: (e!.record?.version ?? 0) + 1,
        updatedAt: now,
      };
      void row;
      return { next: { ...e!, record }, data: { months: body.months, reason: body.reason }, result: record };
    },
  });
}

export async function decideExtension(licenceNumber: string, decision: "approve" | "refuse", reason: string, actor: Actor) {
  return runTransition({
    actor,
    table: EXTENSION_WORKFLOW,
    action: decision,
    entityType: "extension",
    entityId: licenceNumber,
    notFound: noSuchLicence,
    repository: { read: () => readWith(licenceNumber, getExtension), save: (e) => saveExtension(e.record!) },
    stateOf: (e) => (e ? (e.record?.status ?? "NONE") : undefined),
    guard: extensionGuard(actor),
    firmOf: (e) => (e ? firmOfLicence(e.licence) : undefined),
    apply: (e, row, now) => {
      const record: ExtensionRecord = { ...e!.record!, status: row.next as ExtensionRecord["status"], decidedAt: now, decidedBy: actor.sub, decisionReason: reason, version: e!.record!.version + 1, updatedAt: now };
      const extra: TxItem[] = [];
      let licence = e!.licence;
      if (decision === "approve") {
        // The term moves; so does the licence's place in the expiry index (store/licences.ts).
        licence = { ...licence, expiresAt: addMonths(licence.expiresAt, record.months), termMonths: licence.termMonths + record.months, version: licence.version + 1, updatedAt: now };
        extra.push(saveLicence(licence));
      }
      return { next: { ...e!, record }, extra, data: { reason, months: record.months, ...(decision === "approve" ? { expiresAt: licence.expiresAt } : {}) }, result: { ...licenceView(licence), extension: record } };
    },
  });
}

// --- Exit --------------------------------------------------------------------------------------------

function exitGuard(actor: Actor, early: boolean) {
  return (guard: ExitGuard, e: WithLicence<ExitRecord> | undefined, now: string): DomainError | undefined => {
    const licence = e!.licence;
    if (guard === "licence-live" && !HOLDS_MW.includes(licence.status)) return new InvalidTransition(`The licence has already ended (${licence.status}).`);
    if (guard === "last-60-days-or-early" && !early && now < daysBefore(licence.expiresAt, EXIT_WINDOW_DAYS)) {
      return new InvalidTransition(`The exit report is due in the last ${EXIT_WINDOW_DAYS} days of the term, from ${daysBefore(licence.expiresAt, EXIT_WINDOW_DAYS)}; send early: true to exit early.`);
    }
    if (guard === "not-own-firm") return ownFirmRefusal(licence, actor);
    return undefined;
  };
}

export function fileExitReport(licenceNumber: string, body: ExitReport, actor: Actor): Promise<ExitRecord> {
  return runTransition({
    actor,
    table: EXIT_WORKFLOW,
    action: "report",
    entityType: "exit",
    entityId: licenceNumber,
    notFound: noSuchLicence,
    repository: { read: () => readWith(licenceNumber, getExit), save: (e) => saveExit(e.record!) },
    stateOf: (e) => (e ? (e.record?.status ?? "NONE") : undefined),
    before: (e) => void asLicensee(e!.licence, actor),
    guard: exitGuard(actor, body.early === true),
    firmOf: (e) => (e ? firmOfLicence(e.licence) : undefined),
    apply: (e, _row, now) => {
      const record: ExitRecord = {
        licenceNumber,
        status: "REPORTED",
        outcomesAchieved: body.outcomesAchieved,
        summary: body.summary,
        customersTransitioned: body.customersTransitioned,
        early: body.early === true,
        reportedAt: now,
        reportedBy: actor.sub,
        version: 1,
        updatedAt: now,
      };
      return { next: { ...e!, record }, data: { early: record.early }, result: record };
    },
  });
}

export function decideExit(licenceNumber: string, outcome: "GRADUATED" | "EXITED", reason: string, actor: Actor) {
  return runTransition({
    actor,
    table: EXIT_WORKFLOW,
    action: "decide",
    entityType: "exit",
    entityId: licenceNumber,
    notFound: noSuchLicence,
    repository: { read: () => readWith(licenceNumber, getExit), save: (e) => saveExit(e.record!) },
    stateOf: (e) => (e ? (e.record?.status ?? "NONE") : undefined),
    guard: exitGuard(actor, true),
    firmOf: (e) => (e ? firmOfLicence(e.licence) : undefined),
    apply: (e, _row, now) => {
      const record: ExitRecord = { ...e!.record!, status: "DECIDED", outcome, decidedAt: now, decidedBy: actor.sub, decisionReason: reason, version: e!.record!.version + 1, updatedAt: now };
      const ended = endLicence(e!.licence, outcome, actor.sub, reason, now);
      const released = e!.licence.approvedMw;
      return { next: { ...e!, record }, extra: ended.items, data: { outcome, reason, ...(released !== undefined ? { releasedMw: released } : {}) }, result: licenceView(ended.next) };
    },
  });
}

// --- Vary ---------------------------------------------------------------------------------------------

/** "Use it or lose it": fewer MW, the difference back on the line in the same transaction. */
export async function varyLicence(licenceNumber: string, approvedMw: number, reason: string, actor: Actor) {
  const { result } = await commit(actor, async (now) => {
    const licence = await readLicence(licenceNumber);
    if (!licence) throw new NotFound("No such licence.");
    assertNotOwnFirm(licence, actor);
    await assertNotOwnCompany(actor, await firmOfLicence(licence));
    if (!HOLDS_MW.includes(licence.status)) throw new InvalidTransition(`A ${licence.status} licence cannot be varied.`);
    if (!isEnergyCategory(licence.category) || licence.approvedMw === undefined || !licence.roundId || !licence.region) throw new Conflict("Only an energy licence holds MW to vary.");
    const releaseKw = toKw(licence.approvedMw) - toKw(approvedMw);
    if (releaseKw <= 0) {
      throw new ValidationError(`approvedMw must be lower than the ${licence.approvedMw} MW approved now.`, [{ path: "approvedMw", message: `must be lower than ${licence.approvedMw}` }]);
    }
    const next: LicenceRecord = {
      ...licence,
      approvedMw: toMw(toKw(approvedMw)),
      testPlan: licence.testPlan ? { ...licence.testPlan, limits: { ...licence.testPlan.limits, maxPeakMw: toMw(toKw(approvedMw)) } } : undefined,
      version: licence.version + 1,
      updatedAt: now,
    };
    if (!next.testPlan) delete next.testPlan;
    return {
      items: [
        saveLicence(next),
        releaseMw({ roundId: licence.roundId, region: licence.region, category: licence.category, kw: releaseKw }),
        ...(licence.firm ? [releaseHolding({ roundId: licence.roundId, region: licence.region, category: licence.category, firm: licence.firm }, releaseKw)] : []),
      ],
      event: { action: "licence.vary", entityType: "licence", entityId: licenceNumber, data: { from: licence.approvedMw, to: next.approvedMw, releasedMw: toMw(releaseKw), reason, roundId: licence.roundId, region: licence.region, category: licence.category } },
      result: next,
    };
  });
  return licenceView(result);
}
