import { gridRegions, type Actor } from "../domain/actor.ts";
import { Conflict, InvalidTransition, NotFound } from "../domain/errors.ts";
import { chunks, limitMw, pickAckTarget, planResponses, RESPONSES_PER_TRANSACTION, targetState, type CurtailmentRecord, type TargetRecord } from "../domain/curtailment.ts";
import { CURTAILMENT_TARGET_WORKFLOW } from "../domain/supervision-workflows.ts";
import { runTransition, transitionStep } from "./transition-engine.ts";
import type { RespondCurtailment } from "../schemas/curtailment.ts";
import { clock } from "../store/clock.ts";
import { commit, type EventInput, type TxItem } from "../store/commit.ts";
import { getCurtailmentWithTargets, getTargets, listTargetsOfLicence, saveTarget } from "../store/curtailments.ts";
import { openCase } from "./cases.ts";
import { getCurtailmentFor, licenseeView } from "./curtailments.ts";
import { asLicensee, readLicence } from "./supervision-access.ts";

// What happens to a declared event's targets, through the one transition engine (CURTAILMENT_TARGET_WORKFLOW):
// the licensee acknowledges, the grid operator answers
// after the end (COMPLIED or FAILED; a failure opens a CURTAILMENT_FAILURE case in the same
// transaction). Each target is an item of its own and its events are the target's own
// (entity `curtailment-target`, id `<curtailmentId>/<licenceNumber>`), so hundreds of licensees
// acknowledging at once never contend for one item or one entity's event sequence.

const targetEntity = (curtailmentId: string, licenceNumber: string) => `${curtailmentId}/${licenceNumber}`;

/** The stable id of the case a failed target opens: an answer stored twice opens it once. */
export const failureCaseId = (curtailmentId: string, licenceNumber: string) => `CURTAILMENT_FAILURE-${curtailmentId}-${licenceNumber}`;

/** What both actions share: the target's table, its state, its save and its events (`curtailment.<action>`). */
function targetSpec(actor: Actor) {
  return {
    actor,
    table: CURTAILMENT_TARGET_WORKFLOW,
    stateOf: (t: TargetRecord | undefined) => (t ? targetState(t) : undefined),
    entityType: "curtailment-target",
    entityId: (t: TargetRecord) => targetEntity(t.curtailmentId, t.licenceNumber),
    eventPrefix: "curtailment",
    notFound: () => new NotFound("No such curtailment."),
  } as const;
}

/**
 * The licensee acknowledges for one of its targeted licences (the only one, or the one named). 404 for
 * a firm with no targeted licence; acknowledging again changes nothing; after the end a 409.
 */
export async function acknowledgeCurtailment(id: string, licenceNumber: string | undefined, actor: Actor) {
  let event: CurtailmentRecord | undefined;
  return runTransition({
    ...targetSpec(actor),
    repository: {
      read: async () => {
        const found = await getCurtailmentWithTargets(id, true);
        if (!found) return undefined;
        event = found.event;
        return pickAckTarget(found.targets.filter((t) => t.holderSub === actor.sub), licenceNumber);
      },
      save: saveTarget,
    },
    action: "acknowledge",
    skip: (target, now) => (target?.acknowledgedAt ? licenseeView(event!, target, now) : undefined),
    guard: (guard, target, now) => {
      if (guard === "holder") return target?.holderSub === actor.sub ? undefined : new NotFound("No such curtailment.");
      if (guard === "before-end") return now >= event!.endsAt ? new InvalidTransition("The curtailment has ended; it can no longer be acknowledged.") : undefined;
      return undefined;
    },
    apply: (target, _row, now) => {
      const next: TargetRecord = { ...target!, acknowledgedAt: now, acknowledgedBy: actor.sub, version: target!.version + 1 };
      return {
        next,
        data: { curtailmentId: id, licenceNumber: next.licenceNumber, acknowledgedAt: now, beforeStart: now < event!.startsAt },
        result: licenseeView(event!, next, now),
      };
    },
  });
}

/**
 * The grid operator's answers after the end, checked whole first (domain planResponses), then stored
 * RESPONSES_PER_TRANSACTION at a time: each chunk is one transaction of its targets' engine steps
 * (CURTAILMENT_TARGET_WORKFLOW "respond"), the cases their failures open and one event per target. A
 * request cut short (a 503 mid-way) is safely sent again: answers already stored with the same figure
 * are unchanged, the rest are stored. Answers the event.
 */
export async function respondCurtailment(id: string, body: RespondCurtailment, actor: Actor) {
  const found = await getCurtailmentWithTargets(id, true);
  // Another region's event is not this operator's: 404, never revealed.
  if (!found || !gridRegions(actor).includes(found.event.region)) throw new NotFound("No such curtailment.");
  const event = found.event;
  const todo = planResponses(event, new Map(found.targets.map((t) => [t.licenceNumber, t])), body.responses, clock.now().toISOString());

  for (const chunk of chunks(todo, RESPONSES_PER_TRANSACTION)) {
    await commit(actor, async (now) => {
      const current = await getTargets(id, chunk.map((c) => c.licenceNumber));
      const items: TxItem[] = [];
      const events: EventInput[] = [];
      for (const answer of chunk) {
        const step = await transitionStep(
          {
            ...targetSpec(actor),
            roles: gridRegions(actor).length ? ["grid"] : [],
            repository: { read: async () => current.get(answer.licenceNumber), save: saveTarget },
            action: "respond",
            skip: (target) => {
              if (target!.outcome === "PENDING") return undefined;
              // Answered meanwhile by a concurrent request: the same figure is nothing to do.
              if (target!.averageMw !== answer.averageMw) throw new Conflict(`${answer.licenceNumber} was already answered with ${target!.averageMw} MW.`, [{ path: `responses.${answer.index}.averageMw`, message: "already answered with another figure" }]);
              return true;
            },
            guard: (guard, _target, at) => {
              if (guard === "own-region") return gridRegions(actor).includes(event.region) ? undefined : new NotFound("No such curtailment.");
              if (guard === "after-end") return at < event.endsAt ? new InvalidTransition("The curtailment has not ended yet; answer after its end.") : undefined;
              return undefined;
            },
            apply: async (target, _row, at) => {
              const limit = limitMw(target!.approvedMw, target!.reductionPercent);
              const caseId = answer.outcome === "FAILED" ? failureCaseId(id, answer.licenceNumber) : undefined;
              const opened = caseId
                ? await openCase({
                    licenceNumber: answer.licenceNumber,
                    kind: "CURTAILMENT_FAILURE",
                    caseId,
                    cause: { source: "curtailment", curtailmentId: id, region: event.region, startsAt: event.startsAt, endsAt: event.endsAt, reductionPercent: event.reductionPercent, approvedMw: target!.approvedMw, limitMw: limit, averageMw: answer.averageMw },
                    by: actor.sub,
                    now: at,
                  })
                : undefined;
              const next: TargetRecord = { ...target!, averageMw: answer.averageMw, outcome: answer.outcome, respondedAt: at, ...(caseId ? { caseId } : {}), version: target!.version + 1 };
              // caseId in the event's data is what tells the licensee a case opened (domain/notices.ts).
              return {
                next,
                extra: opened?.items ?? [],
                data: { curtailmentId: id, licenceNumber: next.licenceNumber, averageMw: next.averageMw, limitMw: limit, outcome: next.outcome, ...(caseId ? { caseId } : {}) },
                result: true,
              };
            },
          },
          now,
        );
        if (!step.unchanged) {
          items.push(...step.items);
          events.push(step.event);
        }
      }
      if (events.length === 0) return { unchanged: true as const, result: undefined };
      return { items, event: events[0], events: events.slice(1), result: undefined };
    });
  }
  return getCurtailmentFor(id, actor);
}

/** The events that targeted one of the licensee's own licences (404 for anyone else's). */
export async function listLicenceCurtailments(licenceNumber: string, actor: Actor, limit: number, cursor?: string) {
  asLicensee(await readLicence(licenceNumber), actor);
  const page = await listTargetsOfLicence(licenceNumber, limit, cursor);
  const now = clock.now().toISOString();
  return { items: page.items.map(({ event, target }) => licenseeView(event, target, now)), nextCursor: page.nextCursor };
}
