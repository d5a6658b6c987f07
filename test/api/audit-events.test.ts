import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestApi, type Persona, type TestApi } from "../support/api.ts";
import { ROUTES } from "../../lambdas/routes.ts";
import { EVENT_FIELDS, GENESIS_HASH, verifyChain, type AuditEvent } from "../../lambdas/domain/audit-chain.ts";
import { runVerifier } from "../unit/audit-fixture.ts";

// The auditor's API through the dev gateway with real tokens: who may read events and the head,
// paging, and the offline verifier against a trail that real API calls produced, including the
// CLI's --url mode against the running gateway. Then every write route refuses read-only callers.

const READERS: Persona[] = ["auditor", "auditMachine"];

let api: TestApi;
let dir: string;
beforeAll(async () => {
  api = await startTestApi();
  dir = mkdtempSync(join(tmpdir(), "audit-api-"));
});
afterAll(async () => {
  await api?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});


async function head(who: Persona = "auditor") {
  const res = await api.request("GET", "/api/audit/events/head", { token: who });
  expect(res.status).toBe(200);
  return res.json as { seq: number; hash: string; at: string | null };
}

/** Pages through GET /api/audit/events with either afterSeq or the opaque cursor. */
async function allEvents(who: Persona, limit: number, by: "afterSeq" | "cursor"): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  let query = `limit=${limit}`;
  for (;;) {
    const res = await api.request("GET", `/api/audit/events?${query}`, { token: who });
    expect(res.status).toBe(200);
    expect(res.json.items.length).toBeLessThanOrEqual(limit);
    out.push(...res.json.items);
    if (res.json.nextCursor === null) {
      expect(res.json.nextAfterSeq).toBeNull();
      return out;
    }
    expect(res.json.nextAfterSeq).toBe(out[out.length - 1].seq);
    query = `limit=${limit}&${by === "cursor" ? `cursor=${encodeURIComponent(res.json.nextCursor)}` : `afterSeq=${res.json.nextAfterSeq}`}`;
  }
}

const line = (region: string, category: string, mw: number) => ({ region, category, mw, maxPerApplicantMw: mw / 2, minRequestMw: 1 });
const roundBody = (year: number) => ({
  name: `Audit API round ${year}`,
  effectiveFrom: `${year}-01-01`,
  effectiveTo: `${year}-12-31`,
  tariffUsdCentsPerKwh: 8.25,
  lines: [line("LESCO", "BITCOIN_MINING", 120), line("KE", "AI_DATA_CENTRE", 80.5)],
});

describe("before anything happened", () => {
  it.each(READERS)("%s reads an empty trail: head at genesis, no events", async (who) => {
    expect(await head(who)).toEqual({ seq: 0, hash: GENESIS_HASH, at: null });
    const res = await api.request("GET", "/api/audit/events", { token: who });
    expect(res.json).toEqual({ items: [], nextCursor: null, nextAfterSeq: null });
  });
});

describe("who may read the trail", () => {
  it.each([
    ["applicantA", 403],
    ["reviewer1", 403],
    ["admin", 403],
    [undefined, 401],
    ["not-a-jwt", 401],
  ] as const)("%s is refused with %i", async (who, status) => {
    for (const path of ["/api/audit/events", "/api/audit/events/head"]) {
      const res = await api.request("GET", path, { token: who });
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
  });

  it("a machine client with another scope is refused", async () => {
    const token = await api.token({ sub: "other-machine", groups: [], scope: "sandbox/other.read" });
    expect((await api.request("GET", "/api/audit/events", { token })).status).toBe(403);
  });
});

describe("a trail made by real API calls", { timeout: 180_000 }, () => {
  let events: AuditEvent[];

  beforeAll(async () => {
    for (const year of [2031, 2032]) expect((await api.request("POST", "/api/allocations", { token: "admin", body: roundBody(year) })).status).toBe(201);
    // Concurrent creates through the gateway, from two firms: more than one default page of events.
    const creates = await Promise.all(
      Array.from({ length: 28 }, (_, i) =>
        api.request("POST", "/api/applications", { token: i % 2 ? "applicantA" : "applicantB", body: { category: i % 3 ? "BITCOIN_MINING" : "VIRTUAL_ASSET_SERVICE" } }),
      ),
    );
    expect(creates.map((r) => r.status)).toEqual(Array(28).fill(201));
    events = await allEvents("auditor", 100, "afterSeq");
  });

  it("lists every event in order, exactly the nine fields each, linked to the head", async () => {
    expect(events.length).toBe(30);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    for (const e of events) expect(Object.keys(e).sort()).toEqual([...EVENT_FIELDS].sort());
    expect(events.slice(0, 2).map((e) => e.actor)).toEqual([
      { sub: "admin-1", groups: ["admin"] },
      { sub: "admin-1", groups: ["admin"] },
    ]);
    expect(new Set(events.slice(2).map((e) => e.actor.sub))).toEqual(new Set(["applicant-a", "applicant-b"]));
    const h = await head();
    expect(verifyChain(events, undefined, { head: h })).toMatchObject({ ok: true, count: 30, head: { seq: 30, hash: h.hash, at: h.at } });
  });

  it("pages by 25 by default, and the same by afterSeq, by cursor, as auditor and as machine", async () => {
    const first = await api.request("GET", "/api/audit/events", { token: "auditor" });
    expect(first.json.items).toHaveLength(25);
    expect(first.json.nextAfterSeq).toBe(25);
    expect(typeof first.json.nextCursor).toBe("string");
    const rest = await api.request("GET", `/api/audit/events?cursor=${encodeURIComponent(first.json.nextCursor)}`, { token: "auditor" });
    expect(rest.json.items.map((e: AuditEvent) => e.seq)).toEqual([26, 27, 28, 29, 30]);
    expect(rest.json.nextCursor).toBeNull();

    expect(await allEvents("auditor", 7, "cursor")).toEqual(events);
    expect(await allEvents("auditMachine", 4, "afterSeq")).toEqual(events);
    expect((await api.request("GET", "/api/audit/events?afterSeq=28&limit=1", { token: "auditMachine" })).json).toMatchObject({
      items: [{ seq: 29 }],
      nextAfterSeq: 29,
    });
    expect((await api.request("GET", "/api/audit/events?afterSeq=999999999999", { token: "auditor" })).json).toEqual({ items: [], nextCursor: null, nextAfterSeq: null });
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=ten", "limit"],
    ["afterSeq=-1", "afterSeq"],
    ["afterSeq=1.5", "afterSeq"],
    ["afterSeq=1000000000000", "afterSeq"],
    ["cursor=garbage", "cursor"],
    ["since=3", "since"],
  ])("refuses ?%s with 400 naming %s", async (query, path) => {
    const res = await api.request("GET", `/api/audit/events?${query}`, { token: "auditor" });
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it("refuses a cursor and an afterSeq that disagree", async () => {
    const { json } = await api.request("GET", "/api/audit/events?limit=3", { token: "auditor" });
    const res = await api.request("GET", `/api/audit/events?afterSeq=10&cursor=${encodeURIComponent(json.nextCursor)}`, { token: "auditor" });
    expect(res.status).toBe(400);
    const same = await api.request("GET", `/api/audit/events?afterSeq=3&cursor=${encodeURIComponent(json.nextCursor)}`, { token: "auditor" });
    expect(same.json.items[0].seq).toBe(4);
  });

  it("verifies offline from an NDJSON export", async () => {
    const file = join(dir, "export.ndjson");
    writeFileSync(file, events.map((e) => `${JSON.stringify(e)}\n`).join(""));
    expect(await runVerifier([file])).toMatchObject({ code: 0, stdout: `ok 30 events, head ${events[29].hash}\n` });

    const tampered = events.map((e) => (e.seq === 9 ? { ...e, entityId: "someone-else" } : e));
    writeFileSync(file, tampered.map((e) => `${JSON.stringify(e)}\n`).join(""));
    const result = await runVerifier([file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^fail: seq 9: hash mismatch/);
  });

  it.each(READERS)("verifies in --url mode against the running API as %s, and saves what it fetched", async (who) => {
    const saved = join(dir, `saved-${who}.ndjson`);
    const h = await head();
    const result = await runVerifier(["--url", api.url, "--token", await api.token(who), "--save", saved]);
    expect(result).toMatchObject({ code: 0, stdout: `ok ${h.seq} events, head ${h.hash}\n` });
    expect(readFileSync(saved, "utf8")).toBe(events.map((e) => `${JSON.stringify(e)}\n`).join(""));
  });

  it("--url with a token that may not read the trail exits 2 saying why", async () => {
    const result = await runVerifier(["--url", `${api.url}/api`, "--token", await api.token("reviewer1")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/answered 403/);
  });
});

// A plausible body per write route, so that without the role check the request would really act.
const SAMPLE_BODIES: Record<string, unknown> = {
  "create-application": { category: "BITCOIN_MINING" },
  "update-application": { organisation: { legalName: "Audited Ltd" } },
  "create-document": { type: "BUSINESS_PLAN", fileName: "plan.pdf", contentType: "application/pdf", sizeBytes: 5, sha256: "a".repeat(64) },
  "respond-application": { message: "Here it is." },
  "review-request-info": { message: "Please send more." },
  "review-decision": { decision: "reject", reason: "Not eligible." },
  "surrender-licence": { reason: "Closing down." },
  "suspend-licence": { reason: "Audit finding." },
  "reinstate-licence": { reason: "Resolved." },
  "revoke-licence": { reason: "Audit finding." },
  "publish-round": roundBody(2040),
  "amend-round": { region: "LESCO", category: "BITCOIN_MINING", deltaMw: 5, reason: "More capacity." },
};

describe("read-only identities change nothing", { timeout: 120_000 }, () => {
  it.each(READERS)("every route that writes answers 403 to %s, and the trail does not move", async (who) => {
    const applicationId = (await api.request("POST", "/api/applications", { token: "applicantA", body: { category: "AI_DATA_CENTRE" } })).json.id as string;
    const roundId = (await api.request("GET", "/api/allocations")).json.items[0].roundId as string;
    const params: Record<string, string> = { id: applicationId, roundId, documentId: "doc-1", licenceNumber: "PCC-BTC-2031-000001", period: "2031-01", milestoneId: "m1", caseId: "case-1" };
    const before = await head();

    const writeRoutes = ROUTES.filter((r) => r.writes);
    expect(writeRoutes.length).toBeGreaterThan(10);
    for (const route of writeRoutes) {
      const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
        expect(params[name], `a value for {${name}}`).toBeDefined();
        return params[name];
      });
      const res = await api.request(route.method, path, {
        token: who,
        body: SAMPLE_BODIES[route.id] ?? (route.method === "POST" ? undefined : {}),
        headers: { "idempotency-key": `audit-${who}-${route.id}`, "if-match": '"1"' },
      });
      expect({ route: route.id, status: res.status, type: res.json?.type }).toEqual({ route: route.id, status: 403, type: expect.stringMatching(/forbidden$/) });
    }
    expect(await head()).toEqual(before);
  });
});
