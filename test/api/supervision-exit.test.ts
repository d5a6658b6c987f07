import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/api.ts";
import { assignAndApproveApi, lineApi, publishRoundApi, reviewerAction, submitApplicationApi } from "../support/journey.ts";
import { clock } from "../../lambdas/store/clock.ts";
import { periodEnd } from "../../lambdas/domain/periods.ts";

// The end of the test through the dev gateway, with the dev clock: the test plan confirmed under four
// eyes, VASP limits, the extension window (last 90 days, one at a time, none after an approval), the
// exit report (last 60 days or early) and the reviewer's outcome, which ends the licence and
// releases its MW; the register shows GRADUATED and EXITED with the testing window.

let api: TestApi;
let roundId: string;
const realNow = clock.now;
const DAY = 24 * 3600 * 1000;

beforeAll(async () => {
  api = await startTestApi();
  ({ roundId } = await publishRoundApi(api, [{ region: "LESCO", category: "AI_DATA_CENTRE", mw: 500 }]));
});
afterAll(async () => {
  clock.now = realNow;
  await api.close();
});

const setClock = (iso: string) => api.request("POST", "/api/dev/clock", { body: { now: iso } });
const post = (path: string, token: string, body?: unknown) => api.request("POST", path, { token, body });
const EXIT_REPORT = { outcomesAchieved: true, summary: "The exchange ran within its limits.", customersTransitioned: "Moved to the full-licence entity." };

async function vaspLicence(limits: Record<string, number>) {
  const app = await submitApplicationApi(api, "applicantB", "VIRTUAL_ASSET_SERVICE");
  const approved = await assignAndApproveApi(api, await api.token("reviewer1"), app.id, { testPlan: { reporting: "QUARTERLY", limits } });
  return approved.licenceNumber as string;
}

describe("test plan under four eyes", () => {
  it("the second reviewer confirms the first approval's test plan unchanged", async () => {
    const app = await submitApplicationApi(api, "applicantA", "AI_DATA_CENTRE", { energy: { region: "LESCO", requestedMw: 60, startDate: "2026-03-01", curtailable: false } });
    const r1 = await api.token("reviewer1");
    const r2 = await api.token("reviewer2");
    const plan = { reporting: "QUARTERLY", milestones: [{ title: "PUE under 1.4", dueDate: "2027-06-30" }] };
    const first = await assignAndApproveApi(api, r1, app.id, { testPlan: plan });
    expect(first.status).toBe("PENDING_SECOND_APPROVAL");
    const changed = await reviewerAction(api, r2, app.id, "decision", { decision: "approve", reason: "Confirmed.", testPlan: { reporting: "MONTHLY" } });
    expect(changed.status).toBe(400);
    expect(changed.json.errors[0].path).toBe("testPlan");
    const confirmed = await reviewerAction(api, r2, app.id, "decision", { decision: "approve", reason: "Confirmed.", testPlan: plan });
    expect(confirmed.status).toBe(200);
    const licence = await api.request("GET", `/api/licences/${confirmed.json.licenceNumber}`, { token: "applicantA" });
    expect(licence.json.testPlan).toMatchObject({ reporting: "QUARTERLY", limits: { maxPeakMw: 60 }, milestones: [{ title: "PUE under 1.4", status: "PENDING" }] });

    const energyLimits = await submitApplicationApi(api, "applicantA", "AI_DATA_CENTRE", { energy: { region: "LESCO", requestedMw: 5, startDate: "2026-03-01", curtailable: false } });
    await reviewerAction(api, r1, energyLimits.id, "assign");
    const refused = await reviewerAction(api, r1, energyLimits.id, "decision", { decision: "approve", reason: "ok", testPlan: { limits: { maxCustomers: 5 } } });
    expect(refused.status).toBe(400);
    expect(refused.json.errors[0].path).toBe("testPlan.limits");
  });
});

describe("extension and exit", () => {
  it("VASP limits come from the decision and breach on a quarterly return", async () => {
    const number = await vaspLicence({ maxCustomers: 100, maxTransactionUsd: 1_000 });
    const licence = (await api.request("GET", `/api/licences/${number}`, { token: "applicantB" })).json;
    expect(licence.testPlan).toEqual({ reporting: "QUARTERLY", limits: { maxCustomers: 100, maxTransactionUsd: 1_000 }, milestones: [] });
    const items = (await api.request("GET", `/api/licences/${number}/returns`, { token: "reviewer1" })).json.items;
    expect(items[0].period).toMatch(/^\d{4}-Q[1-4]$/);
    await setClock(new Date(Date.parse(periodEnd(items[0].period)) + 3600_000).toISOString());
    const filed = await api.request("PUT", `/api/licences/${number}/returns/${items[0].period}`, {
      token: "applicantB",
      body: { kpis: { customers: 150, clientAssetsUsd: 10, transactionsCount: 10, transactionsUsd: 50_000 }, complaints: 2, safeguardsMet: false, attestation: { name: "Bilal Raza", title: "CEO" } },
    });
    expect(filed.json.casesOpened).toEqual([{ caseId: expect.any(String), kind: "LIMIT_BREACH" }]);
    const opened = await api.request("GET", `/api/cases/${filed.json.casesOpened[0].caseId}`, { token: "reviewer1" });
    expect(opened.json.cause.breaches.map((b: { kpi: string }) => b.kpi)).toEqual(["customers", "transactionsUsd"]);
  });

  it("an extension only in the last 90 days, one at a time, none after one was approved; the expiry moves", async () => {
    const number = await vaspLicence({ maxCustomers: 100 });
    const licence = (await api.request("GET", `/api/licences/${number}`, { token: "applicantB" })).json;
    const path = `/api/licences/${number}/extension`;
    expect((await post(path, "applicantB", { months: 3, reason: "More time to test custody." })).status).toBe(409);
    await setClock(new Date(Date.parse(licence.expiresAt) - 80 * DAY).toISOString());
    expect((await post(path, "applicantB", { months: 7, reason: "x" })).json.errors[0].path).toBe("months");
    expect((await post(path, "applicantA", { months: 3, reason: "x" })).status).toBe(404);
    const asked = await post(path, "applicantB", { months: 3, reason: "More time to test custody." });
    expect(asked.status).toBe(201);
    expect(asked.json).toMatchObject({ licenceNumber: number, status: "PENDING", months: 3 });
    expect((await post(path, "applicantB", { months: 1, reason: "again" })).status).toBe(409);
    const queue = await api.request("GET", `/api/supervision/queue?kind=EXTENSION&licenceNumber=${number}`, { token: "reviewer1" });
    expect(queue.json.items).toHaveLength(1);

    const ownFirm = await api.token({ sub: "applicant-b", groups: ["applicant", "reviewer"] });
    expect((await post(`${path}/decision`, ownFirm, { decision: "approve", reason: "ok" })).status).toBe(403);
    const approved = await post(`${path}/decision`, "reviewer1", { decision: "approve", reason: "The test needs a winter." });
    expect(approved.status).toBe(200);
    const moved = (await api.request("GET", `/api/licences/${number}`, { token: "applicantB" })).json;
    expect(Date.parse(moved.expiresAt) - Date.parse(licence.expiresAt)).toBeGreaterThanOrEqual(89 * DAY);
    expect(approved.json.expiresAt).toBe(moved.expiresAt);
    expect((await post(path, "applicantB", { months: 1, reason: "once more" })).status).toBe(409);
    expect((await api.request("GET", `/api/supervision/queue?kind=EXTENSION&licenceNumber=${number}`, { token: "reviewer1" })).json.items).toHaveLength(0);
  });

  it("the exit report in the last 60 days (or early), then GRADUATED or EXITED ends the licence and releases its MW", async () => {
    const app = await submitApplicationApi(api, "applicantA", "AI_DATA_CENTRE", { energy: { region: "LESCO", requestedMw: 8, startDate: "2026-03-01", curtailable: false } });
    const number = (await assignAndApproveApi(api, await api.token("reviewer1"), app.id)).licenceNumber as string;
    const approvedBefore = (await lineApi(api, roundId, "LESCO", "AI_DATA_CENTRE")).approvedMw;
    const path = `/api/licences/${number}/exit-report`;
    expect((await post(`/api/licences/${number}/exit`, "reviewer1", { outcome: "EXITED", reason: "x" })).status).toBe(409);
    expect((await post(path, "applicantA", EXIT_REPORT)).status).toBe(409);
    expect((await post(path, "applicantB", { ...EXIT_REPORT, early: true })).status).toBe(404);
    const filed = await post(path, "applicantA", { ...EXIT_REPORT, early: true });
    expect(filed.status).toBe(201);
    expect(filed.json).toMatchObject({ licenceNumber: number, status: "REPORTED", early: true });
    expect((await post(path, "applicantA", { ...EXIT_REPORT, early: true })).status).toBe(409);
    const queued = await api.request("GET", `/api/supervision/queue?kind=EXIT_REPORT&licenceNumber=${number}`, { token: "reviewer1" });
    expect(queued.json.items).toEqual([expect.objectContaining({ kind: "EXIT_REPORT", licenceNumber: number })]);

    expect((await post(`/api/licences/${number}/exit`, "reviewer1", { outcome: "PROMOTED", reason: "x" })).json.errors[0].path).toBe("outcome");
    const ended = await post(`/api/licences/${number}/exit`, "reviewer1", { outcome: "GRADUATED", reason: "Tested successfully." });
    expect(ended.status).toBe(200);
    expect(ended.json.status).toBe("GRADUATED");
    expect((await lineApi(api, roundId, "LESCO", "AI_DATA_CENTRE")).approvedMw).toBeCloseTo(approvedBefore - 8, 3);
    expect((await post(`/api/licences/${number}/exit`, "reviewer1", { outcome: "EXITED", reason: "again" })).status).toBe(409);

    const entry = await api.request("GET", `/api/register/${number}`);
    expect(entry.json).toMatchObject({ status: "GRADUATED", issuedAt: expect.any(String), expiresAt: expect.any(String) });
    const graduated = await api.request("GET", "/api/register?status=GRADUATED");
    expect(graduated.json.items.map((l: { licenceNumber: string }) => l.licenceNumber)).toContain(number);
  });

  it("without early, the exit report opens in the last 60 days of the term", async () => {
    const number = await vaspLicence({});
    const licence = (await api.request("GET", `/api/licences/${number}`, { token: "applicantB" })).json;
    await setClock(new Date(Date.parse(licence.expiresAt) - 30 * DAY).toISOString());
    const filed = await post(`/api/licences/${number}/exit-report`, "applicantB", EXIT_REPORT);
    expect(filed.status).toBe(201);
    const exited = await post(`/api/licences/${number}/exit`, "reviewer2", { outcome: "EXITED", reason: "Ceased the activity." });
    expect(exited.json.status).toBe("EXITED");
    expect((await post(`/api/licences/${number}/extension`, "applicantB", { months: 1, reason: "x" })).status).toBe(409);
  });
});
