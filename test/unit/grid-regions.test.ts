import { describe, expect, it } from "vitest";
import { gridRegions } from "../../lambdas/domain/actor.ts";
import { GRID, METER_SCOPES } from "../../lambdas/routes.ts";

describe("gridRegions", () => {
  it("reads one region per sandbox/meter.<REGION> scope and ignores the rest", () => {
    const actor = { sub: "lesco-meter", groups: [], scopes: ["sandbox/meter.LESCO", "sandbox/audit.read", "sandbox/meter.NOWHERE", "sandbox/meter.KE"] };
    expect(gridRegions(actor)).toEqual(["LESCO", "KE"]);
  });
  it("gives people no region", () => {
    expect(gridRegions({ sub: "admin", groups: ["admin"], scopes: [] })).toEqual([]);
  });
  it("lets every region's operator through the GRID rule, and nobody by group", () => {
    expect(METER_SCOPES).toHaveLength(12);
    expect(GRID.scopes).toContain("sandbox/meter.HAZECO");
    expect(GRID.groups).toEqual([]);
  });
});
