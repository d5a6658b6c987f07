import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as fc from "fast-check";
import { ROUTES, type RouteDef } from "../../lambdas/routes.ts";
import { encodeCursor } from "../../lambdas/store/cursor.ts";
import { resetEnv } from "../../lambdas/env.ts";
import { completeApplication } from "../support/applications.ts";
import { startTestApi, type TestApi } from "../support/api.ts";
import type { TokenRequest } from "../../local/dev-issuer.ts";

// Fuzzing what an adversarial review found (issue 14): crafted cursors on every list route of the
// manifest, and an unpaired surrogate in every text field of every route that takes a body. The rule
// under test: a 400 problem naming the field, never a 5xx.

// Handlers and this file sign with the same key (handlers read CURSOR_KEY lazily).
process.env.CURSOR_KEY = "fuzz-test-cursor-key-0123456789abcdef";
resetEnv();

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const tokenFor = (route: RouteDef): TokenRequest | undefined =>
  route.access.public ? undefined : { sub: `fuzz-${route.id}`, groups: [...route.access.groups], ...(route.access.scopes?.length ? { scope: route.access.scopes.join(" ") } : {}) };

const fillPath = (path: string) =>
  path.replace(/\{(\w+)\}/g, (_, p: string) => (p === "licenceNumber" ? "PCC-BTC-2026-000001" : p === "seq" ? "1" : p === "period" ? "2026-01" : `fuzz${p}0001`));

/** Every GET route of the manifest whose query takes `cursor`: the lists. */
const LISTS = ROUTES.filter((r) => r.method === "GET" && r.request.query?.safeParse({ cursor: "x" }).success);

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const CRAFTED = [
  // The review's example: a well-formed key of the register's index with an empty sort value.
  b64({ pk: "LIC#x", sk: "LIC", gsi3pk: "LICENCES", gsi3sk: "" }),
  b64({ pk: "APP#x", sk: "APP", gsi2pk: "QUEUE", gsi2sk: "2026" }),
  b64({ pk: "AUDIT", sk: "EVT#000000000001" }),
  b64([1, 2]),
  b64("pk"),
  "not-a-cursor",
  "a.b",
  "..",
  `${b64({ pk: "LIC#x", sk: "LIC" })}.AAAAAAAAAAAAAAAAAAAAAA`,
  // Signed by this server, but a key of no list (or of another list): the shape check refuses it.
  encodeCursor({ pk: "LIC#x", sk: "LIC", gsi3pk: "LICENCES", gsi3sk: "" })!,
  encodeCursor({ pk: "ROUND#x", sk: "ROUND", gsi3pk: "ROUNDS", gsi3sk: "" })!,
  encodeCursor({ pk: "NOPE", sk: "NOPE", extra: { nested: true } })!,
];

/**
 * A list under a record (a licence's cases) is asked here for a licence that does not exist for the
 * caller, which answers 404 before any cursor is read: for those, a 404 problem is the right refusal.
 */
const refusals = (route: RouteDef) => (/\{\w+\}/.test(route.path) ? [400, 404] : [400]);

async function list(route: RouteDef, cursor: string) {
  return api.request("GET", `${fillPath(route.path)}?cursor=${encodeURIComponent(cursor)}`, { token: tokenFor(route) });
}

describe("crafted cursors on every list route", () => {
  it("the manifest's lists are all covered", () => {
    expect(LISTS.map((r) => r.id)).toEqual(expect.arrayContaining(["list-register", "list-allocations", "list-applications", "review-queue", "audit-list-applications", "audit-list-licences"]));
  });

  it("a cursor the server did not issue, or one of another list, is a 400 problem naming cursor", async () => {
    for (const route of LISTS) {
      for (const cursor of CRAFTED) {
        const res = await list(route, cursor);
        expect(refusals(route), `${route.id} ${cursor}: ${res.status}`).toContain(res.status);
        expect(res.headers.get("content-type")).toBe("application/problem+json");
        if (res.status === 400) expect(res.json.errors.map((e: { path: string }) => e.path), `${route.id} ${cursor}`).toContain("cursor");
      }
    }
  });

  it("a real cursor pages; the same cursor altered by one character is a 400", async () => {
    const token = { sub: "fuzz-pager", groups: ["applicant" as const] };
    for (let i = 0; i < 2; i++) expect((await api.request("POST", "/api/applications", { token, body: completeApplication() })).status).toBe(201);
    const first = await api.request("GET", "/api/applications?limit=1", { token });
    const cursor = first.json.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    expect((await api.request("GET", `/api/applications?limit=1&cursor=${cursor}`, { token })).status).toBe(200);
    for (const at of [0, Math.floor(cursor.length / 2), cursor.length - 1]) {
      const altered = cursor.slice(0, at) + (cursor[at] === "A" ? "B" : "A") + cursor.slice(at + 1);
      const res = await api.request("GET", `/api/applications?limit=1&cursor=${encodeURIComponent(altered)}`, { token });
      expect(res.status, altered).toBe(400);
      expect(res.json.errors[0].path).toBe("cursor");
    }
  });

  it("property: no cursor at all answers 5xx on any list (fast-check)", async () => {
    const cursors = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.base64String({ maxLength: 200 }),
      fc.tuple(fc.base64String({ maxLength: 120 }), fc.base64String({ maxLength: 40 })).map(([a, b]) => `${a}.${b}`.replace(/\+/g, "-").replace(/\//g, "_").replace(/=/g, "")),
      fc.jsonValue().map((v) => b64(v)),
      fc.dictionary(fc.constantFrom("pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk"), fc.oneof(fc.string(), fc.integer(), fc.constant(""))).map((key) => encodeCursor(key)!),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...LISTS), cursors, async (route, cursor) => {
        const res = await list(route, cursor);
        expect(res.status, `${route.id} ${JSON.stringify(cursor)}`).toBeLessThan(500);
        if (res.status !== 200) expect(refusals(route)).toContain(res.status);
      }),
      { numRuns: 120 },
    );
  });

  it("updatedFrom after updatedTo on /api/audit/applications is a 400 naming updatedFrom", async () => {
    const res = await api.request("GET", "/api/audit/applications?updatedFrom=2026-03-01&updatedTo=2026-02-01", { token: "auditor" });
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual(["updatedFrom"]);
  });
});

// One valid body per route that takes one, every optional text field included.
const BODIES: Record<string, unknown> = {
  "check-eligibility": { category: "BITCOIN_MINING", region: "PESCO", requestedMw: 5, startDate: "2026-01-01" },
  "create-application": completeApplication("BITCOIN_MINING", {
    energy: { region: "PESCO", requestedMw: 5, startDate: "2026-01-01", curtailable: true, details: { machines: [{ count: 10, model: "S21", efficiencyJPerTh: 17.5 }], cooling: "AIR" } },
  }),
  "update-application": { organisation: completeApplication().organisation, beneficialOwners: completeApplication().beneficialOwners },
  "create-document": { type: "AML_CFT_POLICY", fileName: "aml.pdf", contentType: "application/pdf", sizeBytes: 100, sha256: "a".repeat(64) },
  "respond-application": { message: "Here is the study." },
  "withdraw-application": { reason: "No longer needed." },
  "surrender-licence": { reason: "Closing the site." },
  "review-request-info": { message: "Send the study." },
  "review-decision": { decision: "approve", reason: "Meets the criteria.", approvedMw: 5, conditions: ["Report monthly."], termMonths: 12 },
  "suspend-licence": { reason: "Late return." },
  "reinstate-licence": { reason: "Filed." },
  "revoke-licence": { reason: "Breach." },
  "publish-round": {
    name: "Fuzz round",
    description: "Illustrative.",
    effectiveFrom: "2030-01-01",
    effectiveTo: "2030-12-31",
    tariffUsdCentsPerKwh: 8,
    lines: [{ region: "PESCO", category: "BITCOIN_MINING", mw: 10, maxPerApplicantMw: 5, minRequestMw: 1 }],
  },
  "amend-round": { region: "PESCO", category: "BITCOIN_MINING", deltaMw: 1, reason: "More surplus." },
  "file-return": {
    kpis: { energyMwh: 100, peakMw: 5, uptimePercent: 99 },
    incidents: [{ occurredAt: "2026-01-10T00:00:00.000Z", kind: "OUTAGE", severity: "LOW", description: "Feeder trip." }],
    complaints: 0,
    safeguardsMet: true,
    narrative: "A steady month.",
    attestation: { name: "Ayesha Khan", title: "Chief executive" },
  },
  "accept-return": { note: "In order." },
  "query-return": { message: "Explain the peak." },
  "report-incident": { occurredAt: "2026-01-10T00:00:00.000Z", kind: "CYBER", severity: "LOW", description: "A phishing attempt." },
  "mark-milestone": { status: "MET", reason: "Commissioned." },
  "request-extension": { months: 3, reason: "More testing needed." },
  "decide-extension": { decision: "approve", reason: "Justified." },
  "file-exit-report": { outcomesAchieved: "All planned outcomes.", summary: "The test ran its course.", customersTransitioned: "Every customer moved to a licensed provider." },
  "decide-exit": { outcome: "GRADUATED", reason: "Tested successfully." },
  "vary-licence": { approvedMw: 3, reason: "Under-use." },
  "resolve-case": { reason: "Explained and fixed." },
  "escalate-case": { reason: "Repeated breach." },
  "declare-curtailment": { region: "PESCO", startsAt: "2030-01-01T10:00:00.000Z", endsAt: "2030-01-01T14:00:00.000Z", reductionPercent: 50, reason: "Evening peak." },
  "ack-curtailment": { licenceNumber: "PCC-BTC-2026-000001" },
  "respond-curtailment": { responses: [{ licenceNumber: "PCC-BTC-2026-000001", averageMw: 1 }] },
  "post-meter-readings": { readings: [{ licenceNumber: "PCC-BTC-2026-000001", period: "2026-01", energyMwh: 100, peakMw: 5 }] },
};

/** Every string leaf of a JSON value, by the dotted path problem+json names it with. */
function stringLeaves(value: unknown, path: string[] = []): string[] {
  if (typeof value === "string") return [path.join(".")];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, [...path, String(i)]));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, [...path, k]));
  return [];
}

function replaced(value: unknown, path: string[], by: string): unknown {
  if (path.length === 0) return by;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (String(i) === head ? replaced(v, rest, by) : v));
  const obj = value as Record<string, unknown>;
  return { ...obj, [head]: replaced(obj[head], rest, by) };
}

const BODY_ROUTES = ROUTES.filter((r) => r.method !== "GET" && r.request.body && !r.localOnly);

describe("an unpaired surrogate in any text field of any body", () => {
  it("every route that takes a body has a valid body here", () => {
    expect(BODY_ROUTES.filter((r) => !(r.id in BODIES)).map((r) => r.id)).toEqual([]);
    for (const r of BODY_ROUTES) expect(r.request.body!.safeParse(BODIES[r.id]).success, r.id).toBe(true);
  });

  it("answers 400 naming the field, never 5xx", async () => {
    let checked = 0;
    for (const route of BODY_ROUTES) {
      const body = BODIES[route.id];
      for (const leaf of stringLeaves(body)) {
        for (const bad of ["\ud800", "ok\udfff", "\ud83d"]) {
          const res = await api.request(route.method, fillPath(route.path), { token: tokenFor(route), body: replaced(body, leaf.split("."), bad) });
          expect(res.status, `${route.id} ${leaf}`).toBe(400);
          expect(res.json.errors.map((e: { path: string }) => e.path), `${route.id} ${leaf}`).toContain(leaf);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
