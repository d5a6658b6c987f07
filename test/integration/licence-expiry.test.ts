import { afterEach, describe, expect, it } from "vitest";
import { handler as expireLicences } from "../../lambdas/jobs/expire-licences.ts";
import { decide } from "../../lambdas/services/review.ts";
import { reviewerAction } from "../../lambdas/services/licences.ts";
import { getLicence } from "../../lambdas/store/licences.ts";
import { readLine } from "../../lambdas/store/rounds.ts";
import { clock } from "../../lambdas/store/clock.ts";
import { expectWholeLog, sealAll } from "../support/audit-log.ts";
import { REVIEWER_1, seedApplication, seedRound } from "../support/journey.ts";

// The scheduled expiry job, driven by a replaced clock. In its own file: moving the clock forward
// moves the audit trail's time forward for everything after it in the same table.

const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});

const MONTH = 31 * 86_400_000;

describe("expire-licences job", () => {
  it("expires ACTIVE and SUSPENDED licences whose term has ended, releasing their MW; leaves the rest", async () => {
    const round = await seedRound([{ region: "MEPCO", category: "BITCOIN_MINING", mw: 100 }], { from: "2070-01-01", to: "2070-12-31" });
    const line = () => readLine(round.roundId, "MEPCO", "BITCOIN_MINING");
    const issue = async (mw: number, termMonths: number) => {
      const app = await seedApplication({ status: "UNDER_REVIEW", region: "MEPCO", requestedMw: mw, startDate: "2070-02-01" });
      return (await decide(app.id, { decision: "approve", reason: "ok", termMonths }, REVIEWER_1)).licenceNumber!;
    };
    const short = await issue(10, 1);
    const suspended = await issue(20, 2);
    const long = await issue(30, 24);
    const revoked = await issue(5, 1);
    await reviewerAction(suspended, "suspend", "Inspection.", REVIEWER_1);
    await reviewerAction(revoked, "revoke", "Breach.", REVIEWER_1);
    expect((await line())?.approvedKw).toBe(60_000);

    // Nothing is due yet.
    expect(await expireLicences()).toEqual({ expired: [], failed: [] });

    clock.now = () => new Date(Date.now() + 3 * MONTH);
    const run = await expireLicences();
    expect(run.failed).toEqual([]);
    expect(run.expired.sort()).toEqual([short, suspended].sort());

    for (const number of [short, suspended]) {
      const licence = await getLicence(number, true);
      expect(licence?.status).toBe("EXPIRED");
      expect(licence?.statusHistory.at(-1)).toMatchObject({ to: "EXPIRED", by: "system", reason: expect.stringMatching(/term ended/) });
    }
    expect((await getLicence(long, true))?.status).toBe("ACTIVE");
    expect((await getLicence(revoked, true))?.status).toBe("REVOKED");
    expect(await line()).toMatchObject({ approvedKw: 30_000, remainingKw: 70_000 });

    // A second run finds nothing more: expiry happens once and releases once.
    expect(await expireLicences()).toEqual({ expired: [], failed: [] });
    expect((await line())?.approvedKw).toBe(30_000);

    await sealAll();
    const events = await expectWholeLog();
    const expiries = events.filter((e) => e.action === "licence.expire");
    expect(expiries.map((e) => e.entityId).sort()).toEqual([short, suspended].sort());
    expect(expiries.every((e) => e.actor.sub === "system")).toBe(true);
  });
});
