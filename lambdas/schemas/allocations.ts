import * as z from "zod";
import { Category, EnergyCategory, Id, LIMITS, Region, isoDate, message, mw, name, page, text } from "./common.ts";

// Allocation rounds, amendments and the eligibility pre-check (docs/api.md "Admin", "Public").

/**
 * A line's share of its MW on offer in each calendar month, January first (docs/energy.md): the
 * winter surplus is larger than the summer one. Absent means 1 for every month.
 */
export const MonthlyAvailability = z
  .array(z.number({ error: "must be a number" }).min(0, "at least 0").max(1, "at most 1"), { error: "12 numbers, January first" })
  .length(12, "12 numbers, January first");
export type MonthlyAvailability = z.infer<typeof MonthlyAvailability>;

export const RoundLineInput = z
  .strictObject({
    region: Region,
    category: EnergyCategory,
    mw: mw({ max: LIMITS.maxLineMw }),
    maxPerApplicantMw: mw({ max: LIMITS.maxLineMw }),
    minRequestMw: mw({ max: LIMITS.maxLineMw }),
    monthlyAvailability: MonthlyAvailability.optional(),
  })
  .superRefine((line, ctx) => {
    if (line.maxPerApplicantMw > line.mw) ctx.addIssue({ code: "custom", path: ["maxPerApplicantMw"], message: "must not exceed the line's mw" });
    if (line.minRequestMw > line.maxPerApplicantMw) ctx.addIssue({ code: "custom", path: ["minRequestMw"], message: "must not exceed maxPerApplicantMw" });
  });

export const PublishRound = z
  .strictObject({
    name: name(),
    description: text(LIMITS.message).optional(),
    effectiveFrom: isoDate(),
    effectiveTo: isoDate(),
    tariffUsdCentsPerKwh: z.number({ error: "must be a number" }).gt(0, "must be greater than 0").max(1000, "at most 1000"),
    lines: z.array(RoundLineInput).min(1, "at least one line").max(24, "at most one line per region and category"),
  })
  .superRefine((round, ctx) => {
    if (round.effectiveTo < round.effectiveFrom) ctx.addIssue({ code: "custom", path: ["effectiveTo"], message: "must be on or after effectiveFrom" });
    const seen = new Set<string>();
    round.lines.forEach((line, i) => {
      const key = `${line.region}/${line.category}`;
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: ["lines", i], message: `${key} appears twice` });
      seen.add(key);
    });
  });
export type PublishRound = z.infer<typeof PublishRound>;

/** deltaMw may be left out only when the amendment changes the availability profile alone. */
export const Amendment = z
  .strictObject({
    region: Region,
    category: EnergyCategory,
    deltaMw: mw({ min: "nonzero", max: LIMITS.maxLineMw }).optional(),
    monthlyAvailability: MonthlyAvailability.optional(),
    reason: message(),
  })
  .superRefine((a, ctx) => {
    if (a.deltaMw === undefined && a.monthlyAvailability === undefined) ctx.addIssue({ code: "custom", path: ["deltaMw"], message: "required (unless monthlyAvailability is given)" });
  });
export type Amendment = z.infer<typeof Amendment>;

export const EligibilityRequest = z.strictObject({
  category: Category,
  region: Region,
  requestedMw: mw({ max: LIMITS.maxMw }),
  startDate: isoDate(),
});
export type EligibilityRequest = z.infer<typeof EligibilityRequest>;

export const RoundParams = z.strictObject({ roundId: Id });

// --- Responses -------------------------------------------------------------------------------------

/** One line of a round as the ledger holds it (store/rounds.ts lineView). */
export const RoundLineView = z.strictObject({
  region: Region,
  category: EnergyCategory,
  mw: z.number(),
  maxPerApplicantMw: z.number(),
  minRequestMw: z.number(),
  monthlyAvailability: z.array(z.number()).length(12),
  approvedMw: z.number(),
  remainingMw: z.number(),
});
export const RoundView = z.strictObject({
  roundId: z.string(),
  name: z.string(),
  description: z.string().optional(),
  effectiveFrom: z.string(),
  effectiveTo: z.string(),
  tariffUsdCentsPerKwh: z.number(),
  publishedAt: z.string(),
  version: z.number().int(),
  lines: z.array(RoundLineView),
});
export type RoundView = z.output<typeof RoundView>;
export const RoundPage = page(RoundView);

/** POST /api/eligibility and GET /api/applications/{id}/eligibility. */
export const EligibilityAnswer = z.strictObject({ eligible: z.boolean(), reasons: z.array(z.string()), remainingMw: z.number().nullable(), roundId: z.string().nullable() });
export type EligibilityAnswer = z.output<typeof EligibilityAnswer>;
