import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { REGIONS } from "../../../lambdas/schemas/common.ts";
import { mockFetch } from "../test-support.tsx";
import { band } from "./region-map.tsx";
import type { UsageItem } from "./types.ts";
import { defaultPeriod, monthlyTotals, UsagePage } from "./usage-page.tsx";

const round = (roundId: string, name: string) => ({
  roundId,
  name,
  effectiveFrom: "2025-07-01",
  effectiveTo: "2027-06-30",
  tariffUsdCentsPerKwh: 5,
  publishedAt: "2025-06-01T00:00:00Z",
  version: 1,
  lines: [],
});
const item = (region: string, period: string, offeredMw: number, approvedMw: number, meteredMwh: number, utilisation: number, category = "BITCOIN_MINING") =>
  ({ region, category, period, offeredMw, approvedMw, meteredMwh, utilisation }) as UsageItem;

const usage = [
  item("KE", "2026-02", 30, 10, 0, 0, "AI_DATA_CENTRE"),
  item("KE", "2026-01", 100, 40, 14880, 0.5),
  item("LESCO", "2026-01", 50, 20, 13392, 0.9),
  item("KE", "2026-02", 80, 40, 0, 0),
  item("LESCO", "2026-02", 40, 20, 0, 0),
  item("KE", "2026-01", 30, 10, 5000, 0.672, "AI_DATA_CENTRE"),
];

const rowsOf = (table: HTMLElement) => within(table).getAllByRole("row").map((r) => [...r.children].map((c) => c.textContent));

beforeEach(() => window.history.replaceState(null, "", "/energy"));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("public energy usage", () => {
  it("shows the round's regions as a named schematic map and its months as a chart, each with the same figures in a table", async () => {
    mockFetch({
      "GET /api/allocations": { body: { items: [round("r1", "Phase 1"), round("r2", "Phase 2")], nextCursor: null } },
      "GET /api/energy/usage?roundId=r1": { body: { items: usage } },
    });
    render(<UsagePage />);
    // Bitcoin mining first (the schema's order, whatever the items' order); the map opens on the latest month with anything metered: January.
    const map = await screen.findByRole("img", { name: /Phase 1, Bitcoin mining, Jan 2026: utilisation per region/ });
    expect(map.querySelector("title")?.textContent).toBe("Phase 1, Bitcoin mining, Jan 2026: utilisation per region");
    const desc = map.querySelector("desc")?.textContent ?? "";
    expect(desc).toContain("KE: 100 MW offered, 40 MW approved, 14,880 MWh metered, 50 % utilisation");
    expect(desc).toContain("LESCO: 50 MW offered, 20 MW approved, 13,392 MWh metered, 90 % utilisation");
    // Every one of the twelve regions has a tile; those without a line are named as such.
    expect([...map.querySelectorAll("g[data-region]")].map((g) => g.getAttribute("data-region")).sort()).toEqual([...REGIONS].sort());
    expect(desc).toContain("no line in PESCO");
    expect(map.querySelector('g[data-region="KE"] rect')?.getAttribute("class")).toBe("tile tile-band-1");
    expect(map.querySelector('g[data-region="LESCO"] rect')?.getAttribute("class")).toBe("tile tile-band-3");
    expect(map.querySelector('g[data-region="PESCO"] rect')?.getAttribute("class")).toBe("tile tile-none");

    const mapTable = screen.getByRole("table", { name: /utilisation per region: data/ });
    expect(rowsOf(mapTable)).toEqual([
      ["Region", "Offered MW", "Approved MW", "Metered MWh", "Utilisation"],
      ["KE (K-Electric, Karachi)", "100", "40", "14,880", "50 %"],
      ["LESCO (Lahore)", "50", "20", "13,392", "90 %"],
    ]);

    const chart = screen.getByRole("img", { name: /MW offered and approved, MWh metered per month/ });
    expect(chart.querySelector("desc")?.textContent).toBe(
      "Jan 2026: 150 MW offered, 60 MW approved, 28,272 MWh metered; Feb 2026: 120 MW offered, 60 MW approved, 0 MWh metered",
    );
    expect(rowsOf(screen.getByRole("table", { name: /per month: data/ }))).toEqual([
      ["Month", "Offered MW", "Approved MW", "Metered MWh"],
      ["Jan 2026", "150", "60", "28,272"],
      ["Feb 2026", "120", "60", "0"],
    ]);

    // Another month on the map, then another category: the figures follow.
    fireEvent.change(screen.getByLabelText("Month shown on the map"), { target: { value: "2026-02" } });
    expect(rowsOf(screen.getByRole("table", { name: /Feb 2026: utilisation per region: data/ }))[1]).toEqual(["KE (K-Electric, Karachi)", "80", "40", "0", "0 %"]);
    // The chosen month stays when the other category has it too.
    fireEvent.change(screen.getByLabelText("Category"), { target: { value: "AI_DATA_CENTRE" } });
    expect(rowsOf(screen.getByRole("table", { name: /AI data centre, Feb 2026: utilisation per region: data/ })).slice(1)).toEqual([
      ["KE (K-Electric, Karachi)", "30", "10", "0", "0 %"],
    ]);
    fireEvent.change(screen.getByLabelText("Month shown on the map"), { target: { value: "2026-01" } });
    expect(rowsOf(screen.getByRole("table", { name: /AI data centre, Jan 2026: utilisation per region: data/ })).slice(1)).toEqual([
      ["KE (K-Electric, Karachi)", "30", "10", "5,000", "67.2 %"],
    ]);
  });

  it("loads the round chosen in the selector", async () => {
    const { calls } = mockFetch({
      "GET /api/allocations": { body: { items: [round("r1", "Phase 1"), round("r2", "Phase 2")], nextCursor: null } },
      "GET /api/energy/usage?roundId=r1": { body: { items: usage } },
      "GET /api/energy/usage?roundId=r2": { body: { items: [] } },
    });
    render(<UsagePage />);
    await screen.findByRole("img", { name: /Phase 1, Bitcoin mining, Jan 2026/ });
    fireEvent.change(screen.getByLabelText("Round"), { target: { value: "r2" } });
    expect(await screen.findByText("This round has no usage figures yet.")).toBeTruthy();
    expect(window.location.search).toBe("?roundId=r2");
    expect(calls.map((c) => c.path)).toContain("/api/energy/usage?roundId=r2");
  });

  it("shows a refusal as a page alert", async () => {
    mockFetch({
      "GET /api/allocations": { body: { items: [round("r1", "Phase 1")], nextCursor: null } },
      "GET /api/energy/usage?roundId=r1": { status: 503, body: { title: "A dependency is down", status: 503 } },
    });
    render(<UsagePage />);
    expect((await screen.findByRole("alert")).textContent).toContain("A dependency is down");
  });
});

describe("usage figures", () => {
  it("sums a category's months over its regions to whole kW, in month order", () => {
    expect(monthlyTotals([item("KE", "2026-02", 0.1, 0.2, 0.3, 0), item("KE", "2026-01", 1, 1, 1, 0), item("HESCO", "2026-02", 0.2, 0.1, 0.3, 0)])).toEqual([
      { period: "2026-01", offeredMw: 1, approvedMw: 1, meteredMwh: 1 },
      { period: "2026-02", offeredMw: 0.3, approvedMw: 0.3, meteredMwh: 0.6 },
    ]);
  });

  it("opens the map on the latest metered month, else the first", () => {
    expect(defaultPeriod(usage)).toBe("2026-01");
    expect(defaultPeriod([item("KE", "2026-03", 1, 1, 0, 0), item("KE", "2026-02", 1, 1, 0, 0)])).toBe("2026-02");
    expect(defaultPeriod([])).toBeUndefined();
  });

  it("shades utilisation in four bands", () => {
    expect([0, 0.299, 0.3, 0.599, 0.6, 0.849, 0.85, 1].map(band)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });
});
