import { describe, expect, it } from "vitest";
import { councilMonth, FIXED_PRICES, stackInventory, WORKLOAD } from "../../bench/lib/council-month.ts";
import { JOBS, ROUTES } from "../../lambdas/routes.ts";
import { REGIONS } from "../../lambdas/schemas/common.ts";

describe("a council's month (the cost bench's model)", () => {
  it("counts the stack's billed-by-the-month parts from the manifest", () => {
    const inv = stackInventory();
    expect(inv.functions).toBe(ROUTES.filter((r) => !r.localOnly).length + JOBS.length + 2);
    expect(inv.m2mClients).toBe(1 + REGIONS.length);
  });

  it("adds every line, largest first, and moves with the traffic and the measured cost", () => {
    const base = councilMonth(0.0002, 0.00001, 16);
    expect(base.total).toBeCloseTo(base.lines.reduce((n, l) => n + l.usd, 0), 9);
    for (let i = 1; i < base.lines.length; i++) expect(base.lines[i - 1].usd).toBeGreaterThanOrEqual(base.lines[i].usd);
    expect(base.lines.find((l) => l.name === "Cognito M2M app clients")!.usd).toBe((1 + REGIONS.length) * FIXED_PRICES.cognitoM2mClientMonth);
    const dearer = councilMonth(0.0002, 0.00002, 16);
    const busier = councilMonth(0.0002, 0.00001, 16, { ...WORKLOAD, publicRequests: WORKLOAD.publicRequests * 10 });
    expect(dearer.total).toBeGreaterThan(base.total);
    expect(busier.total).toBeGreaterThan(base.total);
    expect(busier.requests).toBe(base.requests + 9 * WORKLOAD.publicRequests);
  });
});
