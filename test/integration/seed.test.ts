import { describe, expect, it } from "vitest";
import { seedDemo } from "../../local/seed-data.ts";
import { listRounds } from "../../lambdas/store/rounds.ts";
import { listLicences } from "../../lambdas/store/licences.ts";
import { listQueue } from "../../lambdas/store/applications.ts";
import { expectWholeLog, sealAll } from "../support/audit-log.ts";

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

    await sealAll();
    expect((await expectWholeLog()).length).toBeGreaterThan(0);
  });
});
