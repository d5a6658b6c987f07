import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { assessEligibility, toAnswer, type EligibilityQuestion, type RoundForEligibility } from "../../lambdas/domain/eligibility.ts";
import type { LineState } from "../../lambdas/domain/rounds.ts";
import { CATEGORIES, ENERGY_CATEGORIES, REGIONS, type Category, type EnergyCategory, type Region } from "../../lambdas/schemas/common.ts";

// Dates as day offsets from an epoch keep generated windows and start dates comparable.
const EPOCH = Date.UTC(2025, 0, 1);
const day = (n: number) => new Date(EPOCH + n * 86_400_000).toISOString().slice(0, 10);

const lineArb = (region?: Region, category?: EnergyCategory) =>
  fc
    .record({
      region: region ? fc.constant(region) : fc.constantFrom(...REGIONS),
      category: category ? fc.constant(category) : fc.constantFrom(...ENERGY_CATEGORIES),
      totalKw: fc.integer({ min: 1, max: 2_000_000 }),
      approvedFraction: fc.double({ min: 0, max: 1, noNaN: true }),
      capFraction: fc.double({ min: 0, max: 1, noNaN: true }),
      minFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map(({ region, category, totalKw, approvedFraction, capFraction, minFraction }): LineState => {
      const approvedKw = Math.floor(totalKw * approvedFraction);
      const maxPerApplicantKw = Math.max(1, Math.floor(totalKw * capFraction));
      const minRequestKw = Math.max(1, Math.floor(maxPerApplicantKw * minFraction));
      return { region, category, totalKw, approvedKw, remainingKw: totalKw - approvedKw, maxPerApplicantKw, minRequestKw };
    });

const roundArb = fc
  .record({
    id: fc.stringMatching(/^[a-f0-9]{6}$/),
    from: fc.integer({ min: 0, max: 1000 }),
    length: fc.integer({ min: 0, max: 800 }),
    lines: fc.uniqueArray(lineArb(), { maxLength: 6, selector: (l) => `${l.region}#${l.category}` }),
  })
  .map(({ id, from, length, lines }): RoundForEligibility => ({ roundId: id, name: `Round ${id}`, effectiveFrom: day(from), effectiveTo: day(from + length), lines }));

const questionArb = fc.record({
  category: fc.constantFrom(...CATEGORIES) as fc.Arbitrary<Category>,
  region: fc.constantFrom(...REGIONS) as fc.Arbitrary<Region>,
  requestedMw: fc.integer({ min: 1, max: 5_000_000 }).map((kw) => kw / 1000),
  startDate: fc.integer({ min: -50, max: 2000 }).map(day),
});

/** A question aimed at a round that certainly covers its date and has its line: exercises the MW checks. */
const coveredCase = fc
  .record({
    category: fc.constantFrom(...ENERGY_CATEGORIES),
    region: fc.constantFrom(...REGIONS),
    from: fc.integer({ min: 0, max: 500 }),
    length: fc.integer({ min: 0, max: 800 }),
    offset: fc.double({ min: 0, max: 1, noNaN: true }),
    requestedKw: fc.integer({ min: 1, max: 3_000_000 }),
  })
  .chain((c) =>
    lineArb(c.region, c.category).map((line) => {
      const round: RoundForEligibility = { roundId: "r1", name: "Round r1", effectiveFrom: day(c.from), effectiveTo: day(c.from + c.length), lines: [line] };
      const question: EligibilityQuestion = {
        category: c.category,
        region: c.region,
        requestedMw: c.requestedKw / 1000,
        startDate: day(c.from + Math.floor(c.length * c.offset)),
      };
      return { round, line, question, requestedKw: c.requestedKw };
    }),
  );

const codes = (a: { reasons: { code: string }[] }) => a.reasons.map((r) => r.code).sort();

describe("eligibility rules (properties)", () => {
  it("is eligible exactly when no reason fails, and every reason is a non-empty sentence", () => {
    fc.assert(
      fc.property(questionArb, fc.array(roundArb, { maxLength: 5 }), (question, rounds) => {
        const result = assessEligibility(question, rounds);
        expect(result.eligible).toBe(result.reasons.length === 0);
        for (const r of result.reasons) expect(r.message.length).toBeGreaterThan(20);
        const answer = toAnswer(result);
        expect(answer.eligible).toBe(answer.reasons.length === 0);
      }),
      { numRuns: 500 },
    );
  });

  it("reports each failing MW condition, and only the failing ones, with the line's remaining MW and round", () => {
    fc.assert(
      fc.property(coveredCase, ({ round, line, question, requestedKw }) => {
        const result = assessEligibility(question, [round]);
        const expected: string[] = [];
        if (requestedKw < line.minRequestKw) expected.push("BELOW_MINIMUM");
        if (requestedKw > line.maxPerApplicantKw) expected.push("ABOVE_CAP");
        if (requestedKw > line.remainingKw) expected.push("ABOVE_REMAINING");
        expect(codes(result)).toEqual(expected.sort());
        expect(result.remainingKw).toBe(line.remainingKw);
        expect(result.roundId).toBe("r1");
        const answer = toAnswer(result);
        expect(answer.remainingMw).toBe(line.remainingKw / 1000);
        expect(answer.roundId).toBe("r1");
      }),
      { numRuns: 1000 },
    );
  });

  it("finds eligible requests too (the generator is not vacuous): a request inside every bound is eligible", () => {
    fc.assert(
      fc.property(coveredCase, ({ round, line, question }) => {
        const upper = Math.min(line.maxPerApplicantKw, line.remainingKw);
        fc.pre(upper >= line.minRequestKw);
        const inside = { ...question, requestedMw: (line.minRequestKw + Math.floor((upper - line.minRequestKw) / 2)) / 1000 };
        expect(assessEligibility(inside, [round])).toMatchObject({ eligible: true, reasons: [], remainingKw: line.remainingKw });
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same answer whatever order the rounds and their lines arrive in", () => {
    fc.assert(
      fc.property(
        questionArb,
        fc.array(roundArb, { maxLength: 5 }).chain((rounds) =>
          fc.tuple(fc.constant(rounds), fc.shuffledSubarray(rounds, { minLength: rounds.length, maxLength: rounds.length })),
        ),
        (question, [rounds, shuffled]) => {
          const reversedLines = shuffled.map((r) => ({ ...r, lines: [...r.lines].reverse() }));
          expect(assessEligibility(question, reversedLines)).toEqual(assessEligibility(question, rounds));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("never finds a virtual asset service eligible for energy, whatever rounds exist", () => {
    fc.assert(
      fc.property(questionArb, fc.array(roundArb, { maxLength: 5 }), (question, rounds) => {
        const result = assessEligibility({ ...question, category: "VIRTUAL_ASSET_SERVICE" }, rounds);
        expect(result.eligible).toBe(false);
        expect(codes(result)).toEqual(["NO_ENERGY_FOR_CATEGORY"]);
        expect(toAnswer(result)).toMatchObject({ remainingMw: null, roundId: null });
      }),
    );
  });

  it("says no round covers the date when none does, with no remaining MW or round", () => {
    fc.assert(
      fc.property(questionArb, fc.array(roundArb, { maxLength: 5 }), (question, rounds) => {
        fc.pre(question.category !== "VIRTUAL_ASSET_SERVICE");
        const outside = rounds.filter((r) => question.startDate < r.effectiveFrom || question.startDate > r.effectiveTo);
        const result = assessEligibility(question, outside);
        expect(codes(result)).toEqual(["NO_ROUND"]);
        expect(result.reasons[0].message).toContain(question.startDate);
        expect(toAnswer(result)).toMatchObject({ eligible: false, remainingMw: null, roundId: null });
      }),
    );
  });
});

describe("eligibility rules (examples)", () => {
  const line: LineState = { region: "PESCO", category: "BITCOIN_MINING", totalKw: 100_000, approvedKw: 70_000, remainingKw: 30_000, maxPerApplicantKw: 50_000, minRequestKw: 5_000 };
  const round: RoundForEligibility = { roundId: "phase1", name: "Phase 1", effectiveFrom: "2025-07-01", effectiveTo: "2027-06-30", lines: [line] };
  const ask = (requestedMw: number, extra: Partial<EligibilityQuestion> = {}) =>
    toAnswer(assessEligibility({ category: "BITCOIN_MINING", region: "PESCO", requestedMw, startDate: "2026-01-01", ...extra }, [round]));

  it("accepts a request within the minimum, the cap and what remains", () => {
    expect(ask(30)).toEqual({ eligible: true, reasons: [], remainingMw: 30, roundId: "phase1" });
    expect(ask(5)).toEqual({ eligible: true, reasons: [], remainingMw: 30, roundId: "phase1" });
  });

  it("names the minimum, the cap and what remains in plain words", () => {
    const [below] = ask(4.999).reasons;
    expect(below).toMatch(/4\.999 MW.*smallest request.*Bitcoin mining in PESCO is 5 MW/);
    const over = ask(60);
    expect(over.eligible).toBe(false);
    expect(over.reasons).toHaveLength(2);
    expect(over.reasons.join(" ")).toMatch(/at most 50 MW/);
    expect(over.reasons.join(" ")).toMatch(/only 30 MW remain/);
    expect(over.remainingMw).toBe(30);
  });

  it("counts a request exactly at each bound as inside it", () => {
    const atRemaining = { ...line, remainingKw: 5_000, approvedKw: 95_000 };
    expect(assessEligibility({ category: "BITCOIN_MINING", region: "PESCO", requestedMw: 5, startDate: "2027-06-30" }, [{ ...round, lines: [atRemaining] }]).eligible).toBe(true);
    expect(assessEligibility({ category: "BITCOIN_MINING", region: "PESCO", requestedMw: 5.001, startDate: "2025-07-01" }, [{ ...round, lines: [atRemaining] }]).reasons.map((r) => r.code)).toEqual(["ABOVE_REMAINING"]);
  });

  it("names the round that covers the date when it has no line for the region and category", () => {
    const answer = ask(10, { category: "AI_DATA_CENTRE" });
    expect(answer).toMatchObject({ eligible: false, remainingMw: null, roundId: null });
    expect(answer.reasons).toEqual([expect.stringMatching(/"Phase 1".*no surplus energy for AI data centres in PESCO/)]);
  });

  it("refuses dates outside the window, on either side", () => {
    expect(ask(10, { startDate: "2025-06-30" }).reasons).toEqual([expect.stringContaining("No published allocation round covers your start date 2025-06-30")]);
    expect(ask(10, { startDate: "2027-07-01" }).reasons[0]).toContain("2027-07-01");
  });

  it("explains to a virtual asset service that it needs no energy", () => {
    const answer = ask(10, { category: "VIRTUAL_ASSET_SERVICE" });
    expect(answer.eligible).toBe(false);
    expect(answer.reasons[0]).toMatch(/not eligible for an energy allocation/);
  });
});
