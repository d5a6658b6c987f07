import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type Persona, type TestApi } from "../support/api.ts";

// Black box through the dev gateway with real dev-issuer tokens: publish, amend, list, get and the
// public eligibility pre-check; who may do what; and 400s that name the offending fields.

let api: TestApi;
const WINTER = [1, 1, 0.9, 0.8, 0.6, 0.5, 0.5, 0.5, 0.6, 0.8, 1, 1];
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

const line = (region: string, category: string, mw: number, maxPerApplicantMw: number, minRequestMw: number) => ({ region, category, mw, maxPerApplicantMw, minRequestMw });
const roundBody = (year: number, lines: object[] = [line("MEPCO", "BITCOIN_MINING", 100, 40, 2)]) => ({
  name: `API round ${year}`,
  description: "Round used by the API tests",
  effectiveFrom: `${year}-01-01`,
  effectiveTo: `${year}-12-31`,
  tariffUsdCentsPerKwh: 7.5,
  lines,
});
const paths = (res: { json: { errors?: { path: string }[] } }) => (res.json.errors ?? []).map((e) => e.path);

describe("publishing, reading and amending rounds", () => {
  let roundId: string;

  it("publishes a round: 201 with the round, its location and ETag", async () => {
    const res = await api.request("POST", "/api/allocations", {
      token: "admin",
      body: roundBody(2030, [line("MEPCO", "BITCOIN_MINING", 100, 40, 2), { ...line("KE", "AI_DATA_CENTRE", 250.125, 100, 5), monthlyAvailability: WINTER }]),
    });
    expect(res.status).toBe(201);
    roundId = res.json.roundId;
    expect(res.headers.get("location")).toBe(`/api/allocations/${roundId}`);
    expect(res.headers.get("etag")).toBe('"1"');
    expect(res.json).toMatchObject({ name: "API round 2030", description: "Round used by the API tests", effectiveFrom: "2030-01-01", effectiveTo: "2030-12-31", tariffUsdCentsPerKwh: 7.5, version: 1 });
    expect(typeof res.json.publishedAt).toBe("string");
    expect(res.json.lines).toEqual([
      { region: "MEPCO", category: "BITCOIN_MINING", mw: 100, maxPerApplicantMw: 40, minRequestMw: 2, monthlyAvailability: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], approvedMw: 0, remainingMw: 100 },
      { region: "KE", category: "AI_DATA_CENTRE", mw: 250.125, maxPerApplicantMw: 100, minRequestMw: 5, monthlyAvailability: WINTER, approvedMw: 0, remainingMw: 250.125 },
    ]);
  });

  it("serves the round publicly, one and in the list", async () => {
    const one = await api.request("GET", `/api/allocations/${roundId}`);
    expect(one.status).toBe(200);
    expect(one.headers.get("etag")).toBe('"1"');
    expect(one.json.lines).toHaveLength(2);
    const list = await api.request("GET", "/api/allocations");
    expect(list.status).toBe(200);
    expect(list.json.nextCursor).toBeNull();
    expect(list.json.items.map((r: { roundId: string }) => r.roundId)).toContain(roundId);
  });

  it("refuses an overlapping round with 409 naming the clashing round and line", async () => {
    const res = await api.request("POST", "/api/allocations", { token: "admin", body: { ...roundBody(2030), effectiveFrom: "2030-12-31", effectiveTo: "2031-03-31" } });
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.json.type).toMatch(/conflict$/);
    expect(res.json.detail).toContain(`(${roundId}) already covers MEPCO / BITCOIN_MINING from 2030-01-01 to 2030-12-31`);
    expect(res.json.clashes).toEqual([expect.objectContaining({ roundId, region: "MEPCO", category: "BITCOIN_MINING" })]);
  });

  it("amends a line: 200 with the updated round and its new version", async () => {
    const res = await api.request("POST", `/api/allocations/${roundId}/amendments`, {
      token: "admin",
      body: { region: "MEPCO", category: "BITCOIN_MINING", deltaMw: -25.5, reason: "Grid operator revised the surplus" },
    });
    expect(res.status).toBe(200);
    expect(res.json.version).toBe(2);
    expect(res.headers.get("etag")).toBe('"2"');
    expect(res.json.lines[0]).toEqual({ region: "MEPCO", category: "BITCOIN_MINING", mw: 74.5, maxPerApplicantMw: 40, minRequestMw: 2, monthlyAvailability: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], approvedMw: 0, remainingMw: 74.5 });
    expect((await api.request("GET", `/api/allocations/${roundId}`)).json.lines[0].mw).toBe(74.5);
  });

  it("amends a line's availability profile alone (no deltaMw), keeping its MW; refuses a bad profile naming the month", async () => {
    const summer = [0.5, 0.5, 0.5, 0.6, 0.7, 1, 1, 1, 0.7, 0.6, 0.5, 0.5];
    const res = await api.request("POST", `/api/allocations/${roundId}/amendments`, { token: "admin", body: { region: "KE", category: "AI_DATA_CENTRE", monthlyAvailability: summer, reason: "Summer surplus revised" } });
    expect(res.status).toBe(200);
    const ke = res.json.lines.find((l: { region: string }) => l.region === "KE");
    expect(ke).toMatchObject({ mw: 250.125, monthlyAvailability: summer });
    const neither = await api.request("POST", `/api/allocations/${roundId}/amendments`, { token: "admin", body: { region: "KE", category: "AI_DATA_CENTRE", reason: "nothing" } });
    expect(neither.status).toBe(400);
    expect(neither.json.errors.map((e: { path: string }) => e.path)).toEqual(["deltaMw"]);
    const bad = await api.request("POST", `/api/allocations/${roundId}/amendments`, { token: "admin", body: { region: "KE", category: "AI_DATA_CENTRE", monthlyAvailability: [...summer.slice(0, 3), 1.5, ...summer.slice(4)], reason: "x" } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { path: string }) => e.path)).toEqual(["monthlyAvailability.3"]);
    const short = await api.request("POST", "/api/allocations", { token: "admin", body: roundBody(2031, [{ ...line("KE", "AI_DATA_CENTRE", 10, 10, 1), monthlyAvailability: [1, 1] }]) });
    expect(short.status).toBe(400);
    expect(short.json.errors.map((e: { path: string }) => e.path)).toEqual(["lines.0.monthlyAvailability"]);
    // Back to the profile it was published with: the next tests read the round as published.
    expect((await api.request("POST", `/api/allocations/${roundId}/amendments`, { token: "admin", body: { region: "KE", category: "AI_DATA_CENTRE", monthlyAvailability: WINTER, reason: "Back to winter" } })).status).toBe(200);
  });

  it("takes a line exactly down to what is approved, and refuses to go 1 kW below with 409 saying how much is approved", async () => {
    const below = await api.request("POST", `/api/allocations/${roundId}/amendments`, {
      token: "admin",
      body: { region: "MEPCO", category: "BITCOIN_MINING", deltaMw: -74.501, reason: "too far" },
    });
    expect(below.status).toBe(409);
    expect(below.json.detail).toMatch(/0 MW approved/);
    expect(below.json).toMatchObject({ approvedMw: 0, remainingMw: 74.5, mw: 74.5 });

    const exact = await api.request("POST", `/api/allocations/${roundId}/amendments`, {
      token: "admin",
      body: { region: "MEPCO", category: "BITCOIN_MINING", deltaMw: -74.5, reason: "Line withdrawn" },
    });
    expect(exact.status).toBe(200);
    expect(exact.json.lines[0]).toMatchObject({ mw: 0, approvedMw: 0, remainingMw: 0 });
  });

  it("answers 404 for an unknown round or a line the round does not have", async () => {
    const unknown = await api.request("POST", "/api/allocations/nosuchround/amendments", { token: "admin", body: { region: "KE", category: "AI_DATA_CENTRE", deltaMw: 1, reason: "x" } });
    expect(unknown.status).toBe(404);
    const noLine = await api.request("POST", `/api/allocations/${roundId}/amendments`, { token: "admin", body: { region: "PESCO", category: "AI_DATA_CENTRE", deltaMw: 1, reason: "x" } });
    expect(noLine.status).toBe(404);
    expect(noLine.json.detail).toMatch(/publish a new round/);
    expect((await api.request("GET", "/api/allocations/nosuchround")).status).toBe(404);
  });

  it("replays a publish sent again with the same Idempotency-Key, creating one round", async () => {
    const send = () => api.request("POST", "/api/allocations", { token: "admin", headers: { "idempotency-key": "publish-2032" }, body: roundBody(2032) });
    const first = await send();
    const again = await send();
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.json.roundId).toBe(first.json.roundId);
    const list = await api.request("GET", "/api/allocations?limit=100");
    expect(list.json.items.filter((r: { effectiveFrom: string }) => r.effectiveFrom === "2032-01-01")).toHaveLength(1);
  });

  it("pages the list with limit and cursor", async () => {
    await api.request("POST", "/api/allocations", { token: "admin", body: roundBody(2033) });
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; json: { items: { roundId: string }[]; nextCursor: string | null } } = await api.request("GET", `/api/allocations?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(res.status).toBe(200);
      expect(res.json.items.length).toBeLessThanOrEqual(1);
      ids.push(...res.json.items.map((r) => r.roundId));
      cursor = res.json.nextCursor;
    } while (cursor);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
  });
});

describe("public eligibility pre-check", () => {
  beforeAll(async () => {
    const res = await api.request("POST", "/api/allocations", { token: "admin", body: roundBody(2040, [line("QESCO", "BITCOIN_MINING", 60, 20, 1)]) });
    expect(res.status).toBe(201);
  });

  it("answers without a token: eligible, with what remains and the round", async () => {
    const res = await api.request("POST", "/api/eligibility", { body: { category: "BITCOIN_MINING", region: "QESCO", requestedMw: 20, startDate: "2040-05-01" } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ eligible: true, reasons: [], remainingMw: 60, roundId: expect.any(String) });
  });

  it("lists every failing reason in plain words", async () => {
    const over = await api.request("POST", "/api/eligibility", { body: { category: "BITCOIN_MINING", region: "QESCO", requestedMw: 61, startDate: "2040-05-01" } });
    expect(over.json.eligible).toBe(false);
    expect(over.json.reasons).toEqual([expect.stringMatching(/at most 20 MW/), expect.stringMatching(/only 60 MW remain/)]);
    const under = await api.request("POST", "/api/eligibility", { body: { category: "BITCOIN_MINING", region: "QESCO", requestedMw: 0.5, startDate: "2040-05-01" } });
    expect(under.json.reasons).toEqual([expect.stringMatching(/smallest request .* is 1 MW/)]);
    const noRound = await api.request("POST", "/api/eligibility", { body: { category: "BITCOIN_MINING", region: "QESCO", requestedMw: 5, startDate: "2041-01-01" } });
    expect(noRound.json).toMatchObject({ eligible: false, remainingMw: null, roundId: null });
    const vasp = await api.request("POST", "/api/eligibility", { body: { category: "VIRTUAL_ASSET_SERVICE", region: "QESCO", requestedMw: 5, startDate: "2040-05-01" } });
    expect(vasp.json.reasons[0]).toMatch(/not eligible for an energy allocation/);
  });

  it("refuses bad input with 400 and field paths", async () => {
    const res = await api.request("POST", "/api/eligibility", { body: { category: "GOLD_MINING", region: "QESCO", requestedMw: -1, startDate: "2040-02-30", extra: 1 } });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(expect.arrayContaining(["category", "requestedMw", "startDate", "extra"]));
    const missing = await api.request("POST", "/api/eligibility", {});
    expect(missing.status).toBe(400);
  });
});

describe("who may change rounds", () => {
  const writes = [
    { path: "/api/allocations", body: roundBody(2050) },
    { path: "/api/allocations/anyround/amendments", body: { region: "KE", category: "AI_DATA_CENTRE", deltaMw: 1, reason: "x" } },
  ];

  for (const who of ["applicantA", "reviewer1", "auditor", "auditMachine"] as Persona[]) {
    it(`refuses ${who} with 403 and changes nothing`, async () => {
      for (const w of writes) {
        const res = await api.request("POST", w.path, { token: who, body: w.body });
        expect(res.status).toBe(403);
        expect(res.json.type).toMatch(/forbidden$/);
      }
    });
  }

  it("refuses a call without a token, or with a forged one, with 401", async () => {
    for (const w of writes) {
      expect((await api.request("POST", w.path, { body: w.body })).status).toBe(401);
      expect((await api.request("POST", w.path, { token: "not.a.jwt", body: w.body })).status).toBe(401);
    }
    const list = await api.request("GET", "/api/allocations?limit=100");
    expect(list.json.items.some((r: { effectiveFrom: string }) => r.effectiveFrom === "2050-01-01")).toBe(false);
  });
});

describe("bad inputs on admin routes", () => {
  it("names every invalid field of a round", async () => {
    const res = await api.request("POST", "/api/allocations", {
      token: "admin",
      body: {
        name: "",
        effectiveFrom: "2060-06-01",
        effectiveTo: "2060-01-01",
        tariffUsdCentsPerKwh: 0,
        lines: [line("MEPCO", "BITCOIN_MINING", 10, 20, 1), line("ATLANTIS", "VIRTUAL_ASSET_SERVICE", 1.0001, 1, 1)],
        colour: "red",
      },
    });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(expect.arrayContaining(["name", "tariffUsdCentsPerKwh", "lines.0.maxPerApplicantMw", "lines.1.region", "lines.1.category", "lines.1.mw", "colour"]));
  });

  it("refuses a window that ends before it starts, and the same line twice", async () => {
    const window = await api.request("POST", "/api/allocations", { token: "admin", body: { ...roundBody(2061), effectiveTo: "2060-12-31" } });
    expect(window.status).toBe(400);
    expect(paths(window)).toContain("effectiveTo");
    const twice = await api.request("POST", "/api/allocations", { token: "admin", body: roundBody(2061, [line("KE", "AI_DATA_CENTRE", 10, 5, 1), line("KE", "AI_DATA_CENTRE", 20, 5, 1)]) });
    expect(twice.status).toBe(400);
    expect(paths(twice)).toContain("lines.1");
    const noLines = await api.request("POST", "/api/allocations", { token: "admin", body: roundBody(2061, []) });
    expect(paths(noLines)).toContain("lines");
  });

  it("names invalid amendment fields, and a malformed round id", async () => {
    const res = await api.request("POST", "/api/allocations/someround/amendments", { token: "admin", body: { region: "KE", category: "AI_DATA_CENTRE", deltaMw: 0, reason: "" } });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(expect.arrayContaining(["deltaMw", "reason"]));
    const badId = await api.request("GET", "/api/allocations/bad.id");
    expect(badId.status).toBe(400);
    expect(paths(badId)).toContain("roundId");
  });

  it("refuses a bad list query and a cursor that is not ours", async () => {
    expect(paths(await api.request("GET", "/api/allocations?limit=0"))).toContain("limit");
    const cursor = await api.request("GET", "/api/allocations?cursor=garbage");
    expect(cursor.status).toBe(400);
    expect(paths(cursor)).toContain("cursor");
    const foreign = Buffer.from(JSON.stringify({ pk: "APP#x", sk: "APP" })).toString("base64url");
    const other = await api.request("GET", `/api/allocations?cursor=${foreign}`);
    expect(other.status).toBe(400);
    expect(paths(other)).toContain("cursor");
  });

  it("wants JSON", async () => {
    const res = await api.request("POST", "/api/allocations", { token: "admin", body: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(415);
  });
});
