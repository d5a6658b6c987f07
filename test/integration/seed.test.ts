import { describe, expect, it } from "vitest";
import { WINTER_HEAVY, seedDemo } from "../../local/seed-data.ts";
import { listRounds } from "../../lambdas/store/rounds.ts";
import { licenceEnergy } from "../../lambdas/services/energy.ts";
import { listLicences } from "../../lambdas/store/licences.ts";
import { listQueue } from "../../lambdas/store/applications.ts";
import { expectWholeLog, sealAll } from "../support/audit-log.ts";
import { listReturns } from "../../lambdas/services/returns.ts";
import { listCases } from "../../lambdas/store/cases.ts";
import { getCurtailmentFor, listCurtailmentsFor } from "../../lambdas/services/curtailments.ts";

// The demo data `npm start` seeds on an empty DATA_DIR, seeded through the real services.

describe("demo seed", () => {
  it("publishes exactly 2,000 MW marked illustrative, licenses two firms and queues one, with a valid trail", async () => {
    await seedDemo();
    await seedDemo(); // once only

    const rounds = (await listRounds({ limit: 10 })).items;
    expect(rounds).toHaveLength(1);
    expect(`${rounds[0].name} ${rounds[0].description}`).toMatch(/illustrative/i);
    expect(rounds[0].lines.reduce((sum, l) => sum + l.mw, 0)).toBe(2000);
    expect(rounds[0].lines.find((l) => l.region === "PESCO" && l.category === "BITCOIN_MINING")?.approvedMw).toBe(20);

    const licences = (await listLicences({}, 10)).items;
    expect(licences.map((l) => l.licenceNumber).sort()).toEqual([expect.stringMatching(/^PCC-BTC-\d{4}-000001$/), expect.stringMatching(/^PCC-VASP-\d{4}-000001$/)]);
    expect(licences.every((l) => l.legalName.endsWith("(illustrative)"))).toBe(true);

    const queue = (await listQueue({}, 10)).items;
    expect(queue.map((a) => [a.category, a.status])).toEqual([["AI_DATA_CENTRE", "SUBMITTED"]]);

    // Supervision: the miner, licensed months ago, filed two returns (the second over its MW) and the rest are LATE.
    const miner = licences.find((l) => l.category === "BITCOIN_MINING")!;
    const returns = (await listReturns(miner.licenceNumber, { sub: "applicant-a", groups: ["applicant"], scopes: [] })).items;
    expect(returns.slice(0, 2).map((r) => r.status)).toEqual(["FILED", "FILED"]);
    expect(returns.some((r) => r.status === "LATE" && r.version === 1)).toBe(true);
    const cases = (await listCases({ licenceNumber: miner.licenceNumber }, 10)).items;
    expect(cases.map((c) => c.kind)).toEqual(expect.arrayContaining(["LIMIT_BREACH", "LATE_RETURN"]));
    expect(cases.every((c) => c.status === "OPEN")).toBe(true);

    // A past curtailment in the miner's region: acknowledged before its start, answered, COMPLIED.
    const reviewer = { sub: "reviewer-1", groups: ["reviewer" as const], scopes: [] };
    const curtailments = (await listCurtailmentsFor({ region: miner.region }, reviewer, 10)).items;
    expect(curtailments.map((c) => [c.status, c.targetCount])).toEqual([["ENDED", 1]]);
    expect(curtailments[0].reason).toMatch(/illustrative/i);
    const past = await getCurtailmentFor(curtailments[0].curtailmentId, reviewer);
    expect(past.targets).toEqual([expect.objectContaining({ licenceNumber: miner.licenceNumber, outcome: "COMPLIED", notAcknowledgedBeforeStart: false, acknowledgedAt: expect.any(String) })]);

    // Three months of meter readings for the miner, on a winter-heavy line; the last one overdrawn.
    const energy = (await licenceEnergy(miner.licenceNumber, { sub: "applicant-a", groups: ["applicant"], scopes: [] })).items.filter((m) => m.status !== "MISSING");
    expect(energy.map((m) => m.status)).toEqual(["OK", "OK", "OVERDRAW"]);
    expect(cases.map((c) => c.kind)).toContain("OVERDRAW");
    const round = (await listRounds({ limit: 10 })).items.find((r) => r.roundId === miner.roundId)!;
    expect(round.lines.find((l) => l.region === miner.region && l.category === "BITCOIN_MINING")!.monthlyAvailability).toEqual(WINTER_HEAVY);

    await sealAll();
    expect((await expectWholeLog()).length).toBeGreaterThan(0);
  });
});
