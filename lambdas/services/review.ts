import { randomUUID } from "node:crypto";
import type { Actor } from "../domain/actor.ts";
import { staffView, type Approval, type ApplicationRecord } from "../domain/application.ts";
import { Conflict, NotFound, ValidationError } from "../domain/errors.ts";
import { approvalTerms, confirmationMismatches, formatLicenceNumber, issueLicence, LICENCE_CODES, needsSecondApproval } from "../domain/licence.ts";
import type { ApplicationAction } from "../domain/workflow.ts";
import type { Decision } from "../schemas/review.ts";
import { isEnergyCategory, toKw, toMw, type Region } from "../schemas/common.ts";
import { getApplication, listQueue, type Filters } from "../store/applications.ts";
import { nowIso } from "../store/clock.ts";
import type { TxItem } from "../store/commit.ts";
import { advanceSequence, readSequence, saveLicence } from "../store/licences.ts";
import { consumeMw, findCoveringLine } from "../store/rounds.ts";
import { approvalLimitProblem } from "../domain/rounds.ts";
import { env } from "../env.ts";
import { issueTestPlan, proposeTestPlan } from "../domain/test-plan.ts";
import { act, type Mutation } from "./applications.ts";

// The reviewer's use cases. Every action goes through act(): one commit that re-reads the record,
// checks the workflow table and its guards, and writes the record, the MW, the licence, the licence
// number counter and the audit event together, or nothing.

export async function reviewQueue(filters: Filters, limit: number, cursor?: string) {
  const page = await listQueue(filters, limit, cursor);
  const now = nowIso();
  return { items: page.items.map((r) => staffView(r, now)), nextCursor: page.nextCursor };
}

export async function reviewApplication(id: string) {
  const record = await getApplication(id);
  if (!record) throw new NotFound("No such application.");
  return staffView(record, nowIso());
}

export async function assign(id: string, actor: Actor) {
  const record = await act(id, actor, "assign", (r, _now, to) => ({ record: { ...r, status: to, assignedTo: actor.sub }, data: { assignedTo: actor.sub } }));
  return staffView(record, nowIso());
}

export async function requestInfo(id: string, message: string, actor: Actor) {
  const record = await act(id, actor, "request-info", (r, now, to) => {
    const requestId = randomUUID().replace(/-/g, "");
    return {
      // The SLA clock stops now; respond moves dueAt later by the time spent waiting.
      record: { ...r, status: to, slaPausedAt: now, infoRequests: [...r.infoRequests, { requestId, message, requestedBy: actor.sub, requestedAt: now }] },
      data: { requestId, message },
    };
  });
  return staffView(record, nowIso());
}

/** decision -> workflow action: "approve" on a record awaiting its second approval is the confirm-approval row. */
function actionFor(decision: Decision["decision"], status: ApplicationRecord["status"]): ApplicationAction {
  if (decision === "approve") return status === "PENDING_SECOND_APPROVAL" ? "confirm-approval" : "approve";
  return decision;
}

export async function decide(id: string, decision: Decision, actor: Actor) {
  // "approve" means confirm-approval once a first approval is pending: chosen from act()'s own read.
  const record = await act(
    id,
    actor,
    (r) => actionFor(decision.decision, r.status),
    (r, now, to, action) => mutationFor(action, r, decision, actor, now, to),
    { reason: decision.reason },
  );
  return staffView(record, nowIso());
}

function mutationFor(action: ApplicationAction, r: ApplicationRecord, d: Decision, actor: Actor, now: string, to: ApplicationRecord["status"]): Mutation | Promise<Mutation> {
  switch (action) {
    case "approve":
      return approve(r, d, actor, now);
    case "confirm-approval":
      return confirm(r, d, actor, now);
    case "return":
      return { record: { ...r, status: to, firstApproval: undefined }, data: { reason: d.reason } };
    case "reject":
      return { record: { ...r, status: to, decidedAt: now, decisionReason: d.reason, slaPausedAt: undefined }, data: { reason: d.reason } };
    default:
      // act() has already refused anything else through the workflow table.
      throw new Conflict(`"${action}" is not a decision.`);
  }
}

/** The line covering the start date, refusing (409) MW outside what the round lets one applicant hold. */
async function coveringLineWithin(category: ApplicationRecord["category"], region: Region, startDate: string, approvedMw: number) {
  const covering = await findCoveringLine({ category, region, startDate });
  if (!covering) {
    throw new Conflict(
      `No published allocation round has a ${region} / ${category} line covering the start date ${startDate}, so no MW can be approved. ` +
        "Publish or amend a round that covers it, or return the application.",
      undefined,
      { remainingMw: 0 },
    );
  }
  const problem = approvalLimitProblem(covering.line, toKw(approvedMw));
  if (problem) throw new Conflict(problem, [{ path: "approvedMw", message: problem }]);
  return covering;
}

async function approve(r: ApplicationRecord, d: Decision, actor: Actor, now: string): Promise<Mutation> {
  const terms = approvalTerms(r, d, actor.sub, now, env().defaultTermMonths);
  if (needsSecondApproval(terms, env().fourEyesMw)) {
    // The first reviewer learns now, not at confirmation, if the round's per-applicant bounds refuse these MW.
    const { region, startDate } = r.energy ?? {};
    if (region && startDate && terms.approvedMw !== undefined) await coveringLineWithin(r.category, region, startDate, terms.approvedMw);
    // Four eyes: nothing is consumed until a second reviewer confirms these exact terms.
    return {
      record: { ...r, status: "PENDING_SECOND_APPROVAL", firstApproval: terms },
      data: { approvedMw: terms.approvedMw, conditions: terms.conditions, termMonths: terms.termMonths, testPlan: terms.testPlan, reason: d.reason, fourEyes: true },
    };
  }
  return issue(r, terms, now, actor, d.reason);
}

async function confirm(r: ApplicationRecord, d: Decision, actor: Actor, now: string): Promise<Mutation> {
  const first = r.firstApproval;
  if (!first) throw new Conflict("There is no first approval to confirm.");
  const differs = confirmationMismatches(first, d);
  if (differs.length) {
    throw new ValidationError("A second approval confirms the first approval's terms; to change them, return the application for review.", differs);
  }
  return issue(r, first, now, actor, d.reason);
}

/**
 * Final approval: the application becomes APPROVED and, in the same transaction, the MW leave the line
 * covering the start date, the licence is written and the category's number counter moves on.
 */
async function issue(r: ApplicationRecord, terms: Approval, now: string, issuer: Actor, reason: string): Promise<Mutation> {
  const extra: TxItem[] = [];
  let line: { roundId: string; region: Region } | undefined;
  const year = new Date(now).getUTCFullYear();
  const code = LICENCE_CODES[r.category];
  // The licence counter does not depend on the line: read both at once.
  const sequence = readSequence(code, year);
  sequence.catch(() => undefined); // awaited below; this only keeps an early refusal from leaving it unhandled
  if (isEnergyCategory(r.category)) {
    const { region, startDate } = r.energy ?? {};
    if (!region || !startDate || terms.approvedMw === undefined) throw new Conflict("The application has no region, start date or MW to approve.");
    const [covering] = await Promise.all([coveringLineWithin(r.category, region, startDate, terms.approvedMw), sequence]);
    line = { roundId: covering.round.roundId, region };
    extra.push(consumeMw({ roundId: covering.round.roundId, region, category: r.category, kw: toKw(terms.approvedMw) }));
  }
  const read = await sequence;
  const licenceNumber = formatLicenceNumber(r.category, year, read + 1);
  const licence = issueLicence(
    {
      licenceNumber,
      applicationId: r.id,
      holderSub: r.ownerSub,
      legalName: r.organisation?.legalName ?? "",
      category: r.category,
      ...(line ? { region: line.region, approvedMw: toMw(toKw(terms.approvedMw!)), roundId: line.roundId } : {}),
      conditions: terms.conditions,
      termMonths: terms.termMonths,
      testPlan: issueTestPlan(terms.testPlan ?? proposeTestPlan(r.category, terms.approvedMw, undefined)),
      issuedBy: issuer.sub,
      reason,
    },
    now,
  );
  extra.push(saveLicence(licence), advanceSequence(code, year, read));
  return {
    record: { ...r, status: "APPROVED", licenceNumber, decidedAt: now, decisionReason: reason, slaPausedAt: undefined },
    data: {
      licenceNumber,
      ...(licence.approvedMw !== undefined ? { approvedMw: licence.approvedMw, roundId: licence.roundId, region: licence.region } : {}),
      conditions: licence.conditions,
      termMonths: terms.termMonths,
      expiresAt: licence.expiresAt,
      testPlan: licence.testPlan,
      reason,
      ...(r.firstApproval ? { firstApprovalBy: r.firstApproval.by } : {}),
    },
    extra,
  };
}
