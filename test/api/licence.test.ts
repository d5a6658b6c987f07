import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/api.ts";
import { assignAndApproveApi, lineApi, publishRoundApi, submitApplicationApi } from "../support/journey.ts";

// Licence actions through the dev gateway: who may see and change which licence, reasons, MW released.

let api: TestApi;
let roundId: string;
const ENERGY = (requestedMw: number) => ({ energy: { region: "KE", requestedMw, startDate: "2026-03-01", curtailable: false } });

beforeAll(async () => {
  api = await startTestApi();
  ({ roundId } = await publishRoundApi(api, [{ region: "KE", category: "BITCOIN_MINING", mw: 100 }]));
});
afterAll(() => api.close());

const ke = () => lineApi(api, roundId, "KE", "BITCOIN_MINING");

async function licensed(persona: "applicantA" | "applicantB", mw: number): Promise<string> {
  const app = await submitApplicationApi(api, persona, "BITCOIN_MINING", ENERGY(mw));
  return (await assignAndApproveApi(api, await api.token("reviewer1"), app.id)).licenceNumber;
}

const act = (number: string, action: string, token: string | undefined, body: unknown = { reason: "Stated reason." }, headers?: Record<string, string>) =>
  api.request("POST", `/api/licences/${number}/${action}`, { token, body, headers });

describe("reading a licence", () => {
  it("the licensee sees its own, other applicants get 404, reviewers any; other roles 403", async () => {
    const number = await licensed("applicantA", 5);
    const own = await api.request("GET", `/api/licences/${number}`, { token: "applicantA" });
    expect(own.status).toBe(200);
    expect(own.headers.get("etag")).toBe('"1"');
    expect(own.json).toMatchObject({ licenceNumber: number, status: "ACTIVE", approvedMw: 5, region: "KE", roundId, statusHistory: [{ to: "ACTIVE" }] });
    expect(own.json).not.toHaveProperty("holderSub");

    const other = await api.request("GET", `/api/licences/${number}`, { token: "applicantB" });
    expect(other.status).toBe(404);
    // Indistinguishable from a licence that does not exist.
    const missing = await api.request("GET", "/api/licences/PCC-BTC-2001-000001", { token: "applicantB" });
    expect(missing.status).toBe(404);
    expect(other.json.detail).toBe(missing.json.detail);

    expect((await api.request("GET", `/api/licences/${number}`, { token: "reviewer2" })).status).toBe(200);
    expect((await api.request("GET", `/api/licences/${number}`, { token: "admin" })).status).toBe(403);
    expect((await api.request("GET", `/api/licences/${number}`)).status).toBe(401);
    expect((await api.request("GET", "/api/licences/not-a-number", { token: "reviewer1" })).status).toBe(400);
  });
});

describe("changing a licence", () => {
  it("suspend (idempotent with a key), reinstate, revoke: reasons kept, MW released on revoke only", async () => {
    const number = await licensed("applicantB", 20);
    const approved = (await ke()).approvedMw;
    const reviewer = await api.token("reviewer1");

    const key = { "idempotency-key": `suspend-${number}` };
    const suspended = await act(number, "suspend", reviewer, { reason: "Missed report." }, key);
    const replay = await act(number, "suspend", reviewer, { reason: "Missed report." }, key);
    expect(suspended.status).toBe(200);
    expect(replay.status).toBe(200);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(suspended.json).toMatchObject({ status: "SUSPENDED", version: 2 });
    expect((await api.request("GET", `/api/licences/${number}`, { token: reviewer })).json.statusHistory).toHaveLength(2);
    expect((await ke()).approvedMw).toBe(approved);

    expect((await act(number, "suspend", reviewer)).status).toBe(409);
    expect((await act(number, "reinstate", reviewer, { reason: "Report filed." })).json.status).toBe("ACTIVE");
    expect((await act(number, "revoke", reviewer, {})).status).toBe(400);

    const revoked = await act(number, "revoke", reviewer, { reason: "Repeated breaches." });
    expect(revoked.status).toBe(200);
    expect(revoked.json.status).toBe("REVOKED");
    expect(revoked.json.statusHistory.map((h: { to: string; reason: string }) => [h.to, h.reason])).toEqual([
      ["ACTIVE", "Meets the sandbox criteria."],
      ["SUSPENDED", "Missed report."],
      ["ACTIVE", "Report filed."],
      ["REVOKED", "Repeated breaches."],
    ]);
    expect((await ke()).approvedMw).toBe(approved - 20);
    expect((await act(number, "revoke", reviewer, { reason: "again" })).status).toBe(409);

    const entry = await api.request("GET", `/api/register/${number}`);
    expect(entry.json.status).toBe("REVOKED");
  });

  it("only reviewers suspend, reinstate and revoke", async () => {
    const number = await licensed("applicantA", 1);
    for (const who of ["applicantA", "admin", "auditor", "auditMachine"] as const) {
      for (const action of ["suspend", "revoke"]) expect((await act(number, action, await api.token(who))).status).toBe(403);
    }
    expect((await act(number, "suspend", undefined)).status).toBe(401);
    expect((await api.request("GET", `/api/licences/${number}`, { token: "reviewer1" })).json.status).toBe("ACTIVE");
  });

  it("only the licensee surrenders; anyone else's licence is 404; MW come back", async () => {
    const number = await licensed("applicantA", 10);
    const approved = (await ke()).approvedMw;
    expect((await act(number, "surrender", await api.token("applicantB"))).status).toBe(404);
    expect((await act(number, "surrender", await api.token("reviewer1"))).status).toBe(403);
    const done = await act(number, "surrender", await api.token("applicantA"), { reason: "Project cancelled." });
    expect(done.status).toBe(200);
    expect(done.json.status).toBe("SURRENDERED");
    expect((await ke()).approvedMw).toBe(approved - 10);
    expect((await act(number, "surrender", await api.token("applicantA"))).status).toBe(409);
  });
});

describe("auditor view", () => {
  it("lists every licence with holder, MW and status history; read-only roles only", async () => {
    const first = await api.request("GET", "/api/audit/licences?limit=100", { token: "auditor" });
    expect(first.status).toBe(200);
    expect(first.json.items.length).toBeGreaterThanOrEqual(4);
    for (const l of first.json.items) {
      expect(l).toMatchObject({ licenceNumber: expect.any(String), holderSub: expect.any(String), statusHistory: expect.any(Array), status: expect.any(String) });
    }
    const revoked = await api.request("GET", "/api/audit/licences?status=REVOKED", { token: "auditMachine" });
    expect(revoked.status).toBe(200);
    expect(revoked.json.items.every((l: { status: string }) => l.status === "REVOKED")).toBe(true);
    expect((await api.request("GET", "/api/audit/licences", { token: "reviewer1" })).status).toBe(403);
    expect((await api.request("GET", "/api/audit/licences?status=BOGUS", { token: "auditor" })).status).toBe(400);
  });
});
