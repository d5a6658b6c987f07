import { randomUUID } from "node:crypto";
import type { Actor } from "../domain/actor.ts";
import { staffView, type Approval, type ApplicationRecord } from "../domain/application.ts";
import { Conflict, NotFound, ValidationError } from "../domain/errors.ts";
import { approvalTerms, confirmationMismatches, formatLicenceNumber, issueLicence, LICENCE_CODES, needsSecondApproval } from "../domain/licence.ts";
import type { ApplicationAction } from "../domain/workflow.ts";
import type { Decision } from "../schemas/review.ts";
import { isEnergyCategory, toKw, toMw, type Region } from "../schemas/common.ts";
import { getApplication, infoRequestItem, listQueue, type Filters } from "../store/applications.ts";
import { nowIso } from "../store/clock.ts";
import type { TxItem } from "../store/commit.ts";
import { advanceSequence, readSequence, saveLicence } from "../store/licences.ts";
import { consumeMw } from "../store/rounds.ts";
import { findCoveringLine } from "./rounds.ts";
import { approvalLimitProblem, fmtMw } from "../domain/rounds.ts";
import { addHolding, readHeldKw } from "../store/firms.ts";
import { firmKey } from "../domain/firm.ts";
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
  // A draft never submitted does not exist for reviewers.
  if (!record || record.status === "DRAFT") throw new NotFound("No such application.");
  return staffView(record, nowIso());
}

export async function assign(id: string, actor: Actor) {
  // Taking over from another reviewer is recorded: the event names who had it.
  const record = await act(id, actor, "assign", (r, _now, to) => ({
    record: { ...r, status: to, assignedTo: actor.sub },
    data: { assignedTo: actor.sub, ...(r.assignedTo && r.assignedTo !== actor.sub ? { takenOverFrom: r.assignedTo } : {}) },
  }));
  return staffView(record, nowIso());
}

export async function requestInfo(id: string, message: string, actor: Actor) {
  const record = await act(id, actor, "request-info", (r, now, to) => {
    const requestId = randomUUID().replace(/-/g, "");
    const request = { requestId, message, requestedBy: actor.sub, requestedAt: now };
    return {
      // The SLA clock stops now; respond moves dueAt later by the time spent waiting.
      record: { ...r, status: to, slaPausedAt: now, infoRequests: [...r.infoRequests, request] },
      data: { requestId, message },
      extra: [infoRequestItem(id, request)],
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

/** The company's holding on the line an energy approval draws on, and what it already holds there. */
async function holdingOf(r: ApplicationRecord, roundId: string, region: Region) {
  const firm = firmKey(r.organisation?.registrationNumber);
  if (!firm) return undefined;
  const ref = { roundId, region, category: r.category, firm };
  return { ref, heldKw: await readHeldKw(ref) };
}

/** 409 when the company's holding on the line plus these kW passes the line's per-applicant cap. */
function companyCapProblem(heldKw: number, kw: number, line: { region: string; category: string; maxPerApplicantKw: number }): Conflict | undefined {
  if (heldKw + kw <= line.maxPerApplicantKw) return undefined;
  const message =
    `The company already holds ${fmtMw(heldKw)} MW on ${line.region} / ${line.category} in this round (ACTIVE and SUSPENDED licences, under any account); ` +
    `with ${fmtMw(kw)} MW more it would hold ${fmtMw(heldKw + kw)} MW, above the ${fmtMw(line.maxPerApplicantKw)} MW one applicant may hold there.`;
  return new Conflict(message, [{ path: "approvedMw", message }], { heldMw: toMw(heldKw), maxPerApplicantMw: toMw(line.maxPerApplicantKw) });
}

async function approve(r: ApplicationRecord, d: Decision, actor: Actor, now: string): Promise<Mutation> {
  const terms = approvalTerms(r, d, actor.sub, now, env().defaultTermMonths);
  const { region, startDate } = r.energy ?? {};
  let companyKw = terms.approvedMw === undefined ? 0 : toKw(terms.approvedMw);
  if (isEnergyCategory(r.category) && region && startDate && terms.approvedMw !== undefined) {
    // The first reviewer learns now, not at confirmation, if the round's per-applicant bounds refuse these MW.
    const covering = await coveringLineWithin(r.category, region, startDate, terms.approvedMw);
    const holding = await holdingOf(r, covering.round.roundId, region);
    const refused = holding && companyCapProblem(holding.heldKw, toKw(terms.approvedMw), covering.line);
    if (refused) throw refused;
    companyKw += holding?.heldKw ?? 0;
  }
  // Four eyes: the company's total on the line after this approval, its earlier licences included.
  if (needsSecondApproval({ approvedMw: terms.approvedMw === undefined ? undefined : toMw(companyKw) }, env().fourEyesMw)) {
    // Nothing is consumed until a second reviewer confirms these exact terms.
    return {
      record: { ...r, status: "PENDING_SECOND_APPROVAL", firstApproval: terms },
      data: { approvedMw: terms.approvedMw, conditions: terms.conditions, termMonths: terms.termMonths, testPlan: terms.testPlan, reason: d.reason, fourEyes: true, companyMwAfter: toMw(companyKw) },
    };
  }
  return issue(r, terms, now, actor, d.reason, { belowFourEyes: true });
}

async function confirm(r: ApplicationRecord, d: Decision, actor: Actor, now: string): Promise<Mutation> {
  const first = r.firstApproval;
  if (!first) throw new Conflict("There is no first approval to confirm.");
  const differs = confirmationMismatches(first, d);
  if (differs.length) {
    throw new ValidationError("A second approval confirms the first approval's terms; to change them, return the application for review.", differs);
  }
  return issue(r, first, now, actor, d.reason, { belowFourEyes: false });
}

/**
 * Final approval: the application becomes APPROVED and, in the same transaction, the MW leave the line
 * covering the start date, the licence is written and the category's number counter moves on.
 */
async function issue(r: ApplicationRecord, terms: Approval, now: string, issuer: Actor, reason: string, opts: { belowFourEyes: boolean }): Promise<Mutation> {
  const extra: TxItem[] = [];
  let line: { roundId: string; region: Region } | undefined;
  let firm: string | undefined;
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
    const kw = toKw(terms.approvedMw);
    extra.push(consumeMw({ roundId: covering.round.roundId, region, category: r.category, kw }));
    // The company's holding moves in the same transaction, conditioned on the cap (and, for an approval
    // that skipped four eyes, on staying below the threshold): of two concurrent approvals for one company
    // only one can pass; the other is refused (cap) or rebuilt and goes to a second approval (threshold).
    const holding = await holdingOf(r, covering.round.roundId, region);
    if (holding) {
      const fourEyesKw = toKw(env().fourEyesMw);
      const maxKw = opts.belowFourEyes ? Math.min(covering.line.maxPerApplicantKw, fourEyesKw - 1) : covering.line.maxPerApplicantKw;
      extra.push(addHolding(holding.ref, kw, maxKw, (heldKw) => companyCapProblem(heldKw, kw, covering.line) ?? "retry"));
      firm = holding.ref.firm;
    }
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
      ...(firm ? { firm } : {}),
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
