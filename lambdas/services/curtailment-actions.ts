import { gridRegions, type Actor } from "../domain/actor.ts";
import { Conflict, NotFound } from "../domain/errors.ts";
import { assertAckable, chunks, limitMw, pickAckTarget, planResponses, RESPONSES_PER_TRANSACTION, type TargetRecord } from "../domain/curtailment.ts";
import type { RespondCurtailment } from "../schemas/curtailment.ts";
import { clock } from "../store/clock.ts";
import { commit, type EventInput, type TxItem } from "../store/commit.ts";
import { getCurtailmentWithTargets, getTargets, listTargetsOfLicence, saveTarget } from "../store/curtailments.ts";
import { openCase } from "./cases.ts";
import { getCurtailmentFor, licenseeView } from "./curtailments.ts";
import { asLicensee, readLicence } from "./supervision-access.ts";

// What happens to a declared event's targets: the licensee acknowledges, the grid operator answers
// after the end (COMPLIED or FAILED; a failure opens a CURTAILMENT_FAILURE case in the same
// transaction). Each target is an item of its own and its events are the target's own
// (entity `curtailment-target`, id `<curtailmentId>/<licenceNumber>`), so hundreds of licensees
// acknowledging at once never contend for one item or one entity's event sequence.

const targetEntity = (curtailmentId: string, licenceNumber: string) => `${curtailmentId}/${licenceNumber}`;

/** The stable id of the case a failed target opens: an answer stored twice opens it once. */
export const failureCaseId = (curtailmentId: string, licenceNumber: string) => `CURTAILMENT_FAILURE-${curtailmentId}-${licenceNumber}`;

/**
 * The licensee acknowledges for one of its targeted licences (the only one, or the one named). 404 for
 * a firm with no targeted licence; acknowledging again changes nothing; after the end a 409.
 */
export async function acknowledgeCurtailment(id: string, licenceNumber: string | undefined, actor: Actor) {
  const { result } = await commit(actor, async (now) => {
    const found = await getCurtailmentWithTargets(id, true);
    if (!found) throw new NotFound("No such curtailment.");
    const target = pickAckTarget(
      found.targets.filter((t) => t.holderSub === actor.sub),
      licenceNumber,
    );
    if (target.acknowledgedAt) return { unchanged: true as const, result: licenseeView(found.event, target, now) };
    assertAckable(found.event, now);
    const next: TargetRecord = { ...target, acknowledgedAt: now, acknowledgedBy: actor.sub, version: target.version + 1 };
    return {
      items: [saveTarget(next)],
      event: {
        action: "curtailment.acknowledge",
        entityType: "curtailment-target",
        entityId: targetEntity(id, target.licenceNumber),
        data: { curtailmentId: id, licenceNumber: target.licenceNumber, acknowledgedAt: now, beforeStart: now < found.event.startsAt },
      },
      result: licenseeView(found.event, next, now),
    };
  });
  return result;
}

/**
 * The grid operator's answers after the end, checked whole first (domain planResponses), then stored
 * RESPONSES_PER_TRANSACTION at a time: each chunk is one transaction of its targets, the cases its
 * failures open and one event per target. A request cut short (a 503 mid-way) is safely sent again:
 * answers already stored with the same figure are unchanged, the rest are stored. Answers the event.
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
      const answered = await Promise.all(
        chunk.map(async (answer) => {
          const target = current.get(answer.licenceNumber)!;
          if (target.outcome !== "PENDING") {
            // Answered meanwhile by a concurrent request: the same figure is nothing to do.
            if (target.averageMw !== answer.averageMw) throw new Conflict(`${answer.licenceNumber} was already answered with ${target.averageMw} MW.`, [{ path: `responses.${answer.index}.averageMw`, message: "already answered with another figure" }]);
            return undefined;
          }
          const limit = limitMw(target.approvedMw, target.reductionPercent);
          const caseId = answer.outcome === "FAILED" ? failureCaseId(id, answer.licenceNumber) : undefined;
          const opened = caseId
            ? await openCase({
                licenceNumber: answer.licenceNumber,
                kind: "CURTAILMENT_FAILURE",
                caseId,
                cause: { source: "curtailment", curtailmentId: id, region: event.region, startsAt: event.startsAt, endsAt: event.endsAt, reductionPercent: event.reductionPercent, approvedMw: target.approvedMw, limitMw: limit, averageMw: answer.averageMw },
                by: actor.sub,
                now,
              })
            : undefined;
          const next: TargetRecord = { ...target, averageMw: answer.averageMw, outcome: answer.outcome, respondedAt: now, ...(caseId ? { caseId } : {}), version: target.version + 1 };
          return { next, opened, caseId, limit };
        }),
      );
      for (const a of answered) {
        if (!a) continue;
        items.push(saveTarget(a.next), ...(a.opened?.items ?? []));
        // caseId in the event's data is what tells the licensee a case opened (domain/notices.ts).
        events.push({
          action: "curtailment.respond",
          entityType: "curtailment-target",
          entityId: targetEntity(id, a.next.licenceNumber),
          data: { curtailmentId: id, licenceNumber: a.next.licenceNumber, averageMw: a.next.averageMw, limitMw: a.limit, outcome: a.next.outcome, ...(a.caseId ? { caseId: a.caseId } : {}) },
        });
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
