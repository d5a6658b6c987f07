import { randomBytes } from "node:crypto";
import { gridRegions, type Actor } from "../domain/actor.ts";
import { Forbidden, NotFound, ValidationError } from "../domain/errors.ts";
import {
  curtailmentStatus,
  declarationErrors,
  declarationPlan,
  limitMw,
  notAcknowledgedBeforeStart,
  type CurtailmentRecord,
  type TargetRecord,
} from "../domain/curtailment.ts";
import type { Region } from "../schemas/common.ts";
import type { CurtailmentStatus, DeclareCurtailment } from "../schemas/curtailment.ts";
import { clock } from "../store/clock.ts";
import { commit } from "../store/commit.ts";
import { curtailableLicences, getCurtailmentWithTargets, listCurtailments, saveCurtailment, saveTarget, stageTargets } from "../store/curtailments.ts";

// Curtailment events: the declaration and what grid operators, admins and reviewers read. A grid
// operator (a `sandbox/meter.<REGION>` machine client) reaches its own regions' events only; admins
// and reviewers reach every region. Acknowledgements and answers: services/curtailment-actions.ts.

const noSuchCurtailment = () => new NotFound("No such curtailment.");
const iso = (dateTime: string) => new Date(dateTime).toISOString();
const nowIso = () => clock.now().toISOString();

/** People who see every region (admins declare anywhere; reviewers supervise everyone). */
const seesEveryRegion = (actor: Actor) => actor.groups.includes("admin") || actor.groups.includes("reviewer");

/** Another region's event is "not yours" for a grid operator: 404, as for one that does not exist. */
export function assertReaches(event: Pick<CurtailmentRecord, "region">, actor: Actor): void {
  if (!seesEveryRegion(actor) && !gridRegions(actor).includes(event.region)) throw noSuchCurtailment();
}

export function summaryView(c: CurtailmentRecord, now: string) {
  return {
    curtailmentId: c.curtailmentId,
    region: c.region,
    startsAt: c.startsAt,
    endsAt: c.endsAt,
    reductionPercent: c.reductionPercent,
    reason: c.reason,
    status: curtailmentStatus(c, now),
    declaredAt: c.declaredAt,
    declaredBy: c.declaredBy,
    targetCount: c.targetCount,
    version: c.version,
  };
}

export function targetView(t: TargetRecord, now: string) {
  return {
    licenceNumber: t.licenceNumber,
    legalName: t.legalName,
    approvedMw: t.approvedMw,
    limitMw: limitMw(t.approvedMw, t.reductionPercent),
    acknowledgedAt: t.acknowledgedAt ?? null,
    notAcknowledgedBeforeStart: notAcknowledgedBeforeStart(t, now),
    averageMw: t.averageMw ?? null,
    outcome: t.outcome,
    respondedAt: t.respondedAt ?? null,
    caseId: t.caseId ?? null,
  };
}

/** One licensee's view: the event and its own target, nothing of the other targets. */
export function licenseeView(c: CurtailmentRecord, t: TargetRecord, now: string) {
  const { targetCount: _count, declaredBy: _by, ...event } = summaryView(c, now);
  return { ...event, ...targetView(t, now) };
}

/**
 * Declares an event. A grid operator only for its own regions (another region is a 403: regions are
 * public, nothing is revealed, and the caller's role may not do this there); an admin for any. The
 * targets are the region's ACTIVE curtailable energy licences as read now, fixed from then on. Up to
 * 98 targets the event, its targets and its audit event are ONE transaction; beyond, the first
 * targets are staged in transactions of 100 and the last transaction writes the event item with the
 * rest and the audit event (docs/curtailment.md).
 */
export async function declareCurtailment(input: DeclareCurtailment, actor: Actor) {
  if (!actor.groups.includes("admin") && !gridRegions(actor).includes(input.region)) {
    throw new Forbidden(`A grid operator declares curtailments in its own region only (${gridRegions(actor).join(", ") || "none"}).`);
  }
  const startsAt = iso(input.startsAt);
  const endsAt = iso(input.endsAt);
  const errors = declarationErrors({ startsAt, endsAt }, nowIso());
  if (errors.length) throw new ValidationError("The curtailment's times are not valid.", errors);

  const curtailmentId = randomBytes(8).toString("hex");
  const licences = await curtailableLicences(input.region, nowIso());
  const targets: TargetRecord[] = licences.map((l) => ({
    curtailmentId,
    licenceNumber: l.licenceNumber,
    legalName: l.legalName,
    holderSub: l.holderSub,
    approvedMw: l.approvedMw ?? 0,
    region: input.region,
    startsAt,
    endsAt,
    reductionPercent: input.reductionPercent,
    reason: input.reason,
    outcome: "PENDING",
    version: 1,
  }));
  const plan = declarationPlan(targets);
  for (const chunk of plan.staged) await stageTargets(chunk);

  const numbers = targets.map((t) => t.licenceNumber);
  const { result } = await commit(actor, async (now) => {
    const event: CurtailmentRecord = {
      curtailmentId,
      region: input.region,
      startsAt,
      endsAt,
      reductionPercent: input.reductionPercent,
      reason: input.reason,
      declaredAt: now,
      declaredBy: actor.sub,
      targetCount: targets.length,
      version: 1,
    };
    return {
      items: [saveCurtailment(event), ...plan.last.map(saveTarget)],
      // `targets` is what the notifier reads to tell each targeted licensee (domain/notices.ts).
      event: {
        action: "curtailment.declare",
        entityType: "curtailment",
        entityId: curtailmentId,
        data: { region: input.region, startsAt, endsAt, reductionPercent: input.reductionPercent, reason: input.reason, targets: numbers, targetCount: numbers.length },
      },
      result: event,
    };
  });
  return { ...summaryView(result, nowIso()), targets: numbers };
}

/** The event with each target's acknowledgement, answer and outcome. */
export async function getCurtailmentFor(id: string, actor: Actor) {
  const found = await getCurtailmentWithTargets(id, true);
  if (!found) throw noSuchCurtailment();
  assertReaches(found.event, actor);
  const now = nowIso();
  return { ...summaryView(found.event, now), targets: found.targets.map((t) => targetView(t, now)) };
}

/**
 * Events, newest start first. A grid operator sees its own regions; asking for another region by
 * filter is a 403 (as declaring there is), never an empty list that would look like "none there".
 */
export async function listCurtailmentsFor(filters: { region?: Region; status?: CurtailmentStatus }, actor: Actor, limit: number, cursor?: string) {
  let regions: Region[] | undefined = filters.region ? [filters.region] : undefined;
  if (!seesEveryRegion(actor)) {
    const own = gridRegions(actor);
    if (filters.region && !own.includes(filters.region)) throw new Forbidden(`A grid operator reads curtailments of its own region only (${own.join(", ") || "none"}).`);
    regions = filters.region ? [filters.region] : own;
  }
  const now = nowIso();
  const page = await listCurtailments({ regions, status: filters.status }, now, limit, cursor);
  return { items: page.items.map((c) => summaryView(c, now)), nextCursor: page.nextCursor };
}

/** Auditors: every event with every target, newest start first (read-only; one partition read per event). */
export async function auditCurtailments(filters: { region?: Region; status?: CurtailmentStatus }, limit: number, cursor?: string) {
  const now = nowIso();
  const page = await listCurtailments({ regions: filters.region ? [filters.region] : undefined, status: filters.status }, now, limit, cursor);
  const whole = await Promise.all(page.items.map((c) => getCurtailmentWithTargets(c.curtailmentId)));
  const items = whole.flatMap((found) => (found ? [{ ...summaryView(found.event, now), targets: found.targets.map((t) => targetView(t, now)) }] : []));
  return { items, nextCursor: page.nextCursor };
}
