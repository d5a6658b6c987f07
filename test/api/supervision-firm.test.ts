import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/api.ts";
import { completeApplication } from "../support/applications.ts";
import { assignAndApproveApi, publishRoundApi, submitApplicationApi } from "../support/journey.ts";
import { clock } from "../../lambdas/store/clock.ts";
import { periodEnd, periodOf } from "../../lambdas/domain/periods.ts";

// A firm's own people never act as reviewers on the firm's records, after the licence too: a colleague
// (another account that applied for the same company, by registration number) holding reviewer rights
// is refused every supervision decision, through the one transition engine; an independent reviewer is not.

let api: TestApi;
let licenceNumber = "";
let period = "";
let milestoneId = "";
const realNow = clock.now;
const REG = "SUP-FIRM-0042";

beforeAll(async () => {
  api = await startTestApi();
  await publishRoundApi(api, [{ region: "GEPCO", category: "BITCOIN_MINING", mw: 100 }]);
  const holder = await api.token({ sub: "sup-holder", groups: ["applicant"] });
  const organisation = { ...completeApplication("BITCOIN_MINING").organisation, registrationNumber: REG };
  const app = await submitApplicationApi(api, holder, "BITCOIN_MINING", { organisation, energy: { region: "GEPCO", requestedMw: 20, startDate: "2026-03-01", curtailable: true } });
  const approved = await assignAndApproveApi(api, await api.token("reviewer1"), app.id, {
    approvedMw: 10,
    testPlan: { milestones: [{ title: "Site energised", dueDate: "2027-02-01" }] },
  });
  licenceNumber = approved.licenceNumber;
  milestoneId = (await api.request("GET", `/api/licences/${licenceNumber}`, { token: holder })).json.testPlan.milestones[0].milestoneId;
  // The first month ends; the holder files it with a peak over the plan's limit, which opens a case.
  period = periodOf(clock.now().toISOString(), "MONTHLY");
  await api.request("POST", "/api/dev/clock", { body: { now: new Date(Date.parse(periodEnd(period)) + 3_600_000).toISOString() } });
  const filed = await api.request("PUT", `/api/licences/${licenceNumber}/returns/${period}`, {
    token: holder,
    body: { kpis: { energyMwh: 100, peakMw: 14 }, complaints: 0, safeguardsMet: true, attestation: { name: "Sara Malik", title: "Director" } },
  });
  expect(filed.status).toBe(200);
  expect(filed.json.casesOpened).toEqual([{ caseId: expect.any(String), kind: "LIMIT_BREACH" }]);
}, 120_000);

afterAll(async () => {
  clock.now = realNow;
  await api?.close();
});

describe("supervision decisions refuse the firm's colleagues (403) and nothing changes", () => {
  it("a colleague with reviewer rights cannot accept or query a return, mark a milestone, vary, decide a case or an exit", async () => {
    const colleague = await api.token({ sub: "sup-colleague", groups: ["applicant", "reviewer"] });
    // The colleague is of the firm because it once started a draft for the same company (another spelling).
    const draft = await api.request("POST", "/api/applications", { token: colleague, body: { category: "BITCOIN_MINING", organisation: { registrationNumber: "sup firm 0042" } } });
    expect(draft.status).toBe(201);
    const caseId = (await api.request("GET", `/api/cases?licenceNumber=${licenceNumber}`, { token: "reviewer2" })).json.items[0].caseId as string;
    const attempts: [string, string, unknown][] = [
      ["accept", `/api/licences/${licenceNumber}/returns/${period}/accept`, undefined],
      ["query", `/api/licences/${licenceNumber}/returns/${period}/query`, { message: "Explain the peak." }],
      ["milestone", `/api/licences/${licenceNumber}/milestones/${milestoneId}`, { status: "MET", reason: "Energised." }],
      ["vary", `/api/licences/${licenceNumber}/vary`, { approvedMw: 5, reason: "Use it or lose it." }],
      ["resolve", `/api/cases/${caseId}/resolve`, { reason: "Explained." }],
      ["escalate", `/api/cases/${caseId}/escalate`, { reason: "Repeated." }],
    ];
    for (const [what, path, body] of attempts) {
      const res = await api.request("POST", path, { token: colleague, body });
      expect(res.status, what).toBe(403);
      expect(res.headers.get("content-type"), what).toBe("application/problem+json");
    }
    const holder = await api.token({ sub: "sup-holder", groups: ["applicant"] });
    const report = await api.request("POST", `/api/licences/${licenceNumber}/exit-report`, { token: holder, body: { outcomesAchieved: true, summary: "Done early.", customersTransitioned: true, early: true } });
    expect(report.status).toBe(201);
    expect((await api.request("POST", `/api/licences/${licenceNumber}/exit`, { token: colleague, body: { outcome: "GRADUATED", reason: "Fine." } })).status).toBe(403);

    // Nothing moved: the return is still FILED, the milestone PENDING, the MW and the case as they were.
    const licence = (await api.request("GET", `/api/licences/${licenceNumber}`, { token: "reviewer2" })).json;
    expect(licence).toMatchObject({ status: "ACTIVE", approvedMw: 10 });
    expect(licence.testPlan.milestones[0].status).toBe("PENDING");
    const ret = (await api.request("GET", `/api/licences/${licenceNumber}/returns`, { token: "reviewer2" })).json.items.find((r: { period: string }) => r.period === period);
    expect(ret.status).toBe("FILED");
    expect((await api.request("GET", `/api/cases/${caseId}`, { token: "reviewer2" })).json.status).toBe("OPEN");

    // An independent reviewer may do each of them.
    expect((await api.request("POST", `/api/licences/${licenceNumber}/returns/${period}/accept`, { token: "reviewer2" })).status).toBe(200);
    expect((await api.request("POST", `/api/cases/${caseId}/resolve`, { token: "reviewer2", body: { reason: "Explained." } })).status).toBe(200);
    expect((await api.request("POST", `/api/licences/${licenceNumber}/exit`, { token: "reviewer2", body: { outcome: "GRADUATED", reason: "Met the plan." } })).json.status).toBe("GRADUATED");
  });
});
