import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/api.ts";
import { lineApi, publishRoundApi, reviewerAction, submitApplicationApi } from "../support/journey.ts";

// Approval enforces the round's per-applicant bounds, as the eligibility pre-check states them.

let api: TestApi;
let roundId: string;
const ENERGY = (requestedMw: number) => ({ energy: { region: "LESCO", requestedMw, startDate: "2026-03-01", curtailable: false } });

beforeAll(async () => {
  api = await startTestApi();
  ({ roundId } = await publishRoundApi(api, [{ region: "LESCO", category: "AI_DATA_CENTRE", mw: 300, maxPerApplicantMw: 40, minRequestMw: 5 }]));
});
afterAll(() => api.close());

async function underReview(requestedMw: number) {
  const { id } = await submitApplicationApi(api, await api.token("applicantA"), "AI_DATA_CENTRE", ENERGY(requestedMw));
  const reviewer = await api.token("reviewer1");
  expect((await reviewerAction(api, reviewer, id, "assign")).status).toBe(200);
  return { id, reviewer };
}

describe("approval within the line's per-applicant bounds", () => {
  it("refuses more than maxPerApplicantMw with 409 naming approvedMw, and consumes nothing", async () => {
    const { id, reviewer } = await underReview(45);
    const res = await reviewerAction(api, reviewer, id, "decision", { decision: "approve", reason: "ok", approvedMw: 45 });
    expect(res.status).toBe(409);
    expect(res.json.detail).toContain("at most 40 MW per applicant");
    expect(res.json.errors).toEqual([{ path: "approvedMw", message: expect.any(String) }]);
    expect((await lineApi(api, roundId, "LESCO", "AI_DATA_CENTRE")).approvedMw).toBe(0);
    expect((await api.request("GET", `/api/review/applications/${id}`, { token: reviewer })).json.status).toBe("UNDER_REVIEW");
  });

  it("refuses less than minRequestMw", async () => {
    const { id, reviewer } = await underReview(10);
    const res = await reviewerAction(api, reviewer, id, "decision", { decision: "approve", reason: "ok", approvedMw: 4.999 });
    expect(res.status).toBe(409);
    expect(res.json.detail).toContain("at least 5 MW");
  });

  it("approves within the bounds and consumes exactly the approved MW", async () => {
    const { id, reviewer } = await underReview(40);
    const res = await reviewerAction(api, reviewer, id, "decision", { decision: "approve", reason: "meets conditions", approvedMw: 39.5 });
    expect(res.status).toBe(200);
    expect(res.json.status).toBe("APPROVED");
    expect((await lineApi(api, roundId, "LESCO", "AI_DATA_CENTRE")).approvedMw).toBe(39.5);
  });
});
