import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { checkAmendment, compareLines, coversDate, describeClashes, findClashes, windowsOverlap, type RoundCoverage } from "../../lambdas/domain/rounds.ts";
import { ENERGY_CATEGORIES, REGIONS } from "../../lambdas/schemas/common.ts";

const EPOCH = Date.UTC(2025, 0, 1);
const day = (n: number) => new Date(EPOCH + n * 86_400_000).toISOString().slice(0, 10);
const win = (from: string, to: string) => ({ effectiveFrom: from, effectiveTo: to });

const phase1: RoundCoverage = {
  roundId: "phase1",
  name: "Phase 1",
  effectiveFrom: "2025-07-01",
  effectiveTo: "2027-06-30",
  lines: [
    { region: "PESCO", category: "BITCOIN_MINING" },
    { region: "KE", category: "AI_DATA_CENTRE" },
  ],
};

describe("date windows", () => {
  it("treats windows as inclusive: touching on one day overlaps, the next day does not", () => {
    expect(windowsOverlap(win("2025-01-01", "2025-06-30"), win("2025-06-30", "2025-12-31"))).toBe(true);
    expect(windowsOverlap(win("2025-01-01", "2025-06-30"), win("2025-07-01", "2025-12-31"))).toBe(false);
    expect(windowsOverlap(win("2025-07-01", "2025-12-31"), win("2025-01-01", "2025-06-30"))).toBe(false);
  });

  it("overlaps when one window contains the other, or they cross, and not when disjoint", () => {
    expect(windowsOverlap(win("2025-01-01", "2025-12-31"), win("2025-03-01", "2025-03-01"))).toBe(true);
    expect(windowsOverlap(win("2025-01-01", "2025-06-30"), win("2025-03-01", "2026-03-01"))).toBe(true);
    expect(windowsOverlap(win("2025-01-01", "2025-01-31"), win("2026-01-01", "2026-01-31"))).toBe(false);
  });

  it("agrees with a day-by-day comparison, and is symmetric (property)", () => {
    fc.assert(
      fc.property(fc.nat(60), fc.nat(30), fc.nat(60), fc.nat(30), (af, al, bf, bl) => {
        const a = win(day(af), day(af + al));
        const b = win(day(bf), day(bf + bl));
        let shared = false;
        for (let d = af; d <= af + al; d++) if (coversDate(b, day(d))) shared = true;
        expect(windowsOverlap(a, b)).toBe(shared);
        expect(windowsOverlap(b, a)).toBe(shared);
      }),
    );
  });

  it("covers both end dates and nothing outside them", () => {
    expect(coversDate(phase1, "2025-07-01")).toBe(true);
    expect(coversDate(phase1, "2027-06-30")).toBe(true);
    expect(coversDate(phase1, "2025-06-30")).toBe(false);
    expect(coversDate(phase1, "2027-07-01")).toBe(false);
  });
});

describe("overlap rule between published rounds", () => {
  it("clashes on the same region and category in overlapping windows, naming the round and line", () => {
    const clashes = findClashes({ effectiveFrom: "2027-06-30", effectiveTo: "2028-06-30", lines: [{ region: "PESCO", category: "BITCOIN_MINING" }] }, [phase1]);
    expect(clashes).toEqual([{ roundId: "phase1", name: "Phase 1", region: "PESCO", category: "BITCOIN_MINING", effectiveFrom: "2025-07-01", effectiveTo: "2027-06-30" }]);
    expect(describeClashes(clashes)).toMatch(/"Phase 1" \(phase1\) already covers PESCO \/ BITCOIN_MINING from 2025-07-01 to 2027-06-30/);
  });

  it("allows the same line in a window that starts the day after", () => {
    expect(findClashes({ effectiveFrom: "2027-07-01", effectiveTo: "2028-06-30", lines: [{ region: "PESCO", category: "BITCOIN_MINING" }] }, [phase1])).toEqual([]);
  });

  it("allows another category in the same region, or the same category in another region, in the same window", () => {
    const window = { effectiveFrom: "2025-07-01", effectiveTo: "2027-06-30" };
    expect(findClashes({ ...window, lines: [{ region: "PESCO", category: "AI_DATA_CENTRE" }] }, [phase1])).toEqual([]);
    expect(findClashes({ ...window, lines: [{ region: "LESCO", category: "BITCOIN_MINING" }] }, [phase1])).toEqual([]);
  });

  it("lists every clashing line across every round", () => {
    const other: RoundCoverage = { roundId: "extra", name: "Extra", effectiveFrom: "2026-01-01", effectiveTo: "2026-12-31", lines: [{ region: "KE", category: "AI_DATA_CENTRE" }] };
    const clashes = findClashes(
      { effectiveFrom: "2026-06-01", effectiveTo: "2026-06-30", lines: [{ region: "KE", category: "AI_DATA_CENTRE" }, { region: "PESCO", category: "BITCOIN_MINING" }, { region: "TESCO", category: "BITCOIN_MINING" }] },
      [phase1, other],
    );
    expect(clashes.map((c) => `${c.roundId}:${c.region}/${c.category}`)).toEqual(["extra:KE/AI_DATA_CENTRE", "phase1:PESCO/BITCOIN_MINING", "phase1:KE/AI_DATA_CENTRE"]);
  });

  it("clashes exactly when some date is covered twice for some (region, category) (property)", () => {
    const lineArb = fc.record({ region: fc.constantFrom(...REGIONS.slice(0, 3)), category: fc.constantFrom(...ENERGY_CATEGORIES) });
    const roundArb = fc.record({ from: fc.nat(40), length: fc.nat(20), lines: fc.uniqueArray(lineArb, { minLength: 1, maxLength: 4, selector: (l) => `${l.region}#${l.category}` }) });
    fc.assert(
      fc.property(roundArb, fc.array(roundArb, { maxLength: 4 }), (cand, existing) => {
        const published = existing.map((r, i) => ({ roundId: `r${i}`, name: `R${i}`, effectiveFrom: day(r.from), effectiveTo: day(r.from + r.length), lines: r.lines }));
        const candidate = { effectiveFrom: day(cand.from), effectiveTo: day(cand.from + cand.length), lines: cand.lines };
        let doubled = false;
        for (let d = cand.from; d <= cand.from + cand.length; d++) {
          for (const r of published) {
            if (!coversDate(r, day(d))) continue;
            if (r.lines.some((l) => cand.lines.some((c) => c.region === l.region && c.category === l.category))) doubled = true;
          }
        }
        expect(findClashes(candidate, published).length > 0).toBe(doubled);
      }),
    );
  });
});

describe("amendment bounds", () => {
  const line = { region: "PESCO", category: "BITCOIN_MINING", totalKw: 100_000, approvedKw: 60_000, remainingKw: 40_000 } as const;

  it("lets a line go down exactly to what is approved, and refuses 1 kW further, saying how much is approved", () => {
    expect(checkAmendment(line, -40_000)).toEqual({ ok: true, totalKw: 60_000, remainingKw: 0 });
    const refused = checkAmendment(line, -40_001);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.problem).toBe("below-approved");
      expect(refused.message).toMatch(/60 MW approved/);
      expect(refused.message).toMatch(/at most 40 MW/);
    }
  });

  it("lets a line grow, moving what remains with it, up to the per-line limit", () => {
    expect(checkAmendment(line, 25_500)).toEqual({ ok: true, totalKw: 125_500, remainingKw: 65_500 });
    expect(checkAmendment(line, 100_000_000 - 100_000).ok).toBe(true);
    expect(checkAmendment(line, 100_000_000 - 100_000 + 1)).toMatchObject({ ok: false, problem: "above-limit" });
  });

  it("is allowed exactly when the new total stays between the approved MW and the limit (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: -2_000_000, max: 2_000_000 }), (approvedKw, remainingKw, deltaKw) => {
        fc.pre(deltaKw !== 0);
        const state = { region: "KE" as const, category: "AI_DATA_CENTRE" as const, approvedKw, remainingKw, totalKw: approvedKw + remainingKw };
        const result = checkAmendment(state, deltaKw);
        expect(result.ok).toBe(state.totalKw + deltaKw >= approvedKw);
        if (result.ok) {
          expect(result.totalKw - result.remainingKw).toBe(approvedKw);
          expect(result.remainingKw).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});

describe("line order", () => {
  it("orders lines by region as listed in the brief, then by category", () => {
    const lines = [
      { region: "KE", category: "BITCOIN_MINING" },
      { region: "PESCO", category: "AI_DATA_CENTRE" },
      { region: "KE", category: "AI_DATA_CENTRE" },
      { region: "PESCO", category: "BITCOIN_MINING" },
    ];
    expect([...lines].sort(compareLines)).toEqual([lines[3], lines[1], lines[0], lines[2]]);
  });
});
