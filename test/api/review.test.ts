import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/api.ts";
import { assignAndApproveApi, lineApi, publishRoundApi, reviewerAction, submitApplicationApi } from "../support/journey.ts";
import { REQUIRED_DOCUMENTS } from "../../lambdas/schemas/application.ts";

// The reviewer's journey through the dev gateway with real dev tokens and real verified documents:
// submit -> queue -> assign -> request-info -> respond -> approve (single and four eyes) -> register.

let api: TestApi;
let roundId: string;
const ENERGY = (requestedMw: number) => ({ energy: { region: "PESCO", requestedMw, startDate: "2026-01-01", curtailable: true } });

beforeAll(async () => {
  api = await startTestApi();
  ({ roundId } = await publishRoundApi(api, [{ region: "PESCO", category: "BITCOIN_MINING", mw: 500 }]));
});
afterAll(() => api.close());

async function auditEvents(): Promise<{ entityId: string; action: string }[]> {
  const events: { entityId: string; action: string }[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; json: any } = await api.request("GET", `/api/audit/events?limit=100${cursor ? `&cursor=${cursor}` : ""}`, { token: "auditor" });
    expect(page.status).toBe(200);
    events.push(...page.json.items);
    cursor = page.json.nextCursor;
  } while (cursor);
  return events;
}

const pesco = () => lineApi(api, roundId, "PESCO", "BITCOIN_MINING");

describe("review journey", () => {
  it("submit -> assign -> request-info -> respond -> approve -> licence on the register", async () => {
    const app = await submitApplicationApi(api, "applicantA", "BITCOIN_MINING", ENERGY(20));
    const approvedBefore = (await pesco()).approvedMw;

    const queue = await api.request("GET", "/api/review/queue?status=SUBMITTED&category=BITCOIN_MINING&region=PESCO", { token: "reviewer1" });
    expect(queue.status).toBe(200);
    const item = queue.json.items.find((i: { id: string }) => i.id === app.id);
    expect(item).toMatchObject({ status: "SUBMITTED", dueAt: app.dueAt, overdue: false });
    expect(queue.json).toHaveProperty("nextCursor");

    const whole = await api.request("GET", `/api/review/applications/${app.id}`, { token: "reviewer1" });
    expect(whole.status).toBe(200);
    expect(whole.headers.get("etag")).toBe(`"${whole.json.version}"`);
    expect(whole.json).toMatchObject({ id: app.id, submittedBy: "applicant-a", beneficialOwners: [{ idNumber: "35202-1234567-1" }, {}] });
    expect(whole.json.documents).toHaveLength(REQUIRED_DOCUMENTS.BITCOIN_MINING.length);
    expect(whole.json.documents[0]).not.toHaveProperty("objectKey");

    const link = await api.request("GET", `/api/review/applications/${app.id}/documents/${whole.json.documents[0].documentId}`, { token: "reviewer1" });
    expect(link.status).toBe(200);
    expect(Date.parse(link.json.expiresAt)).toBeGreaterThan(Date.now());
    const bytes = Buffer.from(await (await fetch(link.json.url)).arrayBuffer());
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect((await api.request("GET", `/api/review/applications/${app.id}/documents/nope`, { token: "reviewer1" })).status).toBe(404);

    const assigned = await reviewerAction(api, await api.token("reviewer1"), app.id, "assign");
    expect(assigned.status).toBe(200);
    expect(assigned.json).toMatchObject({ status: "UNDER_REVIEW", assignedTo: "reviewer-1" });

    const asked = await reviewerAction(api, await api.token("reviewer1"), app.id, "request-info", { message: "Send the grid study annex." });
    expect(asked.status).toBe(200);
    expect(asked.json.status).toBe("INFO_REQUESTED");
    const seen = await api.request("GET", `/api/applications/${app.id}`, { token: "applicantA" });
    expect(seen.json.openInfoRequests).toEqual([expect.objectContaining({ message: "Send the grid study annex.", requestedBy: "reviewer-1" })]);

    const answered = await api.request("POST", `/api/applications/${app.id}/respond`, { token: "applicantA", body: { message: "Annex attached." } });
    expect(answered.status).toBe(200);
    expect(answered.json.status).toBe("UNDER_REVIEW");

    const decided = await reviewerAction(api, await api.token("reviewer1"), app.id, "decision", { decision: "approve", reason: "All criteria met.", conditions: ["Curtail on grid request."] });
    expect(decided.status).toBe(200);
    expect(decided.json).toMatchObject({ status: "APPROVED", licenceNumber: expect.stringMatching(/^PCC-BTC-\d{4}-\d{6}$/) });
    const number = decided.json.licenceNumber as string;
    expect((await pesco()).approvedMw).toBe(approvedBefore + 20);

    const register = await api.request("GET", "/api/register?category=BITCOIN_MINING");
    expect(register.status).toBe(200);
    expect(register.json.items).toContainEqual({
      licenceNumber: number,
      legalName: "Indus Hash Works (Pvt) Ltd",
      category: "BITCOIN_MINING",
      region: "PESCO",
      approvedMw: 20,
      status: "ACTIVE",
      issuedAt: expect.any(String),
      expiresAt: expect.any(String),
      conditions: ["Curtail on grid request."],
    });
    const own = await api.request("GET", `/api/licences/${number}`, { token: "applicantA" });
    expect(own.status).toBe(200);
    expect(own.json).toMatchObject({ licenceNumber: number, applicationId: app.id, approvedMw: 20, roundId, status: "ACTIVE" });
    const record = await api.request("GET", `/api/applications/${app.id}`, { token: "applicantA" });
    expect(record.json.licence).toMatchObject({ licenceNumber: number, status: "ACTIVE", approvedMw: 20 });
    expect(record.json.licence).not.toHaveProperty("holderSub");

    const actions = (await auditEvents()).filter((e: { entityId: string }) => e.entityId === app.id).map((e: { action: string }) => e.action);
    expect(actions.slice(-4)).toEqual(["application.assign", "application.request-info", "application.respond", "application.approve"]);
  });

  it("four eyes: 60 MW waits for a second, different reviewer", async () => {
    const app = await submitApplicationApi(api, "applicantB", "BITCOIN_MINING", ENERGY(60));
    const before = (await pesco()).approvedMw;
    const first = await assignAndApproveApi(api, await api.token("reviewer1"), app.id);
    expect(first).toMatchObject({ status: "PENDING_SECOND_APPROVAL", firstApproval: { by: "reviewer-1", approvedMw: 60 } });
    expect((await pesco()).approvedMw).toBe(before);

    const queue = await api.request("GET", "/api/review/queue?status=PENDING_SECOND_APPROVAL", { token: "reviewer2" });
    expect(queue.json.items.map((i: { id: string }) => i.id)).toContain(app.id);

    const self = await reviewerAction(api, await api.token("reviewer1"), app.id, "decision", { decision: "approve", reason: "Confirming." });
    expect(self.status).toBe(403);
    expect(self.headers.get("content-type")).toContain("application/problem+json");

    const second = await reviewerAction(api, await api.token("reviewer2"), app.id, "decision", { decision: "approve", reason: "Confirmed." });
    expect(second.status).toBe(200);
    expect(second.json.status).toBe("APPROVED");
    expect((await pesco()).approvedMw).toBe(before + 60);
    const register = await api.request("GET", `/api/register/${second.json.licenceNumber}`);
    expect(register.json).toMatchObject({ approvedMw: 60, status: "ACTIVE", legalName: "Indus Hash Works (Pvt) Ltd" });
  });

  it("rejects, and answers 409 for actions the workflow table does not allow", async () => {
    const app = await submitApplicationApi(api, "applicantA", "VIRTUAL_ASSET_SERVICE");
    const token = await api.token("reviewer1");
    const early = await reviewerAction(api, token, app.id, "decision", { decision: "approve", reason: "Too soon." });
    expect(early.status).toBe(409);
    expect(early.json.type).toMatch(/invalid-transition$/);
    expect((await reviewerAction(api, token, app.id, "request-info", { message: "?" })).status).toBe(409);
    await reviewerAction(api, token, app.id, "assign");
    const withMw = await reviewerAction(api, token, app.id, "decision", { decision: "reject", reason: "x", approvedMw: 3 });
    expect(withMw.status).toBe(400);
    expect(withMw.json.errors).toEqual([expect.objectContaining({ path: "approvedMw" })]);
    const rejected = await reviewerAction(api, token, app.id, "decision", { decision: "reject", reason: "AML policy inadequate." });
    expect(rejected.json).toMatchObject({ status: "REJECTED", decisionReason: "AML policy inadequate." });
    expect((await reviewerAction(api, token, app.id, "decision", { decision: "return", reason: "x" })).status).toBe(409);
    expect((await reviewerAction(api, token, "unknownid", "assign")).status).toBe(404);
  });

  it("approvedMw above the request is a 400 on approvedMw", async () => {
    const app = await submitApplicationApi(api, "applicantA", "BITCOIN_MINING", ENERGY(5));
    const token = await api.token("reviewer1");
    await reviewerAction(api, token, app.id, "assign");
    const res = await reviewerAction(api, token, app.id, "decision", { decision: "approve", reason: "ok", approvedMw: 5.5 });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([expect.objectContaining({ path: "approvedMw" })]);
  });
});

describe("idempotent decisions", () => {
  it("the same Idempotency-Key and body approve once: replayed answer, MW consumed once; another body is 422", async () => {
    const app = await submitApplicationApi(api, "applicantA", "BITCOIN_MINING", ENERGY(7));
    const token = await api.token("reviewer1");
    await reviewerAction(api, token, app.id, "assign");
    const before = (await pesco()).approvedMw;
    const body = { decision: "approve", reason: "Meets criteria." };
    const key = { "idempotency-key": `approve-${app.id}` };

    const first = await reviewerAction(api, token, app.id, "decision", body, key);
    const again = await reviewerAction(api, token, app.id, "decision", body, key);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.json).toEqual(first.json);
    expect((await pesco()).approvedMw).toBe(before + 7);

    const other = await reviewerAction(api, token, app.id, "decision", { ...body, reason: "Different." }, key);
    expect(other.status).toBe(422);
    // Without the key, a second approve is simply not allowed any more.
    expect((await reviewerAction(api, token, app.id, "decision", body)).status).toBe(409);
  });

  it("concurrent duplicates with one key have one effect", async () => {
    const app = await submitApplicationApi(api, "applicantB", "BITCOIN_MINING", ENERGY(9));
    const token = await api.token("reviewer2");
    await reviewerAction(api, token, app.id, "assign");
    const before = (await pesco()).approvedMw;
    const key = { "idempotency-key": `dup-${app.id}` };
    const body = { decision: "approve", reason: "ok" };
    const answers = await Promise.all([1, 2, 3].map(() => reviewerAction(api, token, app.id, "decision", body, key)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    // Each one either is the answer (first or replayed) or was told the first is still in flight.
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.json.type).toMatch(/idempotency-in-flight$/);
    const numbers = new Set(answers.filter((a) => a.status === 200).map((a) => a.json.licenceNumber));
    expect(numbers.size).toBe(1);
    expect((await pesco()).approvedMw).toBe(before + 9);
  });
});

describe("roles", () => {
  it("refuses wrong roles with 403 and anonymous calls with 401", async () => {
    const app = await submitApplicationApi(api, "applicantA", "VIRTUAL_ASSET_SERVICE");
    expect((await api.request("GET", "/api/review/queue", { token: "applicantA" })).status).toBe(403);
    expect((await api.request("GET", "/api/review/queue", { token: "admin" })).status).toBe(403);
    expect((await api.request("GET", "/api/review/queue")).status).toBe(401);
    expect((await api.request("GET", `/api/review/applications/${app.id}`, { token: "auditor" })).status).toBe(403);
    for (const who of ["applicantA", "admin", "auditor", "auditMachine"] as const) {
      expect((await reviewerAction(api, await api.token(who), app.id, "assign")).status).toBe(403);
      expect((await reviewerAction(api, await api.token(who), app.id, "decision", { decision: "reject", reason: "x" })).status).toBe(403);
    }
    // None of those refusals changed anything.
    const still = await api.request("GET", `/api/review/applications/${app.id}`, { token: "reviewer1" });
    expect(still.json.status).toBe("SUBMITTED");
  });

  it("a reviewer who is also the applicant may not review their own application", async () => {
    const dual = await api.token({ sub: "dual-role", groups: ["applicant", "reviewer"] });
    const app = await submitApplicationApi(api, dual, "VIRTUAL_ASSET_SERVICE");
    const res = await reviewerAction(api, dual, app.id, "assign");
    expect(res.status).toBe(403);
  });
});
