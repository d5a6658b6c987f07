import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/api.ts";
import type { TokenRequest } from "../../local/dev-issuer.ts";
import { assignAndApproveApi, lineApi, publishRoundApi, submitApplicationApi } from "../support/journey.ts";
import { clock } from "../../lambdas/store/clock.ts";
import { nextPeriod, periodEnd, periodOf, returnDueAt } from "../../lambdas/domain/periods.ts";

// The supervision journey of an energy licence through the dev gateway, moved through time with the
// dev clock: returns per month, a KPI over the test plan's limit opening a case in the same filing,
// refiling with If-Match, query and accept, the late-returns job, escalation suspending the licence,
// milestones, varying the MW; and another firm never seeing any of it.

let api: TestApi;
let roundId: string;
let licenceNumber: string;
let firstPeriod: string;
const realNow = clock.now;

beforeAll(async () => {
  api = await startTestApi();
  ({ roundId } = await publishRoundApi(api, [{ region: "KE", category: "BITCOIN_MINING", mw: 100 }]));
  const app = await submitApplicationApi(api, "applicantA", "BITCOIN_MINING", { energy: { region: "KE", requestedMw: 20, startDate: "2026-03-01", curtailable: true } });
  const approved = await assignAndApproveApi(api, await api.token("reviewer1"), app.id, {
    approvedMw: 10,
    testPlan: { milestones: [{ title: "Site energised", dueDate: "2027-02-01" }] },
  });
  licenceNumber = approved.licenceNumber;
});
afterAll(async () => {
  clock.now = realNow;
  await api.close();
});

const returns = (token: string = "applicantA") => api.request("GET", `/api/licences/${licenceNumber}/returns`, { token });
const file = (period: string, body: unknown, headers?: Record<string, string>, token: string = "applicantA") =>
  api.request("PUT", `/api/licences/${licenceNumber}/returns/${period}`, { token, body, headers });
const filing = (kpis: Record<string, number>, extra: Record<string, unknown> = {}) => ({
  kpis,
  complaints: 0,
  safeguardsMet: true,
  attestation: { name: "Ayesha Khan", title: "Chief Executive" },
  ...extra,
});
const advance = (advanceDays: number) => api.request("POST", "/api/dev/clock", { body: { advanceDays } });
const HOUR = 3600 * 1000;
const setClock = (iso: string) => api.request("POST", "/api/dev/clock", { body: { now: new Date(Date.parse(iso) + HOUR).toISOString() } });
const OWN_FIRM_REVIEWER: TokenRequest = { sub: "applicant-a", groups: ["applicant", "reviewer"] };

describe("supervision of an energy licence", () => {
  it("the licence carries the test plan set at approval", async () => {
    const licence = await api.request("GET", `/api/licences/${licenceNumber}`, { token: "applicantA" });
    expect(licence.json.testPlan).toEqual({
      reporting: "MONTHLY",
      limits: { maxPeakMw: 10 },
      milestones: [{ milestoneId: expect.any(String), title: "Site energised", dueDate: "2027-02-01", status: "PENDING" }],
    });
    expect((await api.request("GET", `/api/register/${licenceNumber}`)).json).not.toHaveProperty("testPlan");
  });

  it("lists the current period as DUE and refuses to file a period that has not ended", async () => {
    const list = await returns();
    expect(list.status).toBe(200);
    firstPeriod = periodOf(clock.now().toISOString(), "MONTHLY");
    expect(list.json.items).toEqual([expect.objectContaining({ period: firstPeriod, status: "DUE", version: 0, history: [] })]);
    const early = await file(firstPeriod, filing({ energyMwh: 100, peakMw: 5 }));
    expect(early.status).toBe(409);
    expect((await file("2001-01", filing({ energyMwh: 1 }))).status).toBe(404);
    const bad = await file("2026-13", filing({ energyMwh: 1 }));
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe("period");
    const missing = await file(firstPeriod, { kpis: {}, complaints: 0, safeguardsMet: true });
    expect(missing.status).toBe(400);
    expect(missing.json.errors.map((e: { path: string }) => e.path)).toContain("attestation");
  });

  it("a filing whose KPI is over the limit opens a LIMIT_BREACH case with it; refiling needs If-Match", async () => {
    expect((await advance(40)).status).toBe(200);
    const filed = await file(firstPeriod, filing({ energyMwh: 4000, peakMw: 12, uptimePercent: 99 }));
    expect(filed.status).toBe(200);
    expect(filed.headers.get("etag")).toBe('"1"');
    expect(filed.json).toMatchObject({ period: firstPeriod, status: "FILED", version: 1, kpis: { peakMw: 12 }, casesOpened: [{ caseId: expect.any(String), kind: "LIMIT_BREACH" }] });
    expect(filed.json.history).toHaveLength(1);
    const caseId = filed.json.casesOpened[0].caseId;
    const opened = await api.request("GET", `/api/cases/${caseId}`, { token: "reviewer1" });
    expect(opened.json).toMatchObject({ caseId, licenceNumber, kind: "LIMIT_BREACH", status: "OPEN", repeat: false, cause: { period: firstPeriod } });

    expect((await file(firstPeriod, filing({ energyMwh: 4000, peakMw: 9 }))).status).toBe(428);
    expect((await file(firstPeriod, filing({ energyMwh: 4000, peakMw: 9 }), { "if-match": '"7"' })).status).toBe(412);
    const again = await file(firstPeriod, filing({ energyMwh: 4100, peakMw: 9 }), { "if-match": '"1"' });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ version: 2, kpis: { energyMwh: 4100 }, casesOpened: [] });
    // Each filing is kept whole in the history.
    expect(again.json.history.map((h: { filing: { kpis: { energyMwh: number } } }) => h.filing.kpis.energyMwh)).toEqual([4000, 4100]);
  });

  it("reviewers query and accept; the firm's own people may not; an accepted return is final", async () => {
    const reviewer = await api.token("reviewer1");
    expect((await api.request("POST", `/api/licences/${licenceNumber}/returns/${firstPeriod}/accept`, { token: OWN_FIRM_REVIEWER })).status).toBe(403);
    expect((await api.request("POST", `/api/licences/${licenceNumber}/returns/${firstPeriod}/accept`, { token: "applicantA" })).status).toBe(403);
    const queued = await api.request("GET", `/api/supervision/queue?kind=RETURN&licenceNumber=${licenceNumber}`, { token: reviewer });
    expect(queued.json.items).toEqual([expect.objectContaining({ kind: "RETURN", licenceNumber, record: expect.objectContaining({ period: firstPeriod, status: "FILED" }) })]);

    const queried = await api.request("POST", `/api/licences/${licenceNumber}/returns/${firstPeriod}/query`, { token: reviewer, body: { message: "Explain the uptime." } });
    expect(queried.status).toBe(200);
    expect(queried.json.status).toBe("QUERIED");
    expect((await api.request("POST", `/api/licences/${licenceNumber}/returns/${firstPeriod}/accept`, { token: reviewer })).status).toBe(409);
    const answered = await file(firstPeriod, filing({ energyMwh: 4100, peakMw: 9 }, { narrative: "Uptime fell during a storm." }), { "if-match": String(queried.json.version) });
    expect(answered.json.status).toBe("FILED");
    const accepted = await api.request("POST", `/api/licences/${licenceNumber}/returns/${firstPeriod}/accept`, { token: reviewer, body: { note: "Thank you." } });
    expect(accepted.json).toMatchObject({ status: "ACCEPTED", acceptedNote: "Thank you." });
    expect(accepted.json.history.map((h: { action: string }) => h.action)).toEqual(["file", "file", "query", "file", "accept"]);
    expect((await file(firstPeriod, filing({ energyMwh: 1 }), { "if-match": String(accepted.json.version) })).status).toBe(409);
  });

  it("another firm's supervision records do not exist; other roles are refused", async () => {
    for (const path of ["returns", "cases"]) {
      const other = await api.request("GET", `/api/licences/${licenceNumber}/${path}`, { token: "applicantB" });
      expect(other.status, path).toBe(404);
    }
    expect((await file(firstPeriod, filing({ energyMwh: 1 }), undefined, await api.token("applicantB"))).status).toBe(404);
    const incident = { occurredAt: clock.now().toISOString(), kind: "OUTAGE", severity: "LOW", description: "Feeder trip." };
    expect((await api.request("POST", `/api/licences/${licenceNumber}/incidents`, { token: "applicantB", body: incident })).status).toBe(404);
    expect((await api.request("GET", `/api/licences/${licenceNumber}/returns`, { token: "admin" })).status).toBe(403);
    expect((await api.request("GET", "/api/cases", { token: "applicantA" })).status).toBe(403);
  });

  it("the late-returns job marks an unfiled return LATE and opens one LATE_RETURN case, however often it runs", async () => {
    const period = nextPeriod(firstPeriod);
    expect((await setClock(returnDueAt(period))).status).toBe(200);
    // Past due and unfiled reads LATE even before the job has run.
    expect((await returns()).json.items.find((r: { period: string }) => r.period === period)).toMatchObject({ status: "LATE", version: 0 });
    expect((await api.request("POST", "/api/dev/jobs/late-returns")).status).toBe(200);
    expect((await api.request("POST", "/api/dev/jobs/late-returns")).status).toBe(200);
    const after = (await returns()).json.items.find((r: { period: string }) => r.period === period);
    expect(after).toMatchObject({ status: "LATE", version: 1, history: [expect.objectContaining({ action: "mark-late", status: "LATE" })] });
    const cases = await api.request("GET", `/api/licences/${licenceNumber}/cases?kind=LATE_RETURN`, { token: "applicantA" });
    expect(cases.json.items.filter((c: { cause: { period: string } }) => c.cause.period === period)).toHaveLength(1);

    // Filed late: FILED, marked late.
    const filedLate = await file(period, filing({ energyMwh: 3000, peakMw: 8 }));
    expect(filedLate.json).toMatchObject({ status: "FILED", late: true, casesOpened: [] });
  });

  it("a HIGH incident opens an INCIDENT case; a report after 72 hours is late", async () => {
    const occurredAt = new Date(clock.now().getTime() - 4 * 24 * 3600 * 1000).toISOString();
    const res = await api.request("POST", `/api/licences/${licenceNumber}/incidents`, { token: "applicantA", body: { occurredAt, kind: "GRID", severity: "HIGH", description: "Transformer fire." } });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ incidentId: expect.any(String), late: true, caseId: expect.any(String) });
    const low = await api.request("POST", `/api/licences/${licenceNumber}/incidents`, { token: "applicantA", body: { occurredAt: clock.now().toISOString(), kind: "OUTAGE", severity: "LOW", description: "Short trip." } });
    expect(low.json).toEqual({ incidentId: expect.any(String), late: false });
    const bad = await api.request("POST", `/api/licences/${licenceNumber}/incidents`, { token: "applicantA", body: { occurredAt, kind: "METEOR", severity: "HIGH", description: "x" } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe("kind");
  });

  it("escalating a case suspends the licence in the same change; a second case of a kind is a repeat", async () => {
    const reviewer = await api.token("reviewer1");
    const open = await api.request("GET", `/api/cases?licenceNumber=${licenceNumber}&kind=LIMIT_BREACH&status=OPEN`, { token: reviewer });
    expect(open.json.items).toHaveLength(1);
    const caseId = open.json.items[0].caseId;
    expect((await api.request("POST", `/api/cases/${caseId}/escalate`, { token: OWN_FIRM_REVIEWER, body: { reason: "x" } })).status).toBe(403);
    expect((await api.request("POST", `/api/cases/${caseId}/escalate`, { token: reviewer, body: {} })).json.errors[0].path).toBe("reason");
    const escalated = await api.request("POST", `/api/cases/${caseId}/escalate`, { token: reviewer, body: { reason: "Peak above the approved MW." } });
    expect(escalated.status).toBe(200);
    expect(escalated.json).toMatchObject({ status: "ESCALATED", history: [{ action: "open" }, { action: "escalate", reason: "Peak above the approved MW." }] });
    const licence = await api.request("GET", `/api/licences/${licenceNumber}`, { token: reviewer });
    expect(licence.json.status).toBe("SUSPENDED");
    expect(licence.json.statusHistory.at(-1).reason).toContain(caseId);
    expect((await api.request("POST", `/api/cases/${caseId}/resolve`, { token: reviewer, body: { reason: "late" } })).status).toBe(409);

    // The next month's return over the limit again: a repeat within 12 months.
    const third = nextPeriod(nextPeriod(firstPeriod));
    await setClock(periodEnd(third));
    const breach = await file(third, filing({ energyMwh: 10, peakMw: 11 }));
    const repeatId = breach.json.casesOpened.find((c: { kind: string }) => c.kind === "LIMIT_BREACH").caseId;
    expect((await api.request("GET", `/api/cases/${repeatId}`, { token: reviewer })).json.repeat).toBe(true);
    const queue = await api.request("GET", `/api/supervision/queue?kind=LIMIT_BREACH&licenceNumber=${licenceNumber}`, { token: reviewer });
    expect(queue.json.items).toEqual([expect.objectContaining({ kind: "CASE", caseId: repeatId, caseKind: "LIMIT_BREACH", status: "OPEN" })]);
    const mine = await api.request("GET", `/api/licences/${licenceNumber}/cases`, { token: "applicantA" });
    expect(mine.json.items.find((c: { caseId: string }) => c.caseId === caseId)).toMatchObject({ status: "ESCALATED", history: expect.arrayContaining([expect.objectContaining({ reason: "Peak above the approved MW." })]) });
  });

  it("milestones are marked once with a reason; varying the licence down releases the MW difference", async () => {
    const reviewer = await api.token("reviewer1");
    const licence = (await api.request("GET", `/api/licences/${licenceNumber}`, { token: reviewer })).json;
    const milestoneId = licence.testPlan.milestones[0].milestoneId;
    const marked = await api.request("POST", `/api/licences/${licenceNumber}/milestones/${milestoneId}`, { token: reviewer, body: { status: "MET", reason: "Energised on time." } });
    expect(marked.status).toBe(200);
    expect(marked.json.testPlan.milestones[0]).toMatchObject({ status: "MET", reason: "Energised on time." });
    expect((await api.request("POST", `/api/licences/${licenceNumber}/milestones/${milestoneId}`, { token: reviewer, body: { status: "WAIVED", reason: "x" } })).status).toBe(409);
    expect((await api.request("POST", `/api/licences/${licenceNumber}/milestones/nope`, { token: reviewer, body: { status: "MET", reason: "x" } })).status).toBe(404);

    const before = (await lineApi(api, roundId, "KE", "BITCOIN_MINING")).approvedMw;
    expect((await api.request("POST", `/api/licences/${licenceNumber}/vary`, { token: reviewer, body: { approvedMw: 12, reason: "More" } })).status).toBe(400);
    const varied = await api.request("POST", `/api/licences/${licenceNumber}/vary`, { token: reviewer, body: { approvedMw: 6.5, reason: "Use it or lose it." } });
    expect(varied.status).toBe(200);
    expect(varied.json).toMatchObject({ approvedMw: 6.5, testPlan: { limits: { maxPeakMw: 6.5 } } });
    expect((await lineApi(api, roundId, "KE", "BITCOIN_MINING")).approvedMw).toBeCloseTo(before - 3.5, 3);
  });

  it("auditors list returns and cases with their history; the register shows none of it", async () => {
    const r = await api.request("GET", `/api/audit/returns?licenceNumber=${licenceNumber}&period=${firstPeriod}`, { token: "auditor" });
    expect(r.status).toBe(200);
    expect(r.json.items).toEqual([expect.objectContaining({ period: firstPeriod, status: "ACCEPTED", history: expect.any(Array) })]);
    const c = await api.request("GET", "/api/audit/cases?kind=LATE_RETURN", { token: "auditMachine" });
    expect(c.json.items.length).toBeGreaterThanOrEqual(1);
    expect(c.json.items.every((x: { kind: string }) => x.kind === "LATE_RETURN")).toBe(true);
    expect((await api.request("GET", "/api/audit/cases", { token: "reviewer1" })).status).toBe(403);
    const entry = (await api.request("GET", `/api/register/${licenceNumber}`)).json;
    expect(Object.keys(entry).sort()).toEqual(["approvedMw", "category", "conditions", "expiresAt", "issuedAt", "legalName", "licenceNumber", "region", "status"]);
  });
});
