import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  DEFAULT_ENERGY_SETTINGS,
  availabilityOf,
  endsUnderuseRun,
  hoursInMonth,
  isOverdraw,
  loadFactor,
  monthFactor,
  monthUsage,
  nextMonth,
  plannedCases,
  previousMonth,
  scaledMw,
  utilisation,
  type EnergyStatus,
} from "../../lambdas/domain/energy.ts";
import { energySettings } from "../../lambdas/services/energy-settings.ts";
import { MonthlyAvailability } from "../../lambdas/schemas/allocations.ts";
import { PostMeterReadings } from "../../lambdas/schemas/energy.ts";

const S = DEFAULT_ENERGY_SETTINGS;

describe("months and factors", () => {
  it("counts the hours of each month, leap Februaries included", () => {
    expect(hoursInMonth("2027-01")).toBe(744);
    expect(hoursInMonth("2027-02")).toBe(672);
    expect(hoursInMonth("2028-02")).toBe(696);
    expect(hoursInMonth("2027-04")).toBe(720);
  });

  it("steps months across year ends, both ways", () => {
    expect(nextMonth("2026-12")).toBe("2027-01");
    expect(previousMonth("2027-01")).toBe("2026-12");
    fc.assert(fc.property(fc.integer({ min: 2000, max: 2100 }), fc.integer({ min: 1, max: 12 }), (y, mo) => {
      const p = `${y}-${String(mo).padStart(2, "0")}`;
      return previousMonth(nextMonth(p)) === p && nextMonth(previousMonth(p)) === p;
    }));
  });

  it("reads the month's factor, January first; a missing or malformed profile is all 1", () => {
    const profile = [1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0, 0.95];
    expect(monthFactor(profile, "2027-01")).toBe(1);
    expect(monthFactor(profile, "2027-11")).toBe(0);
    expect(monthFactor(profile, "2027-12")).toBe(0.95);
    expect(availabilityOf(undefined)).toEqual(Array(12).fill(1));
    expect(availabilityOf([1, 2])).toEqual(Array(12).fill(1));
    expect(availabilityOf(profile)).toEqual(profile);
  });

  it("scales MW by a factor in whole kW, never above what is offered", () => {
    expect(scaledMw(10, 0.7)).toBe(7);
    expect(scaledMw(100, 0.58)).toBe(58);
    expect(scaledMw(0.003, 0.5)).toBe(0.001);
    fc.assert(fc.property(fc.integer({ min: 1, max: 5_000_000 }), fc.integer({ min: 0, max: 1000 }), (kw, f) => {
      const out = scaledMw(kw / 1000, f / 1000);
      return out <= kw / 1000 && Number.isInteger(Math.round(out * 1000)) && Math.abs(out * 1000 - Math.round(out * 1000)) < 1e-6;
    }));
  });

  it("validates a profile as 12 numbers between 0 and 1, naming the month", () => {
    expect(MonthlyAvailability.safeParse(Array(12).fill(0.5)).success).toBe(true);
    const bad = MonthlyAvailability.safeParse([1, 1, 1, 1.2, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].path).toEqual([3]);
    expect(MonthlyAvailability.safeParse(Array(11).fill(1)).success).toBe(false);
  });
});

describe("utilisation rules", () => {
  it("load factor is MWh over approved MW x hours", () => {
    expect(loadFactor(3720, 10, "2027-01")).toBe(0.5);
    expect(loadFactor(100, 0, "2027-01")).toBe(0);
    expect(utilisation(3720, 10, "2027-01")).toBe(0.5);
    expect(utilisation(3720, 0, "2027-01")).toBeNull();
  });

  it("overdraw is a peak above allowed by more than the tolerance (5 % by default), exact in kW", () => {
    expect(isOverdraw(8.4, 8, S)).toBe(false);
    expect(isOverdraw(8.401, 8, S)).toBe(true);
    expect(isOverdraw(10.5, 10, S)).toBe(false);
    expect(isOverdraw(0.001, 0, S)).toBe(true);
    expect(isOverdraw(10.5, 10, { ...S, overdrawTolerance: 0.04 })).toBe(true);
  });

  it("judges a month: MISSING without a reading, OVERDRAW before UNDERUSE, UNDERUSE under 30 %, else OK", () => {
    const base = { period: "2027-01", approvedMw: 10, allowedMw: 10 };
    expect(monthUsage(base, S)).toEqual({ period: "2027-01", allowedMw: 10, peakMw: null, energyMwh: null, loadFactor: null, status: "MISSING" });
    expect(monthUsage({ ...base, reading: { energyMwh: 3720, peakMw: 9 } }, S)).toMatchObject({ loadFactor: 0.5, status: "OK" });
    expect(monthUsage({ ...base, reading: { energyMwh: 2232, peakMw: 9 } }, S).status).toBe("OK");
    expect(monthUsage({ ...base, reading: { energyMwh: 2231.999, peakMw: 9 } }, S).status).toBe("UNDERUSE");
    expect(monthUsage({ ...base, reading: { energyMwh: 100, peakMw: 11 } }, S).status).toBe("OVERDRAW");
    expect(monthUsage({ ...base, reading: { energyMwh: 3720, peakMw: 9 } }, { ...S, underuseLoadFactor: 0.6 }).status).toBe("UNDERUSE");
  });

  it("reads the thresholds from settings, falling back to the product's defaults", () => {
    expect(energySettings({})).toEqual({ overdrawTolerance: 0.05, underuseLoadFactor: 0.3 });
    expect(energySettings({ ENERGY_OVERDRAW_TOLERANCE_PERCENT: "10", ENERGY_UNDERUSE_LOAD_FACTOR_PERCENT: "25" })).toEqual({ overdrawTolerance: 0.1, underuseLoadFactor: 0.25 });
    expect(energySettings({ ENERGY_OVERDRAW_TOLERANCE_PERCENT: "-3", ENERGY_UNDERUSE_LOAD_FACTOR_PERCENT: "lots" })).toEqual({ overdrawTolerance: 0.05, underuseLoadFactor: 0.3 });
  });
});

describe("cases a batch opens", () => {
  const statuses = (m: Record<string, EnergyStatus>) => (_: string, p: string) => m[p];

  it("a run ends only after three UNDERUSE months in a row; a missing month breaks it", () => {
    const s = (p: string) => ({ "2027-01": "UNDERUSE", "2027-02": "UNDERUSE", "2027-03": "UNDERUSE", "2027-05": "UNDERUSE" })[p] as EnergyStatus | undefined;
    expect(endsUnderuseRun("2027-03", s)).toBe(true);
    expect(endsUnderuseRun("2027-02", s)).toBe(false);
    expect(endsUnderuseRun("2027-05", s)).toBe(false);
  });

  it("OVERDRAW for the reading's own month; UNDERUSE for each run completed, carried by the run's last written reading", () => {
    const written = [
      { licenceNumber: "L", period: "2027-03", status: "UNDERUSE" as const },
      { licenceNumber: "L", period: "2027-01", status: "UNDERUSE" as const },
      { licenceNumber: "L", period: "2027-04", status: "OVERDRAW" as const },
    ];
    const cases = plannedCases(written, statuses({ "2027-01": "UNDERUSE", "2027-02": "UNDERUSE", "2027-03": "UNDERUSE", "2027-04": "OVERDRAW" }));
    expect([...cases.entries()]).toEqual([
      [1, [{ caseId: "UNDERUSE-L-2027-03", kind: "UNDERUSE", licenceNumber: "L", months: ["2027-01", "2027-02", "2027-03"] }]],
      [2, [{ caseId: "OVERDRAW-L-2027-04", kind: "OVERDRAW", licenceNumber: "L", months: ["2027-04"] }]],
    ]);
  });

  it("opens nothing for OK months, nor for a run already broken", () => {
    const written = [{ licenceNumber: "L", period: "2027-02", status: "UNDERUSE" as const }];
    expect(plannedCases(written, statuses({ "2027-01": "OK", "2027-02": "UNDERUSE", "2027-03": "UNDERUSE" })).size).toBe(0);
  });
});

describe("the readings body", () => {
  const r = { licenceNumber: "PCC-BTC-2026-000001", period: "2027-01", energyMwh: 1, peakMw: 1 };
  it("refuses the same licence and month twice, naming the second", () => {
    const out = PostMeterReadings.safeParse({ readings: [r, { ...r, energyMwh: 2 }] });
    expect(out.success).toBe(false);
    expect(out.error?.issues.map((i) => i.path.join("."))).toEqual(["readings.1.period"]);
  });
  it("refuses unknown fields, negative and over-precise figures", () => {
    for (const bad of [{ ...r, extra: 1 }, { ...r, energyMwh: -0.001 }, { ...r, peakMw: 0.0001 }, { ...r, period: "2027-1" }]) {
      expect(PostMeterReadings.safeParse({ readings: [bad] }).success).toBe(false);
    }
  });
});
