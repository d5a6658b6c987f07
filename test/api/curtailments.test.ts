import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/api.ts";
import { assignAndApproveApi, publishRoundApi, submitApplicationApi } from "../support/journey.ts";
import { startMailDev, type MailDev } from "../../local/maildev.ts";
import { clock } from "../../lambdas/store/clock.ts";
import { queryPartition } from "../../lambdas/store/query.ts";
import { auditEntityPk } from "../../lambdas/store/keys.ts";
import { runNotifier } from "../../lambdas/services/notifications.ts";
import { resetMailer } from "../../lambdas/store/mailer.ts";

// Curtailment through the dev gateway with real tokens and the dev clock: a region's grid operator
// declares, the targets are the region's ACTIVE curtailable energy licences, licensees acknowledge
// (and are told, once, through the notifier), the operator answers after the end, and a failure opens
// a CURTAILMENT_FAILURE case. Another region's operator reaches nothing.

let api: TestApi;
let mail: MailDev;
const realNow = clock.now;
const HOUR = 3600_000;
const settings = { siteUrl: "http://registry.test", infoResponseDays: 30 };

const LESCO_GRID = { sub: "lesco-grid", groups: [], scope: "sandbox/meter.LESCO" } as const;
const KE_GRID = { sub: "ke-grid", groups: [], scope: "sandbox/meter.KE" } as const;
const NO_TARGETS = { sub: "applicant-c", groups: ["applicant"] } as const;
const CONTACT_A = "ops@curtail-a.example";
const CONTACT_B = "ops@curtail-b.example";

/** Licence numbers: A holds two curtailable LESCO licences, B one curtailable and one not; C-region one elsewhere. */
const lic = { a1: "", a2: "", b1: "", bFirm: "", pesco: "" };
let startsAt = "";
let endsAt = "";
let curtailmentId = "";

const setClock = (iso: string) => api.request("POST", "/api/dev/clock", { body: { now: iso } });
const post = (path: string, token: unknown, body?: unknown) => api.request("POST", path, { token: token as never, body });
const get = (path: string, token: unknown) => api.request("GET", path, { token: token as never });

async function licence(token: "applicantA" | "applicantB", category: "BITCOIN_MINING" | "AI_DATA_CENTRE", region: string, curtailable: boolean, contactEmail: string, mw: number) {
  const app = await submitApplicationApi(api, await api.token(token), category, {
    organisation: { legalName: `Curtail ${token} ${category} (Pvt) Ltd`, registrationNumber: `07${Math.random().toString().slice(2, 9)}`, taxNumber: "1234567-8", address: "1 Grid Road", contactEmail },
    energy: { region, requestedMw: mw, startDate: "2026-01-15", curtailable },
  });
  const approved = await assignAndApproveApi(api, await api.token("reviewer1"), app.id, { approvedMw: mw });
  return approved.licenceNumber as string;
}

beforeAll(async () => {
  mail = await startMailDev({ webPort: 0 });
  Object.assign(process.env, { MAIL_TRANSPORT: "smtp", SMTP_HOST: "127.0.0.1", SMTP_PORT: String(mail.smtpPort) });
  resetMailer();
  api = await startTestApi();
  await publishRoundApi(api, [
    { region: "LESCO", category: "BITCOIN_MINING", mw: 200 },
    { region: "LESCO", category: "AI_DATA_CENTRE", mw: 200 },
    { region: "PESCO", category: "BITCOIN_MINING", mw: 200 },
  ]);
  lic.a1 = await licence("applicantA", "BITCOIN_MINING", "LESCO", true, CONTACT_A, 10);
  lic.a2 = await licence("applicantA", "AI_DATA_CENTRE", "LESCO", true, CONTACT_A, 8);
  lic.b1 = await licence("applicantB", "BITCOIN_MINING", "LESCO", true, CONTACT_B, 10);
  lic.bFirm = await licence("applicantB", "BITCOIN_MINING", "LESCO", false, CONTACT_B, 5);
  lic.pesco = await licence("applicantB", "BITCOIN_MINING", "PESCO", true, CONTACT_B, 5);
  const now = Date.parse((await api.request("GET", "/api/dev/clock")).json.now);
  startsAt = new Date(now + 24 * HOUR).toISOString();
  endsAt = new Date(now + 28 * HOUR).toISOString();
}, 240_000);

afterAll(async () => {
  clock.now = realNow;
  await api?.close();
  await mail?.stop();
});

describe("declaring", () => {
  it("refuses bad times and percentages, naming the field", async () => {
    const base = { region: "LESCO", startsAt, endsAt, reductionPercent: 50, reason: "Evening peak" };
    const past = await post("/api/curtailments", LESCO_GRID, { ...base, startsAt: new Date(Date.parse(startsAt) - 48 * HOUR).toISOString() });
    expect(past.status).toBe(400);
    expect(past.json.errors).toEqual([{ path: "startsAt", message: "must not be in the past" }]);
    const backwards = await post("/api/curtailments", LESCO_GRID, { ...base, endsAt: startsAt });
    expect(backwards.status).toBe(400);
    expect(backwards.json.errors[0].path).toBe("endsAt");
    for (const reductionPercent of [0, 101, 12.5]) {
      const bad = await post("/api/curtailments", LESCO_GRID, { ...base, reductionPercent });
      expect(bad.status).toBe(400);
      expect(bad.json.errors[0].path).toBe("reductionPercent");
    }
  });

  it("is for the operator's own region only (403 elsewhere), and for admins; never for reviewers or applicants", async () => {
    const body = { region: "LESCO", startsAt, endsAt, reductionPercent: 50, reason: "Evening peak" };
    expect((await post("/api/curtailments", KE_GRID, body)).status).toBe(403);
    expect((await post("/api/curtailments", "reviewer1", body)).status).toBe(403);
    expect((await post("/api/curtailments", "applicantA", body)).status).toBe(403);
    expect((await post("/api/curtailments", undefined, body)).status).toBe(401);
    const byAdmin = await post("/api/curtailments", "admin", { ...body, region: "PESCO" });
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.json.targets).toEqual([lic.pesco]);
  });

  it("targets the region's ACTIVE curtailable energy licences, fixed at declaration, with its event", async () => {
    const res = await post("/api/curtailments", LESCO_GRID, { region: "LESCO", startsAt, endsAt, reductionPercent: 50, reason: "Evening peak: reduce load" });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ region: "LESCO", startsAt, endsAt, reductionPercent: 50, status: "UPCOMING", targetCount: 3 });
    expect(res.json.targets).toEqual([lic.a2, lic.a1, lic.b1].sort());
    expect(res.json.targets).not.toContain(lic.bFirm);
    curtailmentId = res.json.curtailmentId;
    const events = await queryPartition(auditEntityPk("curtailment", curtailmentId), true);
    expect(events.map((e) => e.action)).toEqual(["curtailment.declare"]);
    expect((events[0].data as { targets: string[] }).targets).toEqual(res.json.targets);
  });
});

describe("reading", () => {
  it("shows the event with its targets to the region's operator, admins and reviewers; 404 to another region's", async () => {
    for (const who of [LESCO_GRID, "admin", "reviewer1"]) {
      const res = await get(`/api/curtailments/${curtailmentId}`, who);
      expect(res.status).toBe(200);
      expect(res.headers.get("etag")).toBe('"1"');
      expect(res.json.targets.map((t: { licenceNumber: string }) => t.licenceNumber)).toEqual([lic.a2, lic.a1, lic.b1].sort());
      expect(res.json.targets.every((t: { outcome: string; acknowledgedAt: unknown }) => t.outcome === "PENDING" && t.acknowledgedAt === null)).toBe(true);
    }
    expect((await get(`/api/curtailments/${curtailmentId}`, KE_GRID)).status).toBe(404);
    expect((await get(`/api/curtailments/${curtailmentId}`, "applicantA")).status).toBe(403);
    expect((await get("/api/curtailments/0000000000000000", "admin")).status).toBe(404);
    expect((await get("/api/curtailments/not*an*id", "admin")).status).toBe(400);
  });

  it("lists by region and status, paged with signed cursors; an operator sees its own region only", async () => {
    const all = await get("/api/curtailments", "reviewer1");
    expect(all.json.items.map((c: { region: string }) => c.region).sort()).toEqual(["LESCO", "PESCO"]);
    const lesco = await get("/api/curtailments", LESCO_GRID);
    expect(lesco.json.items.map((c: { curtailmentId: string }) => c.curtailmentId)).toEqual([curtailmentId]);
    expect((await get("/api/curtailments", KE_GRID)).json.items).toEqual([]);
    expect((await get("/api/curtailments?region=LESCO", KE_GRID)).status).toBe(403);
    expect((await get("/api/curtailments?region=PESCO&status=UPCOMING", "admin")).json.items).toHaveLength(1);
    expect((await get("/api/curtailments?status=ENDED", "admin")).json.items).toEqual([]);
    const first = await get("/api/curtailments?limit=1", "admin");
    expect(first.json.items).toHaveLength(1);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const second = await get(`/api/curtailments?limit=1&cursor=${encodeURIComponent(first.json.nextCursor)}`, "admin");
    expect(second.json.items).toHaveLength(1);
    expect(second.json.items[0].curtailmentId).not.toBe(first.json.items[0].curtailmentId);
    const tampered = await get(`/api/curtailments?limit=1&cursor=${encodeURIComponent(first.json.nextCursor.slice(0, -2) + "AA")}`, "admin");
    expect(tampered.status).toBe(400);
    expect(tampered.json.errors[0].path).toBe("cursor");
    expect((await get("/api/curtailments?status=BOGUS", "admin")).status).toBe(400);
  });
});

describe("acknowledging", () => {
  it("needs licenceNumber when the firm holds several targets; twice changes nothing; 404 without a target", async () => {
    const ambiguous = await post(`/api/curtailments/${curtailmentId}/ack`, "applicantA");
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.json.errors[0].path).toBe("licenceNumber");
    const acked = await post(`/api/curtailments/${curtailmentId}/ack`, "applicantA", { licenceNumber: lic.a1 });
    expect(acked.status).toBe(200);
    expect(acked.json).toMatchObject({ curtailmentId, licenceNumber: lic.a1, acknowledgedAt: expect.any(String), outcome: "PENDING", notAcknowledgedBeforeStart: false, limitMw: 5 });
    expect(acked.json.targets).toBeUndefined();
    const again = await post(`/api/curtailments/${curtailmentId}/ack`, "applicantA", { licenceNumber: lic.a1 });
    expect(again.json.acknowledgedAt).toBe(acked.json.acknowledgedAt);
    const events = await queryPartition(auditEntityPk("curtailment-target", `${curtailmentId}/${lic.a1}`), true);
    expect(events.map((e) => e.action)).toEqual(["curtailment.acknowledge"]);

    expect((await post(`/api/curtailments/${curtailmentId}/ack`, "applicantB")).status).toBe(200);
    expect((await post(`/api/curtailments/${curtailmentId}/ack`, NO_TARGETS)).status).toBe(404);
    expect((await post(`/api/curtailments/${curtailmentId}/ack`, "applicantA", { licenceNumber: lic.b1 })).status).toBe(404);
    expect((await post(`/api/curtailments/0000000000000000/ack`, "applicantA")).status).toBe(404);
    expect((await post(`/api/curtailments/${curtailmentId}/ack`, LESCO_GRID)).status).toBe(403);
  });

  it("tells each targeted licensee once, by mail and in the inbox", async () => {
    const declared = async (token: "applicantA" | "applicantB") =>
      ((await api.request("GET", "/api/notifications?limit=100", { token })).json.items as { kind: string; entityId: string; subject: string }[]).filter((n) => n.kind === "curtailment.declared" && n.entityId === curtailmentId);
    for (let i = 0; i < 40 && ((await declared("applicantA")).length === 0 || (await declared("applicantB")).length === 0); i++) {
      await runNotifier(settings);
      await new Promise((r) => setTimeout(r, 250));
    }
    await runNotifier(settings);
    // A holds two targeted licences: one notice for the one event.
    expect(await declared("applicantA")).toHaveLength(1);
    expect(await declared("applicantB")).toHaveLength(1);
    expect((await declared("applicantA"))[0].subject).toBe("Curtailment in LESCO: reduce load by 50 %");
    const mails = (await (await fetch(`${mail.url}/email`)).json()) as { subject: string; to: { address: string }[] }[];
    const curtailMails = mails.filter((m) => m.subject.startsWith("Curtailment in LESCO"));
    expect(curtailMails.map((m) => m.to[0].address).sort()).toEqual([CONTACT_A, CONTACT_B]);
  });
});

describe("after the event", () => {
  it("marks a licence not acknowledged before the start, refuses answers before the end", async () => {
    expect((await setClock(new Date(Date.parse(startsAt) + HOUR).toISOString())).status).toBe(200);
    const view = (await get(`/api/curtailments/${curtailmentId}`, "reviewer1")).json;
    expect(view.status).toBe("IN_PROGRESS");
    const byNumber = new Map(view.targets.map((t: { licenceNumber: string }) => [t.licenceNumber, t]));
    expect(byNumber.get(lic.a1)).toMatchObject({ notAcknowledgedBeforeStart: false });
    expect(byNumber.get(lic.a2)).toMatchObject({ notAcknowledgedBeforeStart: true, acknowledgedAt: null });
    // Acknowledged late: recorded, and still marked.
    const late = await post(`/api/curtailments/${curtailmentId}/ack`, "applicantA", { licenceNumber: lic.a2 });
    expect(late.json).toMatchObject({ acknowledgedAt: expect.any(String), notAcknowledgedBeforeStart: true });
    const early = await post(`/api/curtailments/${curtailmentId}/responses`, LESCO_GRID, { responses: [{ licenceNumber: lic.a1, averageMw: 1 }] });
    expect(early.status).toBe(409);
  });

  it("answers COMPLIED or FAILED; a failure opens a CURTAILMENT_FAILURE case; a bad response stores nothing", async () => {
    expect((await setClock(new Date(Date.parse(endsAt) + HOUR).toISOString())).status).toBe(200);
    expect((await post(`/api/curtailments/${curtailmentId}/ack`, "applicantB")).status).toBe(200); // already acknowledged: unchanged
    const path = `/api/curtailments/${curtailmentId}/responses`;
    const bad = await post(path, LESCO_GRID, { responses: [{ licenceNumber: lic.a1, averageMw: 5 }, { licenceNumber: lic.bFirm, averageMw: 1 }] });
    expect(bad.status).toBe(400);
    expect(bad.json.errors).toEqual([{ path: "responses.1.licenceNumber", message: "not a licence this curtailment targeted" }]);
    expect((await get(`/api/curtailments/${curtailmentId}`, "admin")).json.targets.every((t: { outcome: string }) => t.outcome === "PENDING")).toBe(true);
    expect((await post(path, KE_GRID, { responses: [{ licenceNumber: lic.a1, averageMw: 5 }] })).status).toBe(404);
    expect((await post(path, "admin", { responses: [{ licenceNumber: lic.a1, averageMw: 5 }] })).status).toBe(403);

    const answered = await post(path, LESCO_GRID, { responses: [{ licenceNumber: lic.a1, averageMw: 5 }, { licenceNumber: lic.b1, averageMw: 6.5 }] });
    expect(answered.status).toBe(200);
    expect(answered.json.status).toBe("ENDED");
    const byNumber = new Map(answered.json.targets.map((t: { licenceNumber: string }) => [t.licenceNumber, t]));
    expect(byNumber.get(lic.a1)).toMatchObject({ averageMw: 5, limitMw: 5, outcome: "COMPLIED", caseId: null });
    expect(byNumber.get(lic.b1)).toMatchObject({ averageMw: 6.5, limitMw: 5, outcome: "FAILED", caseId: expect.stringMatching(/^CURTAILMENT_FAILURE-/) });
    expect(byNumber.get(lic.a2)).toMatchObject({ outcome: "PENDING", averageMw: null });
    const caseId = (byNumber.get(lic.b1) as { caseId: string }).caseId;
    const opened = await get(`/api/cases/${caseId}`, "reviewer1");
    expect(opened.json).toMatchObject({ licenceNumber: lic.b1, kind: "CURTAILMENT_FAILURE", status: "OPEN", cause: { curtailmentId, averageMw: 6.5, limitMw: 5 } });

    // The same answers again change nothing; another figure is a 409 naming it.
    const again = await post(path, LESCO_GRID, { responses: [{ licenceNumber: lic.b1, averageMw: 6.5 }] });
    expect(again.status).toBe(200);
    const changed = await post(path, LESCO_GRID, { responses: [{ licenceNumber: lic.b1, averageMw: 4 }] });
    expect(changed.status).toBe(409);
    expect(changed.json.errors[0].path).toBe("responses.0.averageMw");
    const events = await queryPartition(auditEntityPk("curtailment-target", `${curtailmentId}/${lic.b1}`), true);
    expect(events.map((e) => e.action)).toEqual(["curtailment.acknowledge", "curtailment.respond"]);
    expect((await get(`/api/licences/${lic.b1}/cases`, "applicantB")).json.items.map((c: { caseId: string }) => c.caseId)).toContain(caseId);
  });

  it("shows the licensee the events that targeted its own licence only", async () => {
    const mine = await get(`/api/licences/${lic.b1}/curtailments`, "applicantB");
    expect(mine.status).toBe(200);
    expect(mine.json.nextCursor).toBeNull();
    expect(mine.json.items).toEqual([expect.objectContaining({ curtailmentId, licenceNumber: lic.b1, outcome: "FAILED", averageMw: 6.5, status: "ENDED" })]);
    expect(mine.json.items[0].targetCount).toBeUndefined();
    expect((await get(`/api/licences/${lic.bFirm}/curtailments`, "applicantB")).json.items).toEqual([]);
    expect((await get(`/api/licences/${lic.b1}/curtailments`, "applicantA")).status).toBe(404);
    expect((await get(`/api/licences/${lic.b1}/curtailments`, "reviewer1")).status).toBe(403);
    expect((await get("/api/curtailments?status=ENDED", "admin")).json.items.map((c: { curtailmentId: string }) => c.curtailmentId)).toContain(curtailmentId);
    expect((await post(`/api/curtailments/${curtailmentId}/ack`, "applicantA", { licenceNumber: lic.a1 })).status).toBe(200);
  });

  it("shows auditors every event with its targets' outcomes, read-only", async () => {
    for (const token of ["auditor", "auditMachine"] as const) {
      const res = await get("/api/audit/curtailments?region=LESCO", token);
      expect(res.status).toBe(200);
      expect(res.json.items).toHaveLength(1);
      expect(res.json.items[0].targets.map((t: { outcome: string }) => t.outcome).sort()).toEqual(["COMPLIED", "FAILED", "PENDING"]);
    }
    expect((await get("/api/audit/curtailments?status=ENDED", "auditor")).json.items).toHaveLength(2);
    expect((await get("/api/audit/curtailments", "reviewer1")).status).toBe(403);
    expect((await get("/api/audit/curtailments", LESCO_GRID)).status).toBe(403);
  });

  it("tells the failed licensee of its case, once, and the complied one of none", async () => {
    const caseId = `CURTAILMENT_FAILURE-${curtailmentId}-${lic.b1}`;
    const caseNotices = async (token: "applicantA" | "applicantB") =>
      ((await api.request("GET", "/api/notifications?limit=100", { token })).json.items as { kind: string; entityId: string }[]).filter((n) => n.kind === "case.opened" && n.entityId.startsWith("CURTAILMENT_FAILURE-"));
    for (let i = 0; i < 40 && (await caseNotices("applicantB")).length === 0; i++) {
      await runNotifier(settings);
      await new Promise((r) => setTimeout(r, 250));
    }
    await runNotifier(settings);
    expect((await caseNotices("applicantB")).map((n) => n.entityId)).toEqual([caseId]);
    expect(await caseNotices("applicantA")).toEqual([]);
  });
});
