import { randomBytes } from "node:crypto";
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dynamo, tableName } from "../../lambdas/store/clients.ts";
import { completeApplication } from "../support/applications.ts";
import { startTestApi, type TestApi } from "../support/api.ts";
import { publishRoundApi, reviewerAction, submitApplicationApi } from "../support/journey.ts";

// Issue 14: what reviewers may see and do (drafts, assignment), what the applicant may not see (the
// first approval of a four-eyes decision), and that an application's item does not grow with its history.

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  await publishRoundApi(api, [{ region: "QESCO", category: "BITCOIN_MINING", mw: 500 }]);
});
afterAll(() => api.close());

const energy = (requestedMw: number) => ({ energy: { region: "QESCO", requestedMw, startDate: "2026-03-01", curtailable: false } });

describe("reviewers see submitted applications only", () => {
  it("a DRAFT does not exist for reviewers: get, documents, assign, queue all 404 or omit it", async () => {
    const draft = await api.request("POST", "/api/applications", { token: "applicantA", body: completeApplication("BITCOIN_MINING", energy(5)) });
    expect(draft.status).toBe(201);
    const id = draft.json.id as string;
    expect((await api.request("GET", `/api/review/applications/${id}`, { token: "reviewer1" })).status).toBe(404);
    expect((await api.request("GET", `/api/review/applications/${id}/documents/nodocument`, { token: "reviewer1" })).status).toBe(404);
    expect((await reviewerAction(api, await api.token("reviewer1"), id, "assign")).status).toBe(404);
    const queue = await api.request("GET", "/api/review/queue?limit=100", { token: "reviewer1" });
    expect(queue.json.items.map((i: { id: string }) => i.id)).not.toContain(id);
    // Auditors still see every record.
    expect((await api.request("GET", `/api/audit/applications/${id}`, { token: "auditor" })).status).toBe(200);
  });
});

describe("only the assignee decides", () => {
  it("another reviewer gets 409 until it takes the application over with assign, which the trail records", async () => {
    const app = await submitApplicationApi(api, "applicantA", "BITCOIN_MINING", energy(5));
    const [r1, r2] = [await api.token("reviewer1"), await api.token("reviewer2")];
    expect((await reviewerAction(api, r1, app.id, "assign")).status).toBe(200);
    const refused = await reviewerAction(api, r2, app.id, "decision", { decision: "reject", reason: "Not mine to decide." });
    expect(refused.status).toBe(409);
    expect(refused.json.detail).toMatch(/assigned reviewer/);
    const takeover = await reviewerAction(api, r2, app.id, "assign");
    expect(takeover.status).toBe(200);
    expect(takeover.json.assignedTo).toBe("reviewer-2");
    expect(takeover.json.history.filter((h: { action: string }) => h.action === "assign").map((h: { by: string }) => h.by)).toEqual(["reviewer-1", "reviewer-2"]);
    // Events are in the log once the sequencer has numbered them (within a moment here): wait for none pending.
    for (let i = 0; i < 100 && (await api.request("GET", "/api/audit/events/head", { token: "auditor" })).json.pendingEvents > 0; i++) await new Promise((r) => setTimeout(r, 50));
    const events = await api.request("GET", "/api/audit/events?limit=100", { token: "auditor" });
    const assigned = events.json.items.filter((e: { action: string; entityId: string }) => e.action === "application.assign" && e.entityId === app.id);
    expect(assigned.at(-1).data).toMatchObject({ assignedTo: "reviewer-2", takenOverFrom: "reviewer-1" });
    expect((await reviewerAction(api, r1, app.id, "decision", { decision: "approve", reason: "ok" })).status).toBe(409);
    expect((await reviewerAction(api, r2, app.id, "decision", { decision: "approve", reason: "ok" })).status).toBe(200);
  });
});

describe("a first approval's terms and notes stay internal until confirmed", () => {
  it("the applicant never sees firstApproval, the assignee or the first reviewer's note while it waits", async () => {
    const app = await submitApplicationApi(api, "applicantA", "BITCOIN_MINING", energy(60));
    const r1 = await api.token("reviewer1");
    expect((await reviewerAction(api, r1, app.id, "assign")).status).toBe(200);
    const note = "Internal: approve only if the site lease is renewed.";
    const first = await reviewerAction(api, r1, app.id, "decision", { decision: "approve", reason: note, approvedMw: 55, conditions: ["Secret term"] });
    expect(first.json.status).toBe("PENDING_SECOND_APPROVAL");
    expect(first.json.firstApproval).toMatchObject({ approvedMw: 55, reason: note });

    const own = await api.request("GET", `/api/applications/${app.id}`, { token: "applicantA" });
    expect(own.json.status).toBe("PENDING_SECOND_APPROVAL");
    expect(own.json).not.toHaveProperty("firstApproval");
    expect(own.json).not.toHaveProperty("assignedTo");
    expect(own.text).not.toContain(note);
    expect(own.text).not.toContain("Secret term");
    const listed = await api.request("GET", "/api/applications?limit=100", { token: "applicantA" });
    expect(listed.text).not.toContain(note);
    expect(listed.text).not.toContain("firstApproval");
  });
});

describe("no item grows without bound", () => {
  it("100 request-info / respond rounds of 2,000 characters: every change answers 200, history and requests read back whole", { timeout: 600_000 }, async () => {
    const app = await submitApplicationApi(api, "applicantA", "BITCOIN_MINING", energy(5));
    const r1 = await api.token("reviewer1");
    expect((await reviewerAction(api, r1, app.id, "assign")).status).toBe(200);
    // Incompressible text, so the answers (which carry the whole history) pass what an Idempotency-Key can store.
    const text = () => randomBytes(1500).toString("base64").slice(0, 2000);
    const rounds = 100;
    let last: { status: number; headers: Headers; json: any } | undefined;
    for (let i = 0; i < rounds; i++) {
      const asked = await reviewerAction(api, r1, app.id, "request-info", { message: text() }, { "idempotency-key": `ask-${app.id}-${i}` });
      expect(asked.status, `round ${i} request-info`).toBe(200);
      const lastKey = `answer-${app.id}-${i}`;
      const body = { message: text() };
      last = await api.request("POST", `/api/applications/${app.id}/respond`, { token: "applicantA", body, headers: { "idempotency-key": lastKey } });
      expect(last.status, `round ${i} respond`).toBe(200);
      if (i === rounds - 1) {
        // The same key and body again: one effect, a replayed 200 (not a 500, not a 409).
        const replay = await api.request("POST", `/api/applications/${app.id}/respond`, { token: "applicantA", body, headers: { "idempotency-key": lastKey } });
        expect(replay.status).toBe(200);
        expect(replay.headers.get("idempotent-replayed")).toBe("true");
      }
    }
    expect(last!.json.infoRequests).toHaveLength(rounds);
    const record = await api.request("GET", `/api/applications/${app.id}`, { token: "applicantA" });
    expect(record.json.infoRequests).toHaveLength(rounds);
    expect(record.json.infoRequests.every((r: { response?: string }) => r.response?.length === 2000)).toBe(true);
    expect(record.json.history.filter((h: { action: string }) => h.action === "respond")).toHaveLength(rounds);
    const review = await api.request("GET", `/api/review/applications/${app.id}`, { token: "reviewer1" });
    expect(review.json.history).toHaveLength(record.json.history.length);
    // The record item itself stays small: what accumulates lives in items of its own.
    const { Item } = await dynamo().send(new GetItemCommand({ TableName: tableName(), Key: { pk: { S: `APP#${app.id}` }, sk: { S: "APP" } } }));
    expect(JSON.stringify(Item).length).toBeLessThan(30_000);
  });
});
