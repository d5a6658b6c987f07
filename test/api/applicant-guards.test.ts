import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/api.ts";
import { completeApplication } from "../support/applications.ts";
import { declareDocument } from "../support/documents.ts";

// Every bad-input class, other firms' records, wrong roles, stale versions and idempotent replays.

let api: TestApi;
let a: string;
let b: string;

beforeAll(async () => {
  api = await startTestApi();
  a = await api.token("applicantA");
  b = await api.token("applicantB");
});
afterAll(() => api.close());

const expectProblem = (res: { status: number; headers: Headers; json: any; text: string }, status: number, path?: string) => {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(res.json).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  expect(res.text).not.toMatch(/at .*\.ts:\d+|stack/i);
  if (path !== undefined) expect(res.json.errors.map((e: { path: string }) => e.path)).toContain(path);
};

describe("bad input is a problem answer naming the field", () => {
  const create = (body: unknown, headers?: Record<string, string>) => api.request("POST", "/api/applications", { token: a, body, headers });

  it("malformed JSON", async () => {
    expectProblem(await create("{ not json", { "content-type": "application/json" }), 400, "");
  });
  it("wrong content type", async () => {
    expectProblem(await create(JSON.stringify(completeApplication()), { "content-type": "text/plain" }), 415);
  });
  it("a body over 64 KiB", async () => {
    const huge = completeApplication("BITCOIN_MINING", { organisation: { legalName: "x".repeat(70 * 1024) } });
    expectProblem(await create(huge), 413);
  });
  it.each([
    ["wrong type", { energy: { region: "PESCO", requestedMw: "20", startDate: "2026-01-01", curtailable: true } }, "energy.requestedMw"],
    ["zero MW", { energy: { region: "PESCO", requestedMw: 0, startDate: "2026-01-01", curtailable: true } }, "energy.requestedMw"],
    ["over 5,000 MW", { energy: { region: "PESCO", requestedMw: 5000.001, startDate: "2026-01-01", curtailable: true } }, "energy.requestedMw"],
    ["four decimals", { energy: { region: "PESCO", requestedMw: 1.2345, startDate: "2026-01-01", curtailable: true } }, "energy.requestedMw"],
    ["unknown region", { energy: { region: "ATLANTIS", requestedMw: 1, startDate: "2026-01-01", curtailable: true } }, "energy.region"],
    ["impossible date", { energy: { region: "PESCO", requestedMw: 1, startDate: "2026-02-30", curtailable: true } }, "energy.startDate"],
    ["unknown field", { organisation: { legalName: "X", shoeSize: 9 } }, "organisation.shoeSize"],
    ["name too long", { organisation: { legalName: "x".repeat(201) } }, "organisation.legalName"],
    ["bad e-mail", { organisation: { contactEmail: "not-an-email" } }, "organisation.contactEmail"],
    ["owners over 100 %", { beneficialOwners: [{ name: "A", idNumber: "1", ownershipPercent: 60 }, { name: "B", idNumber: "2", ownershipPercent: 41 }] }, "beneficialOwners"],
    ["vasp section on a miner", { vasp: { services: ["EXCHANGE"] } }, "vasp"],
  ])("%s", async (_name, fields, path) => {
    expectProblem(await create({ category: "BITCOIN_MINING", ...fields }), 400, path);
  });
  it("unknown category", async () => {
    expectProblem(await create({ category: "GOLD_MINING" }), 400, "category");
  });
  it("nothing half-written: a refused create leaves no record", async () => {
    const before = (await api.request("GET", "/api/applications?limit=100", { token: a })).json.items.length;
    await create({ category: "BITCOIN_MINING", energy: { requestedMw: -1 } });
    const after = (await api.request("GET", "/api/applications?limit=100", { token: a })).json.items.length;
    expect(after).toBe(before);
  });
  it("bad paging parameters", async () => {
    expectProblem(await api.request("GET", "/api/applications?limit=0", { token: a }), 400, "limit");
    expectProblem(await api.request("GET", "/api/applications?limit=101", { token: a }), 400, "limit");
    expectProblem(await api.request("GET", "/api/applications?cursor=garbage", { token: a }), 400, "cursor");
  });
});

describe("another firm's records do not exist for you", () => {
  it("answers 404 on every applicant route", async () => {
    const { json } = await api.request("POST", "/api/applications", { token: a, body: completeApplication("BITCOIN_MINING") });
    const declared = await declareDocument(api, a, json.id, "AML_CFT_POLICY");
    const id = json.id;
    const attempts: [string, string, unknown?, Record<string, string>?][] = [
      ["GET", `/api/applications/${id}`],
      ["PATCH", `/api/applications/${id}`, { energy: completeApplication().energy }, { "if-match": '"1"' }],
      ["GET", `/api/applications/${id}/eligibility`],
      ["POST", `/api/applications/${id}/documents`, { type: "AML_CFT_POLICY", fileName: "a.pdf", contentType: "application/pdf", sizeBytes: 5, sha256: "a".repeat(64) }],
      ["POST", `/api/applications/${id}/documents/${declared.documentId}/confirm`],
      ["GET", `/api/applications/${id}/documents/${declared.documentId}`],
      ["POST", `/api/applications/${id}/submit`],
      ["POST", `/api/applications/${id}/respond`, { message: "hello" }],
      ["POST", `/api/applications/${id}/withdraw`],
    ];
    for (const [method, path, body, headers] of attempts) {
      const res = await api.request(method, path, { token: b, body, headers });
      expectProblem(res, 404);
    }
    const list = await api.request("GET", "/api/applications", { token: b });
    expect(list.json.items.map((x: { id: string }) => x.id)).not.toContain(id);
    // ...and the owner still sees it unchanged.
    expect((await api.request("GET", `/api/applications/${id}`, { token: a })).json.status).toBe("DRAFT");
  });
});

describe("roles", () => {
  it("refuses other roles (403) and anonymous callers (401) on applicant routes", async () => {
    for (const who of ["reviewer1", "admin", "auditor", "auditMachine"] as const) {
      expectProblem(await api.request("POST", "/api/applications", { token: who, body: completeApplication() }), 403);
      expectProblem(await api.request("GET", "/api/applications", { token: who }), 403);
    }
    expectProblem(await api.request("POST", "/api/applications", { body: completeApplication() }), 401);
  });
});

describe("versions", () => {
  it("needs If-Match (428) and refuses a stale one (412) without writing", async () => {
    const { json } = await api.request("POST", "/api/applications", { token: a, body: { category: "BITCOIN_MINING" } });
    const path = `/api/applications/${json.id}`;
    const body = { organisation: { legalName: "First" } };
    expectProblem(await api.request("PATCH", path, { token: a, body }), 428);
    expect((await api.request("PATCH", path, { token: a, body, headers: { "if-match": '"1"' } })).status).toBe(200);
    expectProblem(await api.request("PATCH", path, { token: a, body: { organisation: { legalName: "Second" } }, headers: { "if-match": '"1"' } }), 412);
    expectProblem(await api.request("PATCH", path, { token: a, body, headers: { "if-match": "garbage" } }), 412);
    const now = await api.request("GET", path, { token: a });
    expect(now.json.organisation.legalName).toBe("First");
    expect(now.headers.get("etag")).toBe('"2"');
  });
});

describe("Idempotency-Key", () => {
  it("replays the first answer for the same key and body, with one effect", async () => {
    const body = completeApplication("AI_DATA_CENTRE");
    const headers = { "idempotency-key": "create-ai-1" };
    const first = await api.request("POST", "/api/applications", { token: a, body, headers });
    const second = await api.request("POST", "/api/applications", { token: a, body, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.json.id).toBe(first.json.id);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    const mine = (await api.request("GET", "/api/applications?limit=100", { token: a })).json.items.filter((x: { id: string }) => x.id === first.json.id);
    expect(mine).toHaveLength(1);
  });

  it("answers 422 for the same key with another body", async () => {
    const headers = { "idempotency-key": "create-ai-2" };
    expect((await api.request("POST", "/api/applications", { token: a, body: { category: "AI_DATA_CENTRE" }, headers })).status).toBe(201);
    expectProblem(await api.request("POST", "/api/applications", { token: a, body: { category: "BITCOIN_MINING" }, headers }), 422);
  });

  it("keys are per caller: another firm's identical key is independent", async () => {
    const headers = { "idempotency-key": "shared-key" };
    const ra = await api.request("POST", "/api/applications", { token: a, body: { category: "AI_DATA_CENTRE" }, headers });
    const rb = await api.request("POST", "/api/applications", { token: b, body: { category: "AI_DATA_CENTRE" }, headers });
    expect(rb.status).toBe(201);
    expect(rb.json.id).not.toBe(ra.json.id);
  });

  it("lets concurrent duplicates through at most once (the rest replay or are told it is in flight)", async () => {
    const headers = { "idempotency-key": "burst-1" };
    const body = { category: "BITCOIN_MINING", organisation: { legalName: "Burst" } };
    const results = await Promise.all(Array.from({ length: 8 }, () => api.request("POST", "/api/applications", { token: a, body, headers })));
    const ids = new Set(results.filter((r) => r.status === 201).map((r) => r.json.id));
    expect(ids.size).toBe(1);
    for (const r of results) expect([201, 409]).toContain(r.status);
    const all = (await api.request("GET", "/api/applications?limit=100", { token: a })).json.items.filter((x: any) => x.organisation?.legalName === "Burst");
    expect(all).toHaveLength(1);
  });
});
