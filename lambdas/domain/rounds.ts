import { CATEGORIES, REGIONS, LIMITS, toKw, toMw, type EnergyCategory, type Region } from "../schemas/common.ts";

// Pure rules for allocation rounds: the overlap rule between published rounds, the bounds of an
// amendment, and the MW arithmetic of a line. MW live as integer kW everywhere below this line
// (toKw/toMw at the edges) so sums never drift.

/** A line as the ledger holds it: invariant remainingKw = totalKw - approvedKw, approvedKw >= 0. */
export interface LineState {
  region: Region;
  category: EnergyCategory;
  totalKw: number;
  approvedKw: number;
  remainingKw: number;
  maxPerApplicantKw: number;
  minRequestKw: number;
}

/** What the overlap rule needs of a published round: its window and which (region, category) it covers. */
export interface RoundCoverage {
  roundId: string;
  name: string;
  effectiveFrom: string;
  effectiveTo: string;
  lines: ReadonlyArray<{ region: Region; category: EnergyCategory }>;
}

export interface Clash {
  roundId: string;
  name: string;
  region: Region;
  category: EnergyCategory;
  effectiveFrom: string;
  effectiveTo: string;
}

/** Inclusive YYYY-MM-DD windows; a round ending on the day another starts shares that day. */
export function windowsOverlap(a: { effectiveFrom: string; effectiveTo: string }, b: { effectiveFrom: string; effectiveTo: string }): boolean {
  return a.effectiveFrom <= b.effectiveTo && b.effectiveFrom <= a.effectiveTo;
}

export function coversDate(round: { effectiveFrom: string; effectiveTo: string }, date: string): boolean {
  return round.effectiveFrom <= date && date <= round.effectiveTo;
}

export const lineKey = (region: string, category: string): string => `${region}#${category}`;

/** Every (existing round, line) that would cover the same (region, category) on some date as the candidate. */
export function findClashes(candidate: Omit<RoundCoverage, "roundId" | "name">, published: readonly RoundCoverage[]): Clash[] {
  const wanted = new Set(candidate.lines.map((l) => lineKey(l.region, l.category)));
  const clashes: Clash[] = [];
  for (const round of published) {
    if (!windowsOverlap(candidate, round)) continue;
    for (const line of round.lines) {
      if (!wanted.has(lineKey(line.region, line.category))) continue;
      clashes.push({ roundId: round.roundId, name: round.name, region: line.region, category: line.category, effectiveFrom: round.effectiveFrom, effectiveTo: round.effectiveTo });
    }
  }
  return clashes.sort((x, y) => x.roundId.localeCompare(y.roundId) || compareLines(x, y));
}

export function describeClashes(clashes: readonly Clash[]): string {
  const parts = clashes.map((c) => `round "${c.name}" (${c.roundId}) already covers ${c.region} / ${c.category} from ${c.effectiveFrom} to ${c.effectiveTo}`);
  return `Two published rounds may not cover the same region and category on the same date: ${parts.join("; ")}.`;
}

export type AmendmentCheck = { ok: true; totalKw: number; remainingKw: number } | { ok: false; problem: "below-approved" | "above-limit"; message: string };

/**
 * An amendment moves a line's total (and with it what remains) by deltaKw. It may never take the total
 * below what is already approved (those MW are held by licences), nor above the per-line limit.
 */
export function checkAmendment(line: Pick<LineState, "totalKw" | "approvedKw" | "remainingKw" | "region" | "category">, deltaKw: number): AmendmentCheck {
  const totalKw = line.totalKw + deltaKw;
  if (totalKw < line.approvedKw) {
    return {
      ok: false,
      problem: "below-approved",
      message:
        `${line.region} / ${line.category} has ${fmtMw(line.approvedKw)} MW approved to licences, so its total cannot go below that; ` +
        `a change of ${fmtMw(deltaKw)} MW would leave ${fmtMw(totalKw)} MW. It can be reduced by at most ${fmtMw(line.remainingKw)} MW.`,
    };
  }
  const maxKw = toKw(LIMITS.maxLineMw);
  if (totalKw > maxKw) {
    return { ok: false, problem: "above-limit", message: `A line may hold at most ${LIMITS.maxLineMw} MW; this change would make it ${fmtMw(totalKw)} MW.` };
  }
  return { ok: true, totalKw, remainingKw: line.remainingKw + deltaKw };
}

/** The stable order of lines in every answer: by region as listed in the product brief, then category. */
export function compareLines(a: { region: string; category: string }, b: { region: string; category: string }): number {
  return (
    REGIONS.indexOf(a.region as Region) - REGIONS.indexOf(b.region as Region) ||
    CATEGORIES.indexOf(a.category as EnergyCategory) - CATEGORIES.indexOf(b.category as EnergyCategory)
  );
}

/** MW for people: at most 3 decimals, no trailing zeros. */
export function fmtMw(kw: number): string {
  return String(toMw(kw));
}

export const CATEGORY_WORDS: Record<string, string> = {
  BITCOIN_MINING: "Bitcoin mining",
  AI_DATA_CENTRE: "AI data centres",
  VIRTUAL_ASSET_SERVICE: "virtual asset services",
};

/**
 * A licence may not exceed what the round lets one applicant hold, nor fall under its minimum: the same
 * bounds the eligibility pre-check states, enforced again when MW are approved. Remaining MW are the
 * ledger's condition, checked atomically at consumption. Returns what is wrong, or undefined.
 */
export function approvalLimitProblem(line: Pick<LineState, "region" | "category" | "maxPerApplicantKw" | "minRequestKw">, kw: number): string | undefined {
  if (kw > line.maxPerApplicantKw) {
    return `${line.region} / ${line.category} allows at most ${fmtMw(line.maxPerApplicantKw)} MW per applicant; ${fmtMw(kw)} MW cannot be approved.`;
  }
  if (kw < line.minRequestKw) {
    return `${line.region} / ${line.category} allocates at least ${fmtMw(line.minRequestKw)} MW per licence; ${fmtMw(kw)} MW is below that.`;
  }
  return undefined;
}
