import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Region } from "../../lambdas/schemas/common.ts";
import { completeApplication } from "../support/applications.ts";
import { startTestApi, type TestApi } from "../support/api.ts";
import { assignAndApproveApi, lineApi, publishRoundApi, reviewerAction, submitApplicationApi } from "../support/journey.ts";

// Issue 14, items 1 and 2: a firm's own people never act as reviewers on the firm's records, and the
// per-applicant cap and four eyes count what the COMPANY (by registration number, any account) holds.

let api: TestApi;
let roundId: string;
beforeAll(async () => {
  api = await startTestApi();
  ({ roundId } = await publishRoundApi(api, [
    { region: "KE", category: "BITCOIN_MINING", mw: 100, maxPerApplicantMw: 5 },
    { region: "SEPCO", category: "BITCOIN_MINING", mw: 500, maxPerApplicantMw: 200 },
    { region: "HESCO", category: "BITCOIN_MINING", mw: 100, maxPerApplicantMw: 10 },
  ]));
});
afterAll(() => api.close());

const company = (registrationNumber: string) => completeApplication("BITCOIN_MINING").organisation && { ...completeApplication("BITCOIN_MINING").organisation, registrationNumber };
const energy = (region: Region, requestedMw: number) => ({ energy: { region, requestedMw, startDate: "2026-03-01", curtailable: false } });
const tokenOf = (sub: string, groups: ("applicant" | "reviewer")[]) => api.token({ sub, groups });
const act = (number: string, action: string, token: string) => api.request("POST", `/api/licences/${number}/${action}`, { token, body: { reason: "Stated reason." } });

async function submit(token: string, registrationNumber: string, region: Region, mw: number) {
  return submitApplicationApi(api, token, "BITCOIN_MINING", { organisation: company(registrationNumber), ...energy(region, mw) });
}

describe("the firm's own people never review the firm's records (403)", () => {
  it("a licence holder who is also a reviewer cannot suspend, reinstate or revoke its own licence", async () => {
    const dual = await tokenOf("dual-holder", ["applicant", "reviewer"]);
    const app = await submit(dual, "FG-0001", "KE", 2);
    const { licenceNumber } = await assignAndApproveApi(api, await api.token("reviewer1"), app.id);
    for (const action of ["suspend", "revoke"]) {
      const res = await act(licenceNumber, action, dual);
      expect(res.status, action).toBe(403);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
    expect((await act(licenceNumber, "suspend", await api.token("reviewer1"))).status).toBe(200);
    expect((await act(licenceNumber, "reinstate", dual)).status).toBe(403);
    const licence = await api.request("GET", `/api/licences/${licenceNumber}`, { token: "reviewer2" });
    expect(licence.json.status).toBe("SUSPENDED");
  });

  it("so is anyone who applied for the same company (registration number, any formatting), on licences and applications", async () => {
    const holder = await tokenOf("firm-holder", ["applicant"]);
    const app = await submit(holder, "FG-0002", "KE", 2);
    const { licenceNumber } = await assignAndApproveApi(api, await api.token("reviewer1"), app.id);
    // A colleague with reviewer rights who once started a draft for the same company.
    const colleague = await tokenOf("firm-colleague", ["applicant", "reviewer"]);
    const draft = await api.request("POST", "/api/applications", { token: colleague, body: { category: "BITCOIN_MINING", organisation: { registrationNumber: "fg 0002" } } });
    expect(draft.status).toBe(201);
    for (const action of ["suspend", "revoke"]) expect((await act(licenceNumber, action, colleague)).status, action).toBe(403);
    // ... and on the company's applications: assign, request-info and decisions.
    const second = await submit(holder, "FG-0002", "KE", 1);
    expect((await reviewerAction(api, colleague, second.id, "assign")).status).toBe(403);
    expect((await reviewerAction(api, await api.token("reviewer1"), second.id, "assign")).status).toBe(200);
    expect((await reviewerAction(api, colleague, second.id, "request-info", { message: "?" })).status).toBe(403);
    expect((await reviewerAction(api, colleague, second.id, "decision", { decision: "reject", reason: "no" })).status).toBe(403);
    // Another company's reviewer is not refused.
    expect((await act(licenceNumber, "suspend", await api.token("reviewer2"))).status).toBe(200);
  });
});

describe("the per-applicant cap counts what the company holds on the line, under any account", () => {
  it("eligibility and approval refuse a second 5 MW for a company holding 5 MW on a 5 MW-cap line; revoking gives the room back", async () => {
    const first = await tokenOf("capco-a", ["applicant"]);
    const other = await tokenOf("capco-b", ["applicant"]);
    const a = await submit(first, "CAP-0001", "KE", 5);
    const { licenceNumber } = await assignAndApproveApi(api, await api.token("reviewer1"), a.id);
    const b = await submit(other, "CAP 0001", "KE", 5);

    const eligibility = await api.request("GET", `/api/applications/${b.id}/eligibility`, { token: other });
    expect(eligibility.status).toBe(200);
    expect(eligibility.json.eligible).toBe(false);
    expect(eligibility.json.reasons.join(" ")).toMatch(/already holds 5 MW/);
    // The public pre-check cannot know the company.
    expect((await api.request("POST", "/api/eligibility", { body: { category: "BITCOIN_MINING", region: "KE", requestedMw: 5, startDate: "2026-03-01" } })).json.eligible).toBe(true);

    const reviewer = await api.token("reviewer1");
    expect((await reviewerAction(api, reviewer, b.id, "assign")).status).toBe(200);
    const refused = await reviewerAction(api, reviewer, b.id, "decision", { decision: "approve", reason: "ok" });
    expect(refused.status).toBe(409);
    expect(refused.json.detail).toMatch(/already holds 5 MW/);
    const before = await lineApi(api, roundId, "KE", "BITCOIN_MINING");

    expect((await act(licenceNumber, "revoke", await api.token("reviewer2"))).status).toBe(200);
    const approved = await reviewerAction(api, reviewer, b.id, "decision", { decision: "approve", reason: "ok" });
    expect(approved.status).toBe(200);
    expect(approved.json.status).toBe("APPROVED");
    // Revoke released 5, the approval took 5: the line is where it was.
    expect(await lineApi(api, roundId, "KE", "BITCOIN_MINING")).toMatchObject({ approvedMw: before.approvedMw, remainingMw: before.remainingMw });
  });

  it("two concurrent approvals for one company at the cap: exactly one passes, the other is a 409", async () => {
    const reviewer = await api.token("reviewer1");
    const apps = await Promise.all(["race-a", "race-b"].map(async (sub) => submit(await tokenOf(sub, ["applicant"]), "RACE-0001", "HESCO", 10)));
    for (const app of apps) expect((await reviewerAction(api, reviewer, app.id, "assign")).status).toBe(200);
    const answers = await Promise.all(apps.map((app) => reviewerAction(api, reviewer, app.id, "decision", { decision: "approve", reason: "ok" })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect((await lineApi(api, roundId, "HESCO", "BITCOIN_MINING")).approvedMw).toBe(10);
  });
});

describe("four eyes looks at the company's total on the line after this approval", () => {
  it("a second 40 MW licence for a company holding 40 MW (threshold 50) waits for a second reviewer", async () => {
    const reviewer = await api.token("reviewer1");
    const a = await submit(await tokenOf("eyes-a", ["applicant"]), "EYES-0001", "SEPCO", 40);
    expect((await assignAndApproveApi(api, reviewer, a.id)).status).toBe("APPROVED");
    const b = await submit(await tokenOf("eyes-b", ["applicant"]), "EYES-0001", "SEPCO", 40);
    const pending = await assignAndApproveApi(api, reviewer, b.id);
    expect(pending.status).toBe("PENDING_SECOND_APPROVAL");
    expect((await lineApi(api, roundId, "SEPCO", "BITCOIN_MINING")).approvedMw).toBe(40);
    const confirmed = await reviewerAction(api, await api.token("reviewer2"), b.id, "decision", { decision: "approve", reason: "Confirmed." });
    expect(confirmed.status).toBe(200);
    expect(confirmed.json.status).toBe("APPROVED");
    expect((await lineApi(api, roundId, "SEPCO", "BITCOIN_MINING")).approvedMw).toBe(80);
  });
});
