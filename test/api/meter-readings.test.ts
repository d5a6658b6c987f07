import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { startTestApi, type TestApi } from "../support/api.ts";
import { assignAndApproveApi, publishRoundApi, submitApplicationApi } from "../support/journey.ts";
import { clock } from "../../lambdas/store/clock.ts";
import { dynamo, tableName } from "../../lambdas/store/clients.ts";
import { keys } from "../../lambdas/store/keys.ts";
import { saveLicence } from "../../lambdas/store/licences.ts";
import { listLicenceReadings } from "../../lambdas/store/meter-readings.ts";
import { queryPartition } from "../../lambdas/store/query.ts";
import { nextMonth, previousMonth } from "../../lambdas/domain/energy.ts";
import { periodOf } from "../../lambdas/domain/periods.ts";
import type { LicenceRecord } from "../../lambdas/domain/licence.ts";

// Metering through the dev gateway with real tokens and the dev clock: a region's grid operator posts
// readings (validated whole, stored in chunks, idempotent by value, corrections kept in history),
// overdraws and three underused months open cases in the readings' transactions, and licensees,
// reviewers and the public read what the readings say.

let api: TestApi;
const realNow = clock.now;

const LESCO_GRID = { sub: "lesco-meter", groups: [], scope: "sandbox/meter.LESCO" } as const;
const KE_GRID = { sub: "ke-meter", groups: [], scope: "sandbox/meter.KE" } as const;
const HAZECO_GRID = { sub: "hazeco-meter", groups: [], scope: "sandbox/meter.HAZECO" } as const;
/** Distinct factors per month (one decimal: allowed MW x 1.05 stays whole kW). */
const PROFILE = [1, 1, 0.8, 0.7, 0.6, 0.5, 0.5, 0.5, 0.6, 0.7, 0.9, 1];
const factor = (period: string) => PROFILE[Number(period.slice(5, 7)) - 1];
/** To whole kW, as the API rounds MW. */
const kw = (mw: number) => Math.round(mw * 1000) / 1000;
const hours = (period: string) => new Date(Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)), 0)).getUTCDate() * 24;

const lic = { lesco: "", ke: "" };
let roundId = "";
/** The licences' first four months (m[0] is the month of issue); the clock sits in the fifth. */
const m: string[] = [];
const BULK = 25;
const BULK_MONTHS = 20;
const bulkNumber = (i: number) => `PCC-BTC-2025-${String(800_000 + i).padStart(6, "0")}`;
const bulkMonths = Array.from({ length: BULK_MONTHS }, (_, i) => `2025-${String(1 + i).padStart(2, "0")}`).map((_, i) => {
  const d = new Date(Date.UTC(2025, 7 + i, 1));
  return periodOf(d.toISOString(), "MONTHLY");
});

const post = (token: unknown, body: unknown) => api.request("POST", "/api/meter-readings", { token: token as never, body });
const get = (path: string, token?: unknown) => api.request("GET", path, { token: token as never });
const paths = (res: { json: { errors?: { path: string }[] } }) => (res.json.errors ?? []).map((e) => e.path);
/** A reading at `lf` load factor of 10 MW for the month, with the given peak. */
const reading = (licenceNumber: string, period: string, lf: number, peakMw: number) => ({ licenceNumber, period, energyMwh: Math.round(10 * hours(period) * lf * 1000) / 1000, peakMw });

/**
 * Runs `fn` and answers the sizes of the transactions it wrote meter readings in. The local
 * runtime's sequencer commits transactions of its own meanwhile; those are not the batch's.
 */
async function meterTransactionsOf<T>(fn: () => Promise<T>): Promise<{ result: T; transactions: number[] }> {
  const transactions: number[] = [];
  const name = `meterTx-${Math.random().toString(36).slice(2)}`;
  dynamo().middlewareStack.add(
    (next) => async (args) => {
      const items = (args.input as { TransactItems?: Array<{ Put?: { Item?: Record<string, unknown> } }> }).TransactItems;
      if (items?.some((i) => String(i.Put?.Item?.sk ?? "").startsWith("MTR#"))) transactions.push(items.length);
      return next(args);
    },
    { step: "initialize", name },
  );
  try {
    return { result: await fn(), transactions };
  } finally {
    dynamo().middlewareStack.remove(name);
  }
}

async function licence(token: "applicantA" | "applicantB", region: string, mw: number) {
  const app = await submitApplicationApi(api, await api.token(token), "BITCOIN_MINING", {
    organisation: { legalName: `Meter ${token} ${region} (Pvt) Ltd`, registrationNumber: `08${Math.random().toString().slice(2, 9)}`, taxNumber: "1234567-8", address: "1 Meter Road", contactEmail: "ops@meter.example" },
    energy: { region, requestedMw: mw, startDate: "2026-01-15", curtailable: false },
  });
  return (await assignAndApproveApi(api, await api.token("reviewer1"), app.id, { approvedMw: mw })).licenceNumber as string;
}

beforeAll(async () => {
  api = await startTestApi();
  const round = await publishRoundApi(api, [
    { region: "LESCO", category: "BITCOIN_MINING", mw: 200, monthlyAvailability: PROFILE },
    { region: "KE", category: "BITCOIN_MINING", mw: 200 },
    { region: "HAZECO", category: "BITCOIN_MINING", mw: 1000 },
  ]);
  roundId = round.roundId;
  lic.lesco = await licence("applicantA", "LESCO", 10);
  lic.ke = await licence("applicantB", "KE", 10);
  const issued = (await get(`/api/licences/${lic.lesco}`, "applicantA")).json.issuedAt as string;
  m.push(periodOf(issued, "MONTHLY"));
  for (let i = 1; i < 5; i++) m.push(nextMonth(m[i - 1]));
  // The product clock in the fifth month: the first four have ended.
  await api.request("POST", "/api/dev/clock", { body: { now: `${m[4]}-10T09:00:00.000Z` } });

  // Bulk licences for the 500-reading batch, written raw: the test is about the batch, not how licences come to be.
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < BULK; i++) {
    const record: LicenceRecord = {
      licenceNumber: bulkNumber(i), applicationId: `meterapp${i}`, holderSub: `meter-holder-${i}`, legalName: `Bulk Miner ${i} (Pvt) Ltd`,
      category: "BITCOIN_MINING", region: "HAZECO", approvedMw: 10, roundId, status: "ACTIVE", conditions: [],
      issuedAt: "2025-08-01T00:00:00.000Z", expiresAt: "2028-07-31T00:00:00.000Z", termMonths: 36, version: 1, updatedAt: "2025-08-01T00:00:00.000Z", statusHistory: [],
    };
    items.push((saveLicence(record).item as { Put: { Item: Record<string, unknown> } }).Put.Item);
  }
  for (let i = 0; i < items.length; i += 25) {
    await dynamo().send(new BatchWriteCommand({ RequestItems: { [tableName()]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
}, 240_000);

afterAll(async () => {
  clock.now = realNow;
  await api?.close();
});

describe("posting readings: refusals (nothing stored on any)", () => {
  it("is for grid operators only", async () => {
    const body = { readings: [reading(lic.lesco, m[0], 0.5, 5)] };
    expect((await post("applicantA", body)).status).toBe(403);
    expect((await post("reviewer1", body)).status).toBe(403);
    expect((await post(undefined, body)).status).toBe(401);
  });

  it("validates the whole request, naming each bad reading by its index", async () => {
    const res = await post(LESCO_GRID, {
      readings: [reading(lic.lesco, m[0], 0.5, 5), { ...reading(lic.lesco, m[1], 0.5, 5), energyMwh: -1 }, { ...reading(lic.lesco, m[2], 0.5, 5), peakMw: 1.0001 }, { ...reading(lic.lesco, m[3], 0.5, 5), period: "2026-13" }, reading(lic.lesco, m[0], 0.4, 5)],
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/problem\+json/);
    expect(paths(res)).toEqual(["readings.1.energyMwh", "readings.2.peakMw", "readings.3.period", "readings.4.period"]);
    expect((await post(LESCO_GRID, { readings: [] })).status).toBe(400);
    const tooMany = await post(LESCO_GRID, { readings: Array.from({ length: 501 }, () => reading(lic.lesco, m[0], 0.5, 5)) });
    expect(tooMany.status).toBe(400);
    expect(paths(tooMany)).toContain("readings");
    expect(await listLicenceReadings(lic.lesco)).toEqual([]);
  });

  it("treats another region's licence like an unknown one (same detail, nothing revealed), and stores none of the request", async () => {
    const res = await post(LESCO_GRID, { readings: [reading(lic.lesco, m[0], 0.5, 5), reading(lic.ke, m[0], 0.5, 5), reading("PCC-BTC-2026-999999", m[0], 0.5, 5)] });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([
      { path: "readings.1.licenceNumber", message: "no such energy licence in your region" },
      { path: "readings.2.licenceNumber", message: "no such energy licence in your region" },
    ]);
    expect(await listLicenceReadings(lic.lesco)).toEqual([]);
  });

  it("refuses a month that has not ended, and months outside the licence's term", async () => {
    const res = await post(LESCO_GRID, { readings: [reading(lic.lesco, m[4], 0.5, 5), reading(lic.lesco, previousMonth(m[0]), 0.5, 5)] });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([
      { path: "readings.0.period", message: "the month has not ended yet" },
      { path: "readings.1.period", message: "before the licence was issued" },
    ]);
    expect(await listLicenceReadings(lic.lesco)).toEqual([]);
  });
});

describe("posting readings: storing, re-posting, correcting", () => {
  it("stores new readings, then finds the same ones unchanged", async () => {
    const body = { readings: [reading(lic.lesco, m[0], 0.5, 5), reading(lic.lesco, m[1], 0.5, 5)] };
    const first = await post(LESCO_GRID, body);
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ stored: 2, unchanged: 0, corrected: 0, casesOpened: [] });
    const again = await meterTransactionsOf(() => post(LESCO_GRID, body));
    expect(again.result.json).toEqual({ stored: 0, unchanged: 2, corrected: 0, casesOpened: [] });
    // Unchanged is no write at all.
    expect(again.transactions).toEqual([]);
  });

  it("a different value is a correction that keeps the earlier value in the history", async () => {
    const corrected = await post(LESCO_GRID, { readings: [reading(lic.lesco, m[0], 0.5, 5), reading(lic.lesco, m[1], 0.6, 4.5)] });
    expect(corrected.json).toEqual({ stored: 0, unchanged: 1, corrected: 1, casesOpened: [] });
    const audit = await get(`/api/audit/meter-readings?licenceNumber=${lic.lesco}&period=${m[1]}`, "auditor");
    expect(audit.status).toBe(200);
    expect(audit.json.items).toHaveLength(1);
    expect(audit.json.items[0]).toMatchObject({ energyMwh: reading(lic.lesco, m[1], 0.6, 4.5).energyMwh, peakMw: 4.5, version: 2 });
    expect(audit.json.items[0].history).toEqual([expect.objectContaining({ energyMwh: reading(lic.lesco, m[1], 0.5, 5).energyMwh, peakMw: 5, recordedBy: "lesco-meter" })]);
    // The reading item stays one item; the replaced value is an item of its own.
    const partition = await queryPartition(keys.licence(lic.lesco).pk, true);
    expect(partition.filter((i) => String(i.sk).startsWith(`MTR#${m[1]}`))).toHaveLength(1);
    expect(partition.filter((i) => String(i.sk).startsWith(`MTRH#${m[1]}#`))).toHaveLength(1);
  });
});

describe("cases", () => {
  it("an overdraw (peak above allowed x 1.05) opens one OVERDRAW case, in the reading's transaction; at exactly +5 % nothing", async () => {
    const allowed = kw(10 * factor(m[2]));
    const edge = await post(LESCO_GRID, { readings: [reading(lic.lesco, m[2], 0.5, Math.round(allowed * 1.05 * 1000) / 1000)] });
    expect(edge.json).toEqual({ stored: 1, unchanged: 0, corrected: 0, casesOpened: [] });
    const over = await meterTransactionsOf(() => post(LESCO_GRID, { readings: [reading(lic.lesco, m[2], 0.5, Math.round(allowed * 1.05 * 1000 + 1) / 1000)] }));
    const caseId = `OVERDRAW-${lic.lesco}-${m[2]}`;
    expect(over.result.json).toEqual({ stored: 0, unchanged: 0, corrected: 1, casesOpened: [{ caseId, kind: "OVERDRAW", licenceNumber: lic.lesco }] });
    // One transaction: the corrected reading, the value it replaced, the case, its marker, the case's event and the batch's.
    expect(over.transactions).toEqual([6]);
    const opened = await get(`/api/cases/${caseId}`, "reviewer1");
    expect(opened.status).toBe(200);
    expect(opened.json).toMatchObject({ kind: "OVERDRAW", status: "OPEN", licenceNumber: lic.lesco, cause: { period: m[2], allowedMw: allowed } });
    // A re-post, or another overdrawn value for the same month, opens nothing twice.
    expect((await post(LESCO_GRID, { readings: [reading(lic.lesco, m[2], 0.5, Math.round(allowed * 1.05 * 1000 + 1) / 1000)] })).json.casesOpened).toEqual([]);
    expect((await post(LESCO_GRID, { readings: [reading(lic.lesco, m[2], 0.5, allowed * 2)] })).json).toEqual({ stored: 0, unchanged: 0, corrected: 1, casesOpened: [] });
  });

  it("three UNDERUSE months in a row open one UNDERUSE case, whatever order they come in", async () => {
    const two = await post(KE_GRID, { readings: [reading(lic.ke, m[2], 0.1, 3), reading(lic.ke, m[0], 0.1, 3)] });
    expect(two.json).toEqual({ stored: 2, unchanged: 0, corrected: 0, casesOpened: [] });
    const caseId = `UNDERUSE-${lic.ke}-${m[2]}`;
    const third = await post(KE_GRID, { readings: [reading(lic.ke, m[1], 0.2, 3)] });
    expect(third.json).toEqual({ stored: 1, unchanged: 0, corrected: 0, casesOpened: [{ caseId, kind: "UNDERUSE", licenceNumber: lic.ke }] });
    expect((await get(`/api/cases/${caseId}`, "reviewer1")).json).toMatchObject({ kind: "UNDERUSE", cause: { months: [m[0], m[1], m[2]] } });
    const again = await post(KE_GRID, { readings: [reading(lic.ke, m[0], 0.1, 3), reading(lic.ke, m[1], 0.25, 3), reading(lic.ke, m[2], 0.1, 3)] });
    expect(again.json).toEqual({ stored: 0, unchanged: 2, corrected: 1, casesOpened: [] });
  });
});

describe("a licence's months", () => {
  it("shows every ended month of the licence to its licensee and reviewers, with allowed MW from the line's profile; 404 for another firm", async () => {
    const res = await get(`/api/licences/${lic.lesco}/energy`, "applicantA");
    expect(res.status).toBe(200);
    expect(res.json.items.map((i: { period: string }) => i.period)).toEqual(m.slice(0, 4));
    expect(res.json.items[1]).toEqual({ period: m[1], allowedMw: kw(10 * factor(m[1])), peakMw: 4.5, energyMwh: reading(lic.lesco, m[1], 0.6, 4.5).energyMwh, loadFactor: 0.6, status: "OK" });
    expect(res.json.items[2].status).toBe("OVERDRAW");
    expect(res.json.items[3]).toEqual({ period: m[3], allowedMw: kw(10 * factor(m[3])), peakMw: null, energyMwh: null, loadFactor: null, status: "MISSING" });
    const ke = await get(`/api/licences/${lic.ke}/energy`, "reviewer1");
    expect(ke.json.items.map((i: { status: string }) => i.status)).toEqual(["UNDERUSE", "UNDERUSE", "UNDERUSE", "MISSING"]);
    expect((await get(`/api/licences/${lic.lesco}/energy`, "applicantB")).status).toBe(404);
    expect((await get(`/api/licences/${lic.lesco}/energy`)).status).toBe(401);
  });
});

describe("a large batch", () => {
  const all = bulkMonths.flatMap((period) => Array.from({ length: BULK }, (_, i) => ({ licenceNumber: bulkNumber(i), period, energyMwh: 5000 + i, peakMw: 9 })));

  it("refuses 500 readings whose last is bad, storing none", async () => {
    const res = await post(HAZECO_GRID, { readings: [...all.slice(0, 499), { ...all[499], period: m[4] }] });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(["readings.499.period"]);
    expect(await listLicenceReadings(bulkNumber(0))).toEqual([]);
  });

  it("stores 500 readings in a handful of transactions (never one per reading), and resumes a cut-short batch", async () => {
    expect(all).toHaveLength(500);
    // Half of it went through before (a request cut short): the retry stores the rest.
    expect((await post(HAZECO_GRID, { readings: all.slice(0, 250) })).json.stored).toBe(250);
    const { result, transactions } = await meterTransactionsOf(() => post(HAZECO_GRID, { readings: all }));
    expect(result.status).toBe(200);
    expect(result.json).toEqual({ stored: 250, unchanged: 250, corrected: 0, casesOpened: [] });
    // 250 new readings at up to 99 a transaction (the 100th item is the batch's audit event).
    expect(transactions).toEqual([100, 100, 53]);
    expect(await listLicenceReadings(bulkNumber(7))).toHaveLength(BULK_MONTHS);
    const again = await post(HAZECO_GRID, { readings: all });
    expect(again.json).toEqual({ stored: 0, unchanged: 500, corrected: 0, casesOpened: [] });
  });
});

describe("public usage", () => {
  it("per line and month of the round: offered (line MW x factor), approved, metered and utilisation", async () => {
    const res = await get(`/api/energy/usage?roundId=${roundId}`);
    expect(res.status).toBe(200);
    const row = res.json.items.find((r: { region: string; period: string }) => r.region === "LESCO" && r.period === m[1]);
    const mwh = reading(lic.lesco, m[1], 0.6, 4.5).energyMwh;
    expect(row).toEqual({ region: "LESCO", category: "BITCOIN_MINING", period: m[1], offeredMw: kw(200 * factor(m[1])), approvedMw: 10, meteredMwh: mwh, utilisation: Math.round((mwh / (10 * hours(m[1]))) * 10_000) / 10_000 });
    const hazeco = res.json.items.find((r: { region: string; period: string }) => r.region === "HAZECO" && r.period === bulkMonths[0]);
    // The bulk licences were written raw (the line's approved MW did not move), so utilisation has no base.
    expect(hazeco).toMatchObject({ offeredMw: 1000, approvedMw: 0, meteredMwh: (5000 * BULK + (BULK * (BULK - 1)) / 2), utilisation: null });
    expect((await get("/api/energy/usage?roundId=nosuchround")).status).toBe(404);
    expect(paths(await get("/api/energy/usage?roundId=bad!id"))).toEqual(["roundId"]);
    expect(paths(await get("/api/energy/usage"))).toEqual(["roundId"]);
  });
});
