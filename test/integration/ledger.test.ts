import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { commit } from "../../lambdas/store/commit.ts";
import { consumeMw, readLine, releaseMw } from "../../lambdas/store/rounds.ts";
import { publishRound } from "../../lambdas/services/rounds.ts";
import { Conflict, InsufficientSurplus } from "../../lambdas/domain/errors.ts";
import { committedEventCount, expectWholeLog, sealAll } from "../support/audit-log.ts";
import type { Actor } from "../../lambdas/domain/actor.ts";
import type { EnergyCategory, Region } from "../../lambdas/schemas/common.ts";

// The MW ledger under real DynamoDB Local transactions: every consumption and release is a real
// commit (line update + its pending audit event), exactly as approvals and revocations will use it.

const admin: Actor = { sub: "admin-ledger", groups: ["admin"], scopes: [] };
const reviewer: Actor = { sub: "reviewer-ledger", groups: ["reviewer"], scopes: [] };

// Each published round gets its own year so no two rounds in this file ever overlap.
let nextYear = 2100;
async function publishLine(mwTotal: number, region: Region = "MEPCO", category: EnergyCategory = "BITCOIN_MINING") {
  const year = nextYear++;
  const round = await publishRound(admin, {
    name: `Ledger test ${year}`,
    effectiveFrom: `${year}-01-01`,
    effectiveTo: `${year}-12-31`,
    tariffUsdCentsPerKwh: 7,
    lines: [{ region, category, mw: mwTotal, maxPerApplicantMw: mwTotal, minRequestMw: 0.001 }],
  });
  return { roundId: round.roundId, region, category };
}

type Ref = Awaited<ReturnType<typeof publishLine>>;

const consume = (ref: Ref, kw: number) =>
  commit(reviewer, async () => ({
    items: [consumeMw({ ...ref, kw })],
    event: { action: "test.mw-consumed", entityType: "test", entityId: ref.roundId, data: { kw } },
    result: kw,
  }));

const release = (ref: Ref, kw: number) =>
  commit(reviewer, async () => ({
    items: [releaseMw({ ...ref, kw })],
    event: { action: "test.mw-released", entityType: "test", entityId: ref.roundId, data: { kw } },
    result: kw,
  }));


describe("MW ledger under concurrent approvals", () => {
  it("never approves more than a line holds: the approved sum equals the winners' sum, every loser gets InsufficientSurplus", async () => {
    let trials = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1_000, max: 60_000 }), // line size, kW
        fc.array(fc.integer({ min: 1, max: 8_000 }), { minLength: 30, maxLength: 45 }), // concurrent requests, kW
        async (lineKw, requests) => {
          trials++;
          const ref = await publishLine(lineKw / 1000);
          const eventsBefore = (await committedEventCount());

          const outcomes = await Promise.allSettled(requests.map((kw) => consume(ref, kw)));

          const won = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value.result] : []));
          const lost = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
          for (const error of lost) {
            expect(error).toBeInstanceOf(InsufficientSurplus);
            const remainingMw = (error as InsufficientSurplus).extra?.remainingMw as number;
            expect(remainingMw).toBeGreaterThanOrEqual(0);
            expect((error as InsufficientSurplus).message).toContain(`Only ${remainingMw} MW remain`);
          }
          const approvedSum = won.reduce((a, b) => a + b, 0);
          const line = await readLine(ref.roundId, ref.region, ref.category);
          expect(line).toBeDefined();
          expect(line!.approvedKw).toBe(approvedSum);
          expect(line!.approvedKw).toBeLessThanOrEqual(lineKw);
          expect(line!.remainingKw).toBe(lineKw - approvedSum);
          expect(line!.totalKw).toBe(lineKw);
          // Only consumptions ran, so what remains only shrank: every loser asked for more than is left even now.
          const losers = requests.filter((_, i) => outcomes[i].status === "rejected");
          for (const kw of losers) expect(kw).toBeGreaterThan(line!.remainingKw);
          // Exactly one audit event per successful consumption, none for the refused ones.
          expect((await committedEventCount()) - eventsBefore).toBe(won.length);
          // When the requests together did not fit, the line was actually contended.
          if (requests.reduce((a, b) => a + b, 0) > lineKw) expect(lost.length).toBeGreaterThan(0);
          else expect(lost).toEqual([]);

          // Giving it all back concurrently lands at exactly zero approved.
          await Promise.all(won.map((kw) => release(ref, kw)));
          const after = await readLine(ref.roundId, ref.region, ref.category);
          expect(after).toMatchObject({ approvedKw: 0, remainingKw: lineKw, totalKw: lineKw });
        },
      ),
      { numRuns: 6, endOnFailure: true },
    );
    expect(trials).toBe(6);
    await sealAll();
    await expectWholeLog();
  }, 300_000);

  it("refuses a consumption larger than what remains, then accepts it after a release", async () => {
    const ref = await publishLine(10);
    await consume(ref, 7_500);
    const refused = await consume(ref, 3_000).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InsufficientSurplus);
    expect((refused as InsufficientSurplus).extra).toEqual({ remainingMw: 2.5 });
    expect((refused as InsufficientSurplus).message).toMatch(/Only 2\.5 MW remain on MEPCO \/ BITCOIN_MINING/);

    await release(ref, 500);
    await consume(ref, 3_000);
    expect(await readLine(ref.roundId, ref.region, ref.category)).toMatchObject({ totalKw: 10_000, approvedKw: 10_000, remainingKw: 0 });

    const exhausted = await consume(ref, 1).catch((e: unknown) => e);
    expect((exhausted as InsufficientSurplus).extra).toEqual({ remainingMw: 0 });
  });

  it("never releases more than a line has approved", async () => {
    const ref = await publishLine(5);
    await consume(ref, 1_000);
    const refused = await release(ref, 1_001).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Conflict);
    expect((refused as Error).message).toMatch(/only 1 MW approved/);
    expect(await readLine(ref.roundId, ref.region, ref.category)).toMatchObject({ approvedKw: 1_000, remainingKw: 4_000 });
  });

  it("refuses to consume from a line that does not exist, and changes nothing", async () => {
    const ref = await publishLine(5);
    const events = (await committedEventCount());
    const refused = await consume({ ...ref, category: "AI_DATA_CENTRE" }, 1).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InsufficientSurplus);
    expect((refused as Error).message).toMatch(/no allocation line/);
    expect((await committedEventCount())).toBe(events);
  });

  it("rejects kW that are not positive whole numbers before anything is sent", () => {
    const ref = { roundId: "x", region: "KE", category: "AI_DATA_CENTRE" };
    expect(() => consumeMw({ ...ref, kw: 0 })).toThrow();
    expect(() => consumeMw({ ...ref, kw: 1.5 })).toThrow();
    expect(() => releaseMw({ ...ref, kw: -3 })).toThrow();
  });
});
