import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type Persona, type TestApi } from "../support/api.ts";
import { ROUTES } from "../../lambdas/routes.ts";
import { EVENT_FIELDS, eventLeafHash, type AuditEvent } from "../../lambdas/domain/audit-event.ts";
import { verifyCheckpoint } from "../../lambdas/domain/checkpoint.ts";
import { EMPTY_ROOT, rootOf, verifyConsistency, verifyInclusion } from "../../lambdas/domain/merkle.ts";
import { DEFAULT_LOG_ORIGIN } from "../../lambdas/env.ts";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runVerifier } from "../unit/audit-fixture.ts";

// The auditor's API through the dev gateway with real tokens, against a log that real API calls
// produced and the gateway's own sequencer loop numbered: who may read, paging, the signed
// checkpoint and its key, inclusion and consistency proofs checked with the RFC 9162 verifier. Then
// every write route refuses read-only callers.

const READERS: Persona[] = ["auditor", "auditMachine"];
const AUDIT_PATHS = [
  "/api/audit/events",
  "/api/audit/events/head",
  "/api/audit/events/1/proof",
  "/api/audit/consistency?from=1&to=1",
  "/api/audit/checkpoint",
  "/api/audit/checkpoint/key",
  "/api/audit/checkpoints",
];

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.close();
});

interface Head {
  seq: number;
  rootHash: string;
  at: string | null;
  pendingEvents: number;
  oldestPendingSeconds: number;
}

async function head(who: Persona = "auditor"): Promise<Head> {
  const res = await api.request("GET", "/api/audit/events/head", { token: who });
  expect(res.status).toBe(200);
  return res.json as Head;
}

/** Polls the head until nothing is pending: the local sequencer loop numbers events within milliseconds. */
async function sealed(): Promise<Head> {
  for (;;) {
    const h = await head();
    if (h.pendingEvents === 0) return h;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function checkpoint(): Promise<{ note: string; vkey: string }> {
  const note = await api.request("GET", "/api/audit/checkpoint", { token: "auditor" });
  expect(note.status).toBe(200);
  expect(note.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  const key = await api.request("GET", "/api/audit/checkpoint/key", { token: "auditor" });
  expect(key.json).toEqual({ origin: DEFAULT_LOG_ORIGIN, keyName: DEFAULT_LOG_ORIGIN, vkey: expect.stringMatching(/^sandbox-registry\.local\/log\+[0-9a-f]{8}\+/) });
  return { note: note.text, vkey: key.json.vkey };
}

/** Pages through GET /api/audit/events with either afterSeq or the opaque cursor. */
async function allEvents(who: Persona, limit: number, by: "afterSeq" | "cursor"): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  let query = `limit=${limit}`;
  for (;;) {
    const res = await api.request("GET", `/api/audit/events?${query}`, { token: who });
    expect(res.status).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual(["items", "nextCursor"]);
    expect(res.json.items.length).toBeLessThanOrEqual(limit);
    out.push(...res.json.items);
    if (res.json.nextCursor === null) return out;
    query = `limit=${limit}&${by === "cursor" ? `cursor=${encodeURIComponent(res.json.nextCursor)}` : `afterSeq=${out[out.length - 1].seq}`}`;
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
  it.each(READERS)("%s reads an empty log: size 0, the empty root, a signed checkpoint, no events", async (who) => {
    const h = await head(who);
    expect(h).toEqual({ seq: 0, rootHash: EMPTY_ROOT.toString("hex"), at: expect.any(String), pendingEvents: 0, oldestPendingSeconds: 0 });
    expect((await api.request("GET", "/api/audit/events", { token: who })).json).toEqual({ items: [], nextCursor: null });
    expect((await api.request("GET", "/api/audit/checkpoints", { token: who })).json).toEqual({ items: [], nextCursor: null });
    const { note, vkey } = await checkpoint();
    expect(verifyCheckpoint(note, vkey)).toMatchObject({ origin: DEFAULT_LOG_ORIGIN, treeSize: 0 });
    expect(note.startsWith(`${DEFAULT_LOG_ORIGIN}\n0\n${EMPTY_ROOT.toString("base64")}\n\n\u2014 ${DEFAULT_LOG_ORIGIN} `)).toBe(true);
  });
});

describe("who may read the log", () => {
  it.each([
    ["applicantA", 403],
    ["reviewer1", 403],
    ["admin", 403],
    [undefined, 401],
    ["not-a-jwt", 401],
  ] as const)("%s is refused with %i", async (who, status) => {
    for (const path of AUDIT_PATHS) {
      const res = await api.request("GET", path, { token: who });
      expect(res.status, path).toBe(status);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
  });

  it("a machine client with another scope is refused", async () => {
    const token = await api.token({ sub: "other-machine", groups: [], scope: "sandbox/other.read" });
    for (const path of AUDIT_PATHS) expect((await api.request("GET", path, { token })).status, path).toBe(403);
  });
});

describe("a log made by real API calls", { timeout: 180_000 }, () => {
  let events: AuditEvent[];
  let h: Head;

  beforeAll(async () => {
    for (const year of [2031, 2032]) expect((await api.request("POST", "/api/allocations", { token: "admin", body: roundBody(year) })).status).toBe(201);
    // Concurrent creates through the gateway, from two firms: more than one default page of events.
    const creates = await Promise.all(
      Array.from({ length: 28 }, (_, i) =>
        api.request("POST", "/api/applications", { token: i % 2 ? "applicantA" : "applicantB", body: { category: i % 3 ? "BITCOIN_MINING" : "VIRTUAL_ASSET_SERVICE" } }),
      ),
    );
    expect(creates.map((r) => r.status)).toEqual(Array(28).fill(201));
    h = await sealed();
    events = await allEvents("auditor", 100, "afterSeq");
  });

  it("lists every event in order, exactly the nine fields each, every leaf hash right, the root the checkpoint's", async () => {
    expect(h).toMatchObject({ seq: 30, pendingEvents: 0, oldestPendingSeconds: 0 });
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    for (const e of events) {
      expect(Object.keys(e)).toEqual([...EVENT_FIELDS]);
      expect(e.leafHash).toBe(eventLeafHash(e));
      expect(e.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(events.slice(0, 2).map((e) => e.actor)).toEqual([
      { sub: "admin-1", groups: ["admin"] },
      { sub: "admin-1", groups: ["admin"] },
    ]);
    expect(new Set(events.slice(2).map((e) => e.actor.sub))).toEqual(new Set(["applicant-a", "applicant-b"]));
    const root = rootOf(events.map((e) => Buffer.from(e.leafHash, "hex")));
    expect(h.rootHash).toBe(root.toString("hex"));
    const { note, vkey } = await checkpoint();
    const signed = verifyCheckpoint(note, vkey);
    expect(signed.treeSize).toBe(30);
    expect(signed.root.equals(root)).toBe(true);
  });

  it("pages by 25 by default, and the same by afterSeq, by cursor, as auditor and as machine", async () => {
    const first = await api.request("GET", "/api/audit/events", { token: "auditor" });
    expect(first.json.items).toHaveLength(25);
    expect(typeof first.json.nextCursor).toBe("string");
    const rest = await api.request("GET", `/api/audit/events?cursor=${encodeURIComponent(first.json.nextCursor)}`, { token: "auditor" });
    expect(rest.json.items.map((e: AuditEvent) => e.seq)).toEqual([26, 27, 28, 29, 30]);
    expect(rest.json.nextCursor).toBeNull();

    expect(await allEvents("auditor", 7, "cursor")).toEqual(events);
    expect(await allEvents("auditMachine", 4, "afterSeq")).toEqual(events);
    expect((await api.request("GET", "/api/audit/events?afterSeq=28&limit=1", { token: "auditMachine" })).json).toMatchObject({ items: [{ seq: 29 }], nextCursor: expect.any(String) });
    expect((await api.request("GET", "/api/audit/events?afterSeq=999999999999", { token: "auditor" })).json).toEqual({ items: [], nextCursor: null });
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

  it.each(READERS)("serves every event's inclusion proof (latest tree and older ones) that verifies, as %s", async (who) => {
    const leaves = events.map((e) => Buffer.from(e.leafHash, "hex"));
    for (const treeSize of [undefined, 1, 17, 30]) {
      const size = treeSize ?? 30;
      const root = rootOf(leaves.slice(0, size));
      for (let seq = 1; seq <= size; seq += treeSize === 1 ? 1 : 3) {
        const res = await api.request("GET", `/api/audit/events/${seq}/proof${treeSize ? `?treeSize=${treeSize}` : ""}`, { token: who });
        expect(res.status).toBe(200);
        expect(Object.keys(res.json).sort()).toEqual(["hashes", "leafHash", "leafIndex", "seq", "treeSize"]);
        expect(res.json).toMatchObject({ seq, leafIndex: seq - 1, treeSize: size, leafHash: events[seq - 1].leafHash });
        for (const hash of res.json.hashes) expect(hash).toMatch(/^[0-9a-f]{64}$/);
        expect(verifyInclusion(seq - 1, size, leaves[seq - 1], res.json.hashes.map((x: string) => Buffer.from(x, "hex")), root), `${seq} in ${size}`).toBe(true);
      }
    }
  });

  it("answers 404 for a seq past the tree, 400 for a bad seq or a tree larger than the log", async () => {
    expect((await api.request("GET", "/api/audit/events/31/proof", { token: "auditor" })).status).toBe(404);
    expect((await api.request("GET", "/api/audit/events/20/proof?treeSize=10", { token: "auditor" })).status).toBe(404);
    for (const [path, field] of [
      ["/api/audit/events/0/proof", "seq"],
      ["/api/audit/events/x/proof", "seq"],
      ["/api/audit/events/1/proof?treeSize=0", "treeSize"],
      ["/api/audit/events/1/proof?treeSize=31", "treeSize"],
    ]) {
      const res = await api.request("GET", path, { token: "auditor" });
      expect(res.status, path).toBe(400);
      expect(res.json.errors.map((e: { path: string }) => e.path), path).toContain(field);
    }
  });

  it("serves consistency proofs that verify, and 400 unless 0 < from <= to <= the latest size", async () => {
    const leaves = events.map((e) => Buffer.from(e.leafHash, "hex"));
    for (const [from, to] of [[1, 30], [7, 30], [16, 17], [30, 30], [2, 3]]) {
      const res = await api.request("GET", `/api/audit/consistency?from=${from}&to=${to}`, { token: "auditMachine" });
      expect(res.status).toBe(200);
      expect(Object.keys(res.json).sort()).toEqual(["from", "hashes", "to"]);
      const ok = verifyConsistency(from, to, rootOf(leaves.slice(0, from)), rootOf(leaves.slice(0, to)), res.json.hashes.map((x: string) => Buffer.from(x, "hex")));
      expect(ok, `${from} -> ${to}`).toBe(true);
    }
    for (const [query, field] of [
      ["from=0&to=3", "from"],
      ["from=4&to=3", "from"],
      ["from=1&to=31", "to"],
      ["from=1", "to"],
      ["to=3", "from"],
      ["from=a&to=3", "from"],
    ]) {
      const res = await api.request("GET", `/api/audit/consistency?${query}`, { token: "auditor" });
      expect(res.status, query).toBe(400);
      expect(res.json.errors.map((e: { path: string }) => e.path), query).toContain(field);
    }
  });

  it("the audit:verify CLI checks the running API: the whole log, one event's proof, and growth since a saved checkpoint", async () => {
    const dir = mkdtempSync(join(tmpdir(), "audit-cli-"));
    try {
      const { note, vkey } = await checkpoint();
      const token = await api.token("auditMachine");
      const whole = await runVerifier(["--url", api.url, "--token", token, "--key", vkey]);
      expect(whole, whole.stderr).toMatchObject({ code: 0, stdout: `ok 30 events, root ${h.rootHash}\n` });
      const prove = await runVerifier(["--url", api.url, "--token", token, "--key", vkey, "--prove", "17"]);
      expect(prove.code, prove.stdout + prove.stderr).toBe(0);
      const saved = join(dir, "checkpoint.txt");
      writeFileSync(saved, note);
      // The log grows, then the saved checkpoint is proved to be a prefix of the new one.
      expect((await api.request("POST", "/api/applications", { token: "applicantA", body: { category: "BITCOIN_MINING" } })).status).toBe(201);
      await sealed();
      const since = await runVerifier(["--url", api.url, "--token", token, "--key", vkey, "--since", saved]);
      expect(since.code, since.stdout + since.stderr).toBe(0);
      events = await allEvents("auditor", 100, "afterSeq");
      h = await head();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
  it.each(READERS)("every route that writes answers 403 to %s, and the log does not move", async (who) => {
    const applicationId = (await api.request("POST", "/api/applications", { token: "applicantA", body: { category: "AI_DATA_CENTRE" } })).json.id as string;
    const roundId = (await api.request("GET", "/api/allocations")).json.items[0].roundId as string;
    const params: Record<string, string> = { id: applicationId, roundId, documentId: "doc-1", licenceNumber: "PCC-BTC-2031-000001", period: "2031-01", milestoneId: "m1", caseId: "case-1" };
    const before = await sealed();

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
    expect(await sealed()).toMatchObject({ seq: before.seq, rootHash: before.rootHash });
  });
});
