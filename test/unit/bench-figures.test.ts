import { describe, expect, it } from "vitest";
import { atLeast, ratioAtLeast } from "../../bench/lib/figures.ts";

// The bench's "at least" figures: judged on the value (a rate with its own minimum) or on value / floor.
describe("bench figures with a lower bound", () => {
  it("atLeast passes at and above the minimum, fails below it, and keeps the floor and a given budget text", () => {
    expect(atLeast("rate", 1000, "1/s", 1000)).toMatchObject({ ok: true, budget: ">= 1000 1/s" });
    expect(atLeast("rate", 999.9, "1/s", 1000, { floor: 1250, budget: ">= 1,000/s" })).toEqual({ name: "rate", value: 999.9, unit: "1/s", floor: 1250, ratio: 0.8, budget: ">= 1,000/s", ok: false });
  });

  it("ratioAtLeast judges value over floor", () => {
    expect(ratioAtLeast("hot", 6.3, "1/s", 21, 0.3)).toMatchObject({ ratio: 0.3, budget: "ratio >= 0.3", ok: true });
    expect(ratioAtLeast("hot", 6.2, "1/s", 21, 0.3, { note: "n" })).toMatchObject({ ok: false, note: "n" });
  });
});
