import { describe, expect, it } from "vitest";
import { commit } from "../../lambdas/store/commit.ts";
import { consumeMw, getRound, listRounds, readLine } from "../../lambdas/store/rounds.ts";
import { forgetRoundIndex, hasPublishedRounds } from "../../lambdas/store/round-index.ts";
import { amendRound, checkEligibility, findCoveringLine, publishRound } from "../../lambdas/services/rounds.ts";
import { Conflict, NotFound, ValidationError } from "../../lambdas/domain/errors.ts";
import type { AuditEvent } from "../../lambdas/domain/audit-event.ts";
import { expectWholeLog, sealAll } from "../support/audit-log.ts";
import type { Actor } from "../../lambdas/domain/actor.ts";
import type { PublishRound } from "../../lambdas/schemas/allocations.ts";
import { Id } from "../../lambdas/schemas/common.ts";
import { DEMO_ROUND, seedDemo } from "../../local/seed-data.ts";
import { dynamoRequestsOf } from "../support/dynamo-requests.ts";

// Rounds against DynamoDB Local. One table for the whole file, so tests use distinct years (or
// regions) to keep their rounds from overlapping one another; the seed test owns 2025-2027.

const admin: Actor = { sub: "admin-rounds", groups: ["admin"], scopes: [] };
const WINTER = [1, 1, 0.9, 0.8, 0.6, 0.5, 0.5, 0.5, 0.6, 0.8, 1, 1];

const round = (year: number, lines: PublishRound["lines"], extra: Partial<PublishRound> = {}): PublishRound => ({
  name: `Round ${year}`,
  effectiveFrom: `${year}-01-01`,
  effectiveTo: `${year}-12-31`,
  tariffUsdCentsPerKwh: 8.25,
  lines,
  ...extra,
});
const btc = (region: "PESCO" | "KE" | "LESCO" | "QESCO", mw: number, maxPerApplicantMw = mw, minRequestMw = 1) => ({ region, category: "BITCOIN_MINING" as const, mw, maxPerApplicantMw, minRequestMw });

async function events(): Promise<AuditEvent[]> {
  await sealAll();
  return expectWholeLog();
}

describe("the demo seed (first: it seeds only an empty registry)", () => {
  it("seeds the illustrative 2,000 MW Phase 1 round once, and says it is illustrative", async () => {
    expect(await hasPublishedRounds()).toBe(false);
    await seedDemo();
    await seedDemo();
    const page = await listRounds({ limit: 100 });
    const seeded = page.items.filter((r) => r.effectiveFrom === "2025-07-01");
    expect(seeded).toHaveLength(1);
    const phase1 = seeded[0];
    expect(phase1).toMatchObject({ name: DEMO_ROUND.name, effectiveTo: "2027-06-30" });
    expect(phase1.name).toMatch(/illustrative/i);
    expect(phase1.description).toMatch(/not official/i);
    expect(phase1.lines.reduce((sum, l) => sum + l.mw, 0)).toBe(2000);
    expect(new Set(phase1.lines.map((l) => l.category))).toEqual(new Set(["BITCOIN_MINING", "AI_DATA_CENTRE"]));
    for (const l of phase1.lines) {
      expect(l.minRequestMw).toBeLessThanOrEqual(l.maxPerApplicantMw);
      expect(l.maxPerApplicantMw).toBeLessThan(l.mw);
      // The seed also licenses illustrative firms, so some MW are approved; the ledger must still add up.
      expect(l.remainingMw + l.approvedMw).toBe(l.mw);
    }
    expect(phase1.lines.reduce((sum, l) => sum + l.approvedMw, 0)).toBeGreaterThan(0);
    expect(await hasPublishedRounds()).toBe(true);
  });

});

describe("publishing rounds", () => {
  it("stores the round and its lines in the ledger, with one audit event, and reads them back", async () => {
    const before = (await events()).length;
    const published = await publishRound(admin, round(2040, [btc("KE", 120.5, 40, 2.25), { region: "PESCO", category: "AI_DATA_CENTRE", mw: 30, maxPerApplicantMw: 30, minRequestMw: 5, monthlyAvailability: WINTER }], { description: "test round" }));
    expect(Id.safeParse(published.roundId).success).toBe(true);
    expect(published).toMatchObject({ name: "Round 2040", description: "test round", effectiveFrom: "2040-01-01", effectiveTo: "2040-12-31", tariffUsdCentsPerKwh: 8.25, version: 1 });
    // Lines come back in the brief's region order, whatever order they were sent in.
    expect(published.lines).toEqual([
      { region: "PESCO", category: "AI_DATA_CENTRE", mw: 30, maxPerApplicantMw: 30, minRequestMw: 5, monthlyAvailability: WINTER, approvedMw: 0, remainingMw: 30 },
      { region: "KE", category: "BITCOIN_MINING", mw: 120.5, maxPerApplicantMw: 40, minRequestMw: 2.25, monthlyAvailability: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], approvedMw: 0, remainingMw: 120.5 },
    ]);
    expect(await getRound(published.roundId)).toEqual(published);
    expect(await readLine(published.roundId, "KE", "BITCOIN_MINING")).toEqual({
      region: "KE", category: "BITCOIN_MINING", totalKw: 120_500, approvedKw: 0, remainingKw: 120_500, maxPerApplicantKw: 40_000, minRequestKw: 2_250, monthlyAvailability: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    });
    const all = await events();
    expect(all.length).toBe(before + 1);
    expect(all.at(-1)).toMatchObject({ action: "round.published", entityType: "round", entityId: published.roundId, actor: { sub: "admin-rounds" } });
    expect((all.at(-1)!.data as { lines: unknown[] }).lines).toHaveLength(2);
  });

  it("refuses a round covering the same region and category on a shared date, naming the clashing round and line", async () => {
    const first = await publishRound(admin, round(2041, [btc("LESCO", 50)]));
    const before = (await events()).length;
    const clash = await publishRound(admin, { ...round(2041, [btc("QESCO", 10), btc("LESCO", 20)]), effectiveFrom: "2041-12-31", effectiveTo: "2042-06-30" }).catch((e: unknown) => e);
    expect(clash).toBeInstanceOf(Conflict);
    expect((clash as Conflict).message).toContain(`"Round 2041" (${first.roundId}) already covers LESCO / BITCOIN_MINING from 2041-01-01 to 2041-12-31`);
    expect((clash as Conflict).extra).toEqual({ clashes: [{ roundId: first.roundId, name: "Round 2041", region: "LESCO", category: "BITCOIN_MINING", effectiveFrom: "2041-01-01", effectiveTo: "2041-12-31" }] });
    expect((await events()).length).toBe(before);

    // The day after, another category, or another region: all fine.
    await publishRound(admin, { ...round(2042, [btc("LESCO", 20)]), effectiveFrom: "2042-01-01" });
    await publishRound(admin, round(2041, [{ region: "LESCO", category: "AI_DATA_CENTRE", mw: 10, maxPerApplicantMw: 10, minRequestMw: 1 }]));
    await publishRound(admin, round(2041, [btc("QESCO", 10)]));
  });

  it("lets exactly one of several concurrent overlapping publishes win, every time", async () => {
    for (let trial = 0; trial < 4; trial++) {
      const year = 2050 + trial;
      const contenders = Array.from({ length: 6 }, (_, i) =>
        // Different windows and line sets, but each shares PESCO/BTC on some date with every other.
        round(year, [btc("PESCO", 10 + i), ...(i % 2 ? [btc("KE", 5)] : [])], { name: `Contender ${trial}.${i}`, effectiveFrom: `${year}-0${1 + i}-01`, effectiveTo: `${year}-12-31` }),
      );
      const outcomes = await Promise.allSettled(contenders.map((c) => publishRound(admin, c)));
      const winners = outcomes.filter((o) => o.status === "fulfilled");
      expect(winners).toHaveLength(1);
      for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toBeInstanceOf(Conflict);
    }
    await events();
  });

  it("lets concurrent publishes that do not overlap all win", async () => {
    const regions = ["PESCO", "KE", "LESCO", "QESCO"] as const;
    const outcomes = await Promise.all(regions.map((r) => publishRound(admin, round(2060, [btc(r, 10)]))));
    expect(new Set(outcomes.map((o) => o.roundId)).size).toBe(4);
  });
});

describe("amendments", () => {
  async function approvedLine(year: number, mwTotal: number, approvedKw: number) {
    const published = await publishRound(admin, round(year, [btc("KE", mwTotal)]));
    await commit(admin, async () => ({
      items: [consumeMw({ roundId: published.roundId, region: "KE", category: "BITCOIN_MINING", kw: approvedKw })],
      event: { action: "test.mw-consumed", entityType: "test", entityId: published.roundId, data: {} },
      result: undefined,
    }));
    return published.roundId;
  }

  it("takes a line down exactly to what is approved, and refuses 1 kW further saying how much is approved", async () => {
    const roundId = await approvedLine(2070, 100, 60_000);
    const amended = await amendRound(admin, roundId, { region: "KE", category: "BITCOIN_MINING", deltaMw: -40, reason: "Grid study cut the surplus" });
    expect(amended.version).toBe(2);
    expect(amended.lines).toEqual([{ region: "KE", category: "BITCOIN_MINING", mw: 60, maxPerApplicantMw: 100, minRequestMw: 1, monthlyAvailability: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], approvedMw: 60, remainingMw: 0 }]);
    const last = (await events()).at(-1)!;
    expect(last).toMatchObject({ action: "round.amended", entityType: "round", entityId: roundId, data: { region: "KE", category: "BITCOIN_MINING", deltaMw: -40, mwBefore: 100, mwAfter: 60, reason: "Grid study cut the surplus" } });

    const refused = await amendRound(admin, roundId, { region: "KE", category: "BITCOIN_MINING", deltaMw: -0.001, reason: "one kW more" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Conflict);
    expect((refused as Conflict).message).toMatch(/60 MW approved/);
    expect((refused as Conflict).extra).toMatchObject({ approvedMw: 60, remainingMw: 0 });
    expect(await readLine(roundId, "KE", "BITCOIN_MINING")).toMatchObject({ totalKw: 60_000, approvedKw: 60_000, remainingKw: 0 });
  });

  it("grows a line and what remains with it", async () => {
    const roundId = await approvedLine(2071, 10, 4_000);
    const amended = await amendRound(admin, roundId, { region: "KE", category: "BITCOIN_MINING", deltaMw: 2.5, reason: "More surplus" });
    expect(amended.lines[0]).toMatchObject({ mw: 12.5, approvedMw: 4, remainingMw: 8.5 });
  });

  it("answers not found for an unknown round, and for a line the round does not have", async () => {
    const roundId = await approvedLine(2072, 10, 1);
    await expect(amendRound(admin, "nosuchround", { region: "KE", category: "BITCOIN_MINING", deltaMw: 1, reason: "x" })).rejects.toBeInstanceOf(NotFound);
    const missing = await amendRound(admin, roundId, { region: "PESCO", category: "BITCOIN_MINING", deltaMw: 1, reason: "x" }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFound);
    expect((missing as Error).message).toMatch(/publish a new round/);
  });

  it("refuses to grow a line beyond the per-line limit", async () => {
    const roundId = await approvedLine(2073, 100_000, 1);
    await expect(amendRound(admin, roundId, { region: "KE", category: "BITCOIN_MINING", deltaMw: 0.001, reason: "x" })).rejects.toBeInstanceOf(ValidationError);
  });

  it("keeps total = approved + remaining under concurrent cuts and approvals, never below approved", async () => {
    const roundId = await approvedLine(2074, 100, 1_000);
    const ref = { roundId, region: "KE", category: "BITCOIN_MINING" } as const;
    const work = [
      ...Array.from({ length: 12 }, () => () =>
        commit(admin, async () => ({ items: [consumeMw({ ...ref, kw: 6_000 })], event: { action: "test.mw-consumed", entityType: "test", entityId: roundId, data: {} }, result: "consume" })).then((r) => r.result),
      ),
      ...Array.from({ length: 8 }, () => () => amendRound(admin, roundId, { region: "KE", category: "BITCOIN_MINING", deltaMw: -7, reason: "cut" }).then(() => "cut")),
    ];
    const outcomes = await Promise.allSettled(work.map((w) => w()));
    for (const o of outcomes) if (o.status === "rejected") expect((o.reason as Error).name).toMatch(/InsufficientSurplus|Conflict/);
    const consumed = outcomes.filter((o) => o.status === "fulfilled" && o.value === "consume").length;
    const cuts = outcomes.filter((o) => o.status === "fulfilled" && o.value === "cut").length;
    const line = (await readLine(roundId, "KE", "BITCOIN_MINING"))!;
    expect(line.approvedKw).toBe(1_000 + consumed * 6_000);
    expect(line.totalKw).toBe(100_000 - cuts * 7_000);
    expect(line.remainingKw).toBe(line.totalKw - line.approvedKw);
    expect(line.remainingKw).toBeGreaterThanOrEqual(0);
    expect((await getRound(roundId))!.version).toBe(1 + cuts);
  });
});

describe("eligibility and the covering line, from the ledger", () => {
  it("reads the round covering the date, and reports what remains after approvals", async () => {
    const published = await publishRound(admin, round(2080, [btc("QESCO", 20, 10, 2)]));
    await commit(admin, async () => ({
      items: [consumeMw({ roundId: published.roundId, region: "QESCO", category: "BITCOIN_MINING", kw: 12_000 })],
      event: { action: "test.mw-consumed", entityType: "test", entityId: published.roundId, data: {} },
      result: undefined,
    }));
    expect(await checkEligibility({ category: "BITCOIN_MINING", region: "QESCO", requestedMw: 8, startDate: "2080-03-01" })).toEqual({
      eligible: true, reasons: [], remainingMw: 8, roundId: published.roundId,
    });
    const tooMuch = await checkEligibility({ category: "BITCOIN_MINING", region: "QESCO", requestedMw: 9, startDate: "2080-03-01" });
    expect(tooMuch).toMatchObject({ eligible: false, remainingMw: 8, roundId: published.roundId });
    expect(tooMuch.reasons).toEqual([expect.stringMatching(/only 8 MW remain/)]);
    expect((await checkEligibility({ category: "AI_DATA_CENTRE", region: "QESCO", requestedMw: 5, startDate: "2080-03-01" })).reasons[0]).toMatch(/offers no surplus energy for AI data centres in QESCO/);
    expect((await checkEligibility({ category: "BITCOIN_MINING", region: "QESCO", requestedMw: 5, startDate: "2081-01-01" })).reasons[0]).toMatch(/No published allocation round covers/);
    expect(await checkEligibility({ category: "VIRTUAL_ASSET_SERVICE", region: "QESCO", requestedMw: 5, startDate: "2080-03-01" })).toMatchObject({ eligible: false, remainingMw: null, roundId: null });

    const covering = await findCoveringLine({ category: "BITCOIN_MINING", region: "QESCO", startDate: "2080-12-31" });
    expect(covering?.round).toEqual({ roundId: published.roundId, name: "Round 2080", effectiveFrom: "2080-01-01", effectiveTo: "2080-12-31", tariffUsdCentsPerKwh: 8.25 });
    expect(covering?.line).toMatchObject({ totalKw: 20_000, approvedKw: 12_000, remainingKw: 8_000, maxPerApplicantKw: 10_000, minRequestKw: 2_000 });
    expect(await findCoveringLine({ category: "BITCOIN_MINING", region: "QESCO", startDate: "2081-01-01" })).toBeUndefined();
    expect(await findCoveringLine({ category: "AI_DATA_CENTRE", region: "QESCO", startDate: "2080-06-01" })).toBeUndefined();
    expect(await findCoveringLine({ category: "VIRTUAL_ASSET_SERVICE", region: "QESCO", startDate: "2080-06-01" })).toBeUndefined();
  });

  it("reads the index and the line in one request once the process has seen the index, and two before", async () => {
    const published = await publishRound(admin, round(2082, [btc("QESCO", 30, 10, 2)]));
    const ask = { category: "BITCOIN_MINING" as const, region: "QESCO" as const, requestedMw: 4, startDate: "2082-05-01" };
    const answer = { eligible: true, reasons: [], remainingMw: 30, roundId: published.roundId };

    forgetRoundIndex();
    expect(await dynamoRequestsOf(() => checkEligibility(ask))).toEqual({ result: answer, sent: ["BatchGetItem", "BatchGetItem"] });
    expect(await dynamoRequestsOf(() => checkEligibility(ask))).toEqual({ result: answer, sent: ["BatchGetItem"] });
    const covering = await dynamoRequestsOf(() => findCoveringLine(ask));
    expect(covering.sent).toEqual(["BatchGetItem"]);
    expect(covering.result?.line).toMatchObject({ approvedKw: 0, remainingKw: 30_000 });

    // The line is read consistently on every request: an approval shows at once.
    await commit(admin, async () => ({
      items: [consumeMw({ roundId: published.roundId, region: "QESCO", category: "BITCOIN_MINING", kw: 7_000 })],
      event: { action: "test.mw-consumed", entityType: "test", entityId: published.roundId, data: {} },
      result: undefined,
    }));
    expect(await dynamoRequestsOf(() => checkEligibility(ask))).toEqual({ result: { ...answer, remainingMw: 23 }, sent: ["BatchGetItem"] });
  });

  it("answers from the index just read when the remembered one is stale: a round published since costs one more request", async () => {
    const ask = { category: "BITCOIN_MINING" as const, region: "QESCO" as const, requestedMw: 3, startDate: "2083-02-01" };
    forgetRoundIndex();
    expect((await checkEligibility(ask)).reasons[0]).toMatch(/No published allocation round covers/);

    // Publishing does not touch the remembered index: this process still remembers it without the new
    // round, as a function that did not publish it would.
    const published = await publishRound(admin, round(2083, [btc("QESCO", 12, 6, 1)]));
    const stale = await dynamoRequestsOf(() => checkEligibility(ask));
    expect(stale.result).toEqual({ eligible: true, reasons: [], remainingMw: 12, roundId: published.roundId });
    expect(stale.sent).toEqual(["BatchGetItem", "BatchGetItem"]);
    expect((await dynamoRequestsOf(() => checkEligibility(ask))).sent).toEqual(["BatchGetItem"]);
  });
});

describe("listing", () => {
  it("pages through every round ordered by start date, each exactly once", async () => {
    const seen: string[] = [];
    const starts: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listRounds({ limit: 3, cursor });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((r) => r.roundId));
      starts.push(...page.items.map((r) => r.effectiveFrom));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(starts).toEqual([...starts].sort());
    const everything = await listRounds({ limit: 100 });
    expect(everything.nextCursor).toBeNull();
    expect(everything.items.map((r) => r.roundId)).toEqual(seen);
  });

  it("answers undefined for an unknown round", async () => {
    expect(await getRound("unknown123")).toBeUndefined();
  });
});
