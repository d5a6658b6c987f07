import { isEnergyCategory, toKw, toMw, type Category, type Region } from "../schemas/common.ts";
import { CATEGORY_WORDS, coversDate, fmtMw, type LineState } from "./rounds.ts";

// Eligibility for surplus energy (docs/product.md "Energy allocations and eligibility"): eligible when a
// published round covers the start date, it has a line for the region and category, the request
// is within the line's minimum and per-applicant cap, and no more than what remains. Every failing
// condition is reported, in words a firm understands.

export interface EligibilityQuestion {
  category: Category;
  region: Region;
  requestedMw: number;
  startDate: string;
  /**
   * kW the company (by registration number, under any account) already holds on the line that covers
   * the request, in ACTIVE and SUSPENDED licences. The public pre-check cannot know the company: 0.
   */
  heldKw?: number;
}

/** A published round as eligibility sees it; `lines` may hold only the lines the caller loaded. */
export interface RoundForEligibility {
  roundId: string;
  name: string;
  effectiveFrom: string;
  effectiveTo: string;
  lines: readonly LineState[];
}

export type ReasonCode = "NO_ENERGY_FOR_CATEGORY" | "NO_ROUND" | "NO_LINE" | "BELOW_MINIMUM" | "ABOVE_CAP" | "ABOVE_REMAINING";

export interface Reason {
  code: ReasonCode;
  message: string;
}

export interface Assessment {
  eligible: boolean;
  reasons: Reason[];
  roundId: string | null;
  remainingKw: number | null;
}

/** The API answer (docs/api.md POST /api/eligibility). */
export interface EligibilityAnswer {
  eligible: boolean;
  reasons: string[];
  remainingMw: number | null;
  roundId: string | null;
}

export function assessEligibility(question: EligibilityQuestion, rounds: readonly RoundForEligibility[]): Assessment {
  const { category, region, startDate } = question;
  const what = `${CATEGORY_WORDS[category] ?? category} in ${region}`;

  if (!isEnergyCategory(category)) {
    return fail([
      {
        code: "NO_ENERGY_FOR_CATEGORY",
        message:
          "Virtual asset services (exchanges, custodians, brokers, wallet providers) do not draw surplus electricity, " +
          "so they are not eligible for an energy allocation. Apply for a sandbox licence without an energy request.",
      },
    ]);
  }

  const covering = rounds.filter((r) => coversDate(r, startDate));
  if (covering.length === 0) {
    return fail([{ code: "NO_ROUND", message: `No published allocation round covers your start date ${startDate}. Choose a start date inside a published round's window.` }]);
  }

  // At most one published round covers a (region, category) on a date (the overlap rule); sorting
  // only makes the answer independent of the order the rounds arrive in should that ever not hold.
  const withLine = covering
    .flatMap((round) => round.lines.filter((l) => l.region === region && l.category === category).map((line) => ({ round, line })))
    .sort((a, b) => a.round.roundId.localeCompare(b.round.roundId));
  const match = withLine[0];
  if (!match) {
    const names = [...new Set(covering.map((r) => `"${r.name}"`))].sort().join(", ");
    return fail([{ code: "NO_LINE", message: `The allocation round covering ${startDate} (${names}) offers no surplus energy for ${what}.` }]);
  }

  const { round, line } = match;
  const requestedKw = toKw(question.requestedMw);
  const asked = `You asked for ${fmtMw(requestedKw)} MW`;
  const reasons: Reason[] = [];
  if (requestedKw < line.minRequestKw) {
    reasons.push({ code: "BELOW_MINIMUM", message: `${asked}; the smallest request accepted for ${what} is ${fmtMw(line.minRequestKw)} MW.` });
  }
  const heldKw = question.heldKw ?? 0;
  if (requestedKw + heldKw > line.maxPerApplicantKw) {
    reasons.push({
      code: "ABOVE_CAP",
      message:
        heldKw > 0
          ? `${asked}, and your company already holds ${fmtMw(heldKw)} MW for ${what} in this round; one applicant may hold at most ${fmtMw(line.maxPerApplicantKw)} MW there in all.`
          : `${asked}; one applicant may get at most ${fmtMw(line.maxPerApplicantKw)} MW for ${what} in this round.`,
    });
  }
  if (requestedKw > line.remainingKw) {
    reasons.push({
      code: "ABOVE_REMAINING",
      message: `${asked}, but only ${fmtMw(Math.max(0, line.remainingKw))} MW remain unallocated for ${what} in round "${round.name}".`,
    });
  }
  return { eligible: reasons.length === 0, reasons, roundId: round.roundId, remainingKw: line.remainingKw };
}

export function toAnswer(assessment: Assessment): EligibilityAnswer {
  return {
    eligible: assessment.eligible,
    reasons: assessment.reasons.map((r) => r.message),
    remainingMw: assessment.remainingKw === null ? null : toMw(assessment.remainingKw),
    roundId: assessment.roundId,
  };
}

function fail(reasons: Reason[]): Assessment {
  return { eligible: false, reasons, roundId: null, remainingKw: null };
}
