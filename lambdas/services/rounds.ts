import { randomUUID } from "node:crypto";
import type { Actor } from "../domain/actor.ts";
import { Conflict, NotFound, ValidationError } from "../domain/errors.ts";
import { assessEligibility, toAnswer, type EligibilityAnswer, type EligibilityQuestion, type RoundForEligibility } from "../domain/eligibility.ts";
import { checkAmendment, compareLines, describeClashes, findClashes, lineKey } from "../domain/rounds.ts";
import { FULL_AVAILABILITY } from "../domain/energy.ts";
import { LIMITS, isEnergyCategory, toKw, toMw } from "../schemas/common.ts";
import type { Amendment, PublishRound } from "../schemas/allocations.ts";
import { commit, type TxItem } from "../store/commit.ts";
import { amendLine, bumpRoundVersion, getRound, lineState, putNewLine, putRoundMeta, readLine, readRoundMeta, roundView, type RoundMeta, type RoundSummary, type RoundView, type StoredLine } from "../store/rounds.ts";
import { coverageOf, MAX_ROUNDS, putIndexWith, readCoveringLines, readIndex, type IndexEntry, type LineQuestion } from "../store/round-index.ts";

// Allocation rounds' use cases: publish (overlap rule against the index, one commit), amend one line,
// and the questions eligibility and approvals ask of the covering round.

const NEW_ROUND_ID = () => randomUUID().replaceAll("-", "").slice(0, 16);

/** The round covering (region, category) on a date, with its line as it stands; at most one exists. */
export async function findCoveringLine(q: LineQuestion): Promise<{ round: RoundSummary; line: StoredLine } | undefined> {
  if (!isEnergyCategory(q.category)) return undefined;
  const { offering, lines } = await readCoveringLines(q);
  for (const r of [...offering].sort((a, b) => a.roundId.localeCompare(b.roundId))) {
    const line = lines.get(r.roundId);
    if (line) {
      const { roundId, name, effectiveFrom, effectiveTo, tariffUsdCentsPerKwh } = r;
      return { round: { roundId, name, effectiveFrom, effectiveTo, tariffUsdCentsPerKwh }, line };
    }
  }
  return undefined;
}

/** POST /api/eligibility, and the applicant's draft check: reads the covering round, then applies the pure rules. */
export async function checkEligibility(question: EligibilityQuestion): Promise<EligibilityAnswer> {
  if (!isEnergyCategory(question.category)) return toAnswer(assessEligibility(question, []));
  const { covering, lines } = await readCoveringLines(question);
  const rounds: RoundForEligibility[] = covering.map((r) => {
    const line = lines.get(r.roundId);
    return { roundId: r.roundId, name: r.name, effectiveFrom: r.effectiveFrom, effectiveTo: r.effectiveTo, lines: line ? [line] : [] };
  });
  return toAnswer(assessEligibility(question, rounds));
}

/** Publishes a round: meta, every line and the index bump, checked against the overlap rule, as one commit. */
export async function publishRound(actor: Actor, input: PublishRound): Promise<RoundView> {
  const { result } = await commit(actor, async (now) => {
    const index = await readIndex();
    // A clear refusal rather than a failed write once the index item would grow too large.
    if (Object.keys(index?.rounds ?? {}).length >= MAX_ROUNDS) throw new Conflict(`At most ${MAX_ROUNDS} allocation rounds can be published; amend an existing round instead.`);
    const clashes = findClashes(input, coverageOf(index));
    if (clashes.length > 0) throw new Conflict(describeClashes(clashes), undefined, { clashes });

    // A fresh id on every attempt: a (vanishingly unlikely) collision just retries.
    const roundId = NEW_ROUND_ID();
    const lines: StoredLine[] = input.lines.map((l) => {
      const totalKw = toKw(l.mw);
      return {
        region: l.region,
        category: l.category,
        totalKw,
        approvedKw: 0,
        remainingKw: totalKw,
        maxPerApplicantKw: toKw(l.maxPerApplicantMw),
        minRequestKw: toKw(l.minRequestMw),
        monthlyAvailability: [...(l.monthlyAvailability ?? FULL_AVAILABILITY)],
      };
    });
    const meta: RoundMeta = {
      roundId,
      name: input.name,
      ...(input.description ? { description: input.description } : {}),
      effectiveFrom: input.effectiveFrom,
      effectiveTo: input.effectiveTo,
      tariffUsdCentsPerKwh: input.tariffUsdCentsPerKwh,
      publishedAt: now,
      publishedBy: actor.sub,
      version: 1,
    };
    const entry: IndexEntry = {
      name: input.name,
      effectiveFrom: input.effectiveFrom,
      effectiveTo: input.effectiveTo,
      tariffUsdCentsPerKwh: input.tariffUsdCentsPerKwh,
      lines: lines.map((l) => lineKey(l.region, l.category)),
    };
    const items: TxItem[] = [putRoundMeta(meta), ...lines.map((l) => putNewLine(roundId, l, now)), putIndexWith(index, roundId, entry)];
    return {
      items,
      event: {
        action: "round.published",
        entityType: "round",
        entityId: roundId,
        data: {
          name: input.name,
          ...(input.description ? { description: input.description } : {}),
          effectiveFrom: input.effectiveFrom,
          effectiveTo: input.effectiveTo,
          tariffUsdCentsPerKwh: input.tariffUsdCentsPerKwh,
          lines: [...lines].sort(compareLines).map((l) => ({
            region: l.region,
            category: l.category,
            mw: toMw(l.totalKw),
            maxPerApplicantMw: toMw(l.maxPerApplicantKw),
            minRequestMw: toMw(l.minRequestKw),
            monthlyAvailability: l.monthlyAvailability,
          })),
        },
      },
      result: roundView(meta, lines),
    };
  });
  return result;
}

/**
 * Moves one existing line's total by deltaMw (and what remains with it), never below what is
 * approved, and/or replaces its availability profile; bumps the round's version. Lines cannot be
 * added this way: a new (region, category) would need the overlap check, so that takes a new round.
 */
export async function amendRound(actor: Actor, roundId: string, amendment: Amendment): Promise<RoundView> {
  const deltaKw = amendment.deltaMw === undefined ? 0 : toKw(amendment.deltaMw);
  const { region, category, monthlyAvailability } = amendment;
  await commit(actor, async (now) => {
    const [meta, line] = await Promise.all([readRoundMeta(roundId), readLine(roundId, region, category)]);
    if (!meta) throw new NotFound(`There is no allocation round ${roundId}.`);
    if (!line) {
      throw new NotFound(
        `Round "${meta.name}" has no line for ${region} / ${category}. Amendments change existing lines only; ` +
          "to offer MW for another region or category, publish a new round (publishing checks it against overlapping rounds).",
      );
    }
    const refuse = (state: StoredLine) => {
      if (deltaKw === 0) return undefined;
      const check = checkAmendment(state, deltaKw);
      if (check.ok) return undefined;
      return check.problem === "below-approved"
        ? new Conflict(check.message, undefined, { approvedMw: toMw(state.approvedKw), remainingMw: toMw(state.remainingKw), mw: toMw(state.totalKw) })
        : new ValidationError(check.message, [{ path: "deltaMw", message: `the line may hold at most ${LIMITS.maxLineMw} MW` }]);
    };
    const refused = refuse(line);
    if (refused) throw refused;

    const ref = { roundId, region, category };
    return {
      items: [
        amendLine(ref, line, { deltaKw, monthlyAvailability }, now, (current) => {
          if (!current) return new NotFound(`Round ${roundId} has no line for ${region} / ${category}.`);
          const state = lineState(current);
          // A concurrent amendment moved the total: rebuild from it.
          if (state.totalKw !== line.totalKw) return "retry";
          return refuse(state) ?? "retry";
        }),
        bumpRoundVersion(roundId, now, () => new NotFound(`There is no allocation round ${roundId}.`)),
      ],
      event: {
        action: "round.amended",
        entityType: "round",
        entityId: roundId,
        data: {
          region,
          category,
          ...(amendment.deltaMw !== undefined ? { deltaMw: toMw(deltaKw), mwBefore: toMw(line.totalKw), mwAfter: toMw(line.totalKw + deltaKw) } : {}),
          ...(monthlyAvailability ? { monthlyAvailabilityBefore: line.monthlyAvailability, monthlyAvailability } : {}),
          reason: amendment.reason,
        },
      },
      result: undefined,
    };
  });
  const round = await getRound(roundId);
  if (!round) throw new NotFound(`There is no allocation round ${roundId}.`);
  return round;
}
