import { Conflict, InvalidTransition, NotFound, ValidationError, type FieldError } from "./errors.ts";
import { toKw, toMw, type Region } from "../schemas/common.ts";
import type { CurtailmentOutcome, CurtailmentStatus } from "../schemas/curtailment.ts";

// Pure rules for curtailment events (docs/curtailment.md): the event's status on the product clock,
// what a targeted licence may draw, its outcome, whether it acknowledged in time, and how the writes
// are cut to fit DynamoDB's 100 items a transaction.

/** The event itself: fixed at declaration (its targets are items of their own, see TargetRecord). */
export interface CurtailmentRecord {
  curtailmentId: string;
  region: Region;
  startsAt: string;
  endsAt: string;
  reductionPercent: number;
  reason: string;
  declaredAt: string;
  /** The grid operator's client or the admin who declared it. */
  declaredBy: string;
  targetCount: number;
  version: number;
}

/** One targeted licence of one event: fixed at declaration, then acknowledged, then answered. */
export interface TargetRecord {
  curtailmentId: string;
  licenceNumber: string;
  legalName: string;
  /** The licensee (the applicant the licence was issued to): who may acknowledge. Never shown. */
  holderSub: string;
  /** The licence's approved MW at declaration: a later variation does not move the bar. */
  approvedMw: number;
  /** Copied from the event (immutable there), so a licensee's list needs no join to read them. */
  region: Region;
  startsAt: string;
  endsAt: string;
  reductionPercent: number;
  reason: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  averageMw?: number;
  outcome: CurtailmentOutcome;
  respondedAt?: string;
  caseId?: string;
  version: number;
}

/**
 * How far in the past a start may be when declared: the operator's and the registry's clocks differ
 * by seconds, and a request may spend a little while in flight. Anything older is a 400.
 */
export const START_TOLERANCE_MS = 5 * 60 * 1000;

/** The last transaction of a declaration: the event item, its audit event and up to this many targets. */
export const TARGETS_IN_DECLARATION = 98;
/** Targets written ahead of a large declaration, per transaction (DynamoDB's limit). */
export const TARGETS_PER_STAGING = 100;
/** Responses per transaction: each is up to 4 items (target, case, case marker, event). */
export const RESPONSES_PER_TRANSACTION = 20;

export function curtailmentStatus(event: Pick<CurtailmentRecord, "startsAt" | "endsAt">, now: string): CurtailmentStatus {
  if (now < event.startsAt) return "UPCOMING";
  if (now < event.endsAt) return "IN_PROGRESS";
  return "ENDED";
}

/** The most a licence may draw on average during the event, in whole kW (rounded down: never more than asked). */
export function limitKw(approvedMw: number, reductionPercent: number): number {
  return Math.floor((toKw(approvedMw) * (100 - reductionPercent)) / 100);
}

export const limitMw = (approvedMw: number, reductionPercent: number): number => toMw(limitKw(approvedMw, reductionPercent));

/** At most approved MW x (1 - reduction) is COMPLIED, above it FAILED (integer kW, no float edge). */
export function outcomeOf(approvedMw: number, reductionPercent: number, averageMw: number): Exclude<CurtailmentOutcome, "PENDING"> {
  return toKw(averageMw) * 100 <= toKw(approvedMw) * (100 - reductionPercent) ? "COMPLIED" : "FAILED";
}

/** Marked once the event has started without an acknowledgement before its start (acknowledged late, or never). */
export function notAcknowledgedBeforeStart(target: Pick<TargetRecord, "acknowledgedAt" | "startsAt">, now: string): boolean {
  if (now < target.startsAt) return false;
  return !(target.acknowledgedAt !== undefined && target.acknowledgedAt < target.startsAt);
}

/** The declaration's timing against the product clock (the schema already has startsAt < endsAt). */
export function declarationErrors(input: { startsAt: string; endsAt: string }, now: string): FieldError[] {
  const errors: FieldError[] = [];
  if (Date.parse(input.startsAt) < Date.parse(now) - START_TOLERANCE_MS) errors.push({ path: "startsAt", message: "must not be in the past" });
  if (Date.parse(input.endsAt) <= Date.parse(input.startsAt)) errors.push({ path: "endsAt", message: "must be after startsAt" });
  return errors;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  if (!(size >= 1)) throw new RangeError(`chunk size must be at least 1: ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * How a declaration's targets are written: `staged` go first, in transactions of their own (invisible:
 * every reader starts from the event item), `last` in the transaction that writes the event item and
 * its audit event. A region with at most TARGETS_IN_DECLARATION curtailable licences is one transaction.
 */
export function declarationPlan<T>(targets: readonly T[]): { staged: T[][]; last: T[] } {
  const splitAt = Math.max(0, targets.length - TARGETS_IN_DECLARATION);
  return { staged: chunks(targets.slice(0, splitAt), TARGETS_PER_STAGING), last: targets.slice(splitAt) };
}

/**
 * Which of the firm's targeted licences an acknowledgement is for: the one named, or the only one.
 * 404 when the firm holds none (or not the one named: another firm's target is not revealed), 400
 * naming licenceNumber when it holds several and named none.
 */
export function pickAckTarget<T extends Pick<TargetRecord, "licenceNumber">>(own: readonly T[], licenceNumber: string | undefined): T {
  if (licenceNumber !== undefined) {
    const named = own.find((t) => t.licenceNumber === licenceNumber);
    if (!named) throw new NotFound("No such curtailment for that licence.");
    return named;
  }
  if (own.length === 0) throw new NotFound("No such curtailment.");
  if (own.length > 1) {
    throw new ValidationError("Your firm holds several of the targeted licences: say which one.", [{ path: "licenceNumber", message: `required: one of ${own.map((t) => t.licenceNumber).join(", ")}` }]);
  }
  return own[0];
}

export interface ResponseInput {
  licenceNumber: string;
  averageMw: number;
}

/**
 * The grid operator's answer, checked whole before anything is written: only after the end; every
 * licence must be a target (400 at responses.<i>.licenceNumber); a target already answered with
 * another figure is a 409 at responses.<i>.averageMw (an outcome, and any case it opened, is final);
 * the same figure again is unchanged. Answers the responses still to store, with their outcomes.
 */
export function planResponses(
  event: Pick<CurtailmentRecord, "endsAt" | "reductionPercent">,
  targets: ReadonlyMap<string, Pick<TargetRecord, "licenceNumber" | "approvedMw" | "averageMw" | "outcome">>,
  responses: readonly ResponseInput[],
  now: string,
): { index: number; licenceNumber: string; averageMw: number; outcome: "COMPLIED" | "FAILED" }[] {
  if (now < event.endsAt) throw new InvalidTransition("The curtailment has not ended yet; answer after its end.");
  const unknown: FieldError[] = [];
  const changed: FieldError[] = [];
  const todo: ReturnType<typeof planResponses> = [];
  responses.forEach((r, index) => {
    const target = targets.get(r.licenceNumber);
    if (!target) {
      unknown.push({ path: `responses.${index}.licenceNumber`, message: "not a licence this curtailment targeted" });
      return;
    }
    if (target.outcome !== "PENDING") {
      if (target.averageMw !== r.averageMw) changed.push({ path: `responses.${index}.averageMw`, message: `already answered with ${target.averageMw} MW (${target.outcome})` });
      return;
    }
    todo.push({ index, licenceNumber: r.licenceNumber, averageMw: r.averageMw, outcome: outcomeOf(target.approvedMw, event.reductionPercent, r.averageMw) });
  });
  if (unknown.length) throw new ValidationError("Some responses are not valid; nothing was stored.", unknown);
  if (changed.length) throw new Conflict("Some targets were already answered with other figures; nothing was stored.", changed);
  return todo;
}

/** A target's state in CURTAILMENT_TARGET_WORKFLOW. */
export function targetState(target: Pick<TargetRecord, "outcome" | "acknowledgedAt">): "NOT_ACKNOWLEDGED" | "ACKNOWLEDGED" | "COMPLIED" | "FAILED" {
  if (target.outcome !== "PENDING") return target.outcome;
  return target.acknowledgedAt ? "ACKNOWLEDGED" : "NOT_ACKNOWLEDGED";
}
