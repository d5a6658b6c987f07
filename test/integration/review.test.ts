import { describe, expect, it } from "vitest";
import { Conflict, Forbidden, InsufficientSurplus, InvalidTransition, NotFound, ValidationError } from "../../lambdas/domain/errors.ts";
import type { AuditEvent } from "../../lambdas/domain/audit-event.ts";
import { expectWholeLog, sealAll } from "../support/audit-log.ts";
import { assign, decide, requestInfo, reviewApplication, reviewQueue } from "../../lambdas/services/review.ts";
import { respondToInfoRequest } from "../../lambdas/services/applications.ts";
import { getLicence, readSequence } from "../../lambdas/store/licences.ts";
import { getApplication } from "../../lambdas/store/applications.ts";
import { readLine } from "../../lambdas/store/rounds.ts";
import { parseLicenceNumber } from "../../lambdas/domain/licence.ts";
import type { EnergyCategory, Region } from "../../lambdas/schemas/common.ts";
import { REVIEWER_1, REVIEWER_2, applicantActor, seedApplication, seedRound } from "../support/journey.ts";

// Reviewer actions against real DynamoDB Local: every decision is one transaction of the application,
// the MW line, the licence, the number counter and the audit event.

// Each test publishes its own round in its own year so no two rounds in this file overlap.
let nextYear = 2040;
async function line(mw: number, region: Region = "MEPCO", category: EnergyCategory = "BITCOIN_MINING") {
  const year = nextYear++;
  const round = await seedRound([{ region, category, mw }], { from: `${year}-01-01`, to: `${year}-12-31` });
  return { roundId: round.roundId, region, category, startDate: `${year}-06-01` };
}
type Line = Awaited<ReturnType<typeof line>>;

const underReview = (l: Line, requestedMw: number, extra: Parameters<typeof seedApplication>[0] = {}) =>
  seedApplication({ status: "UNDER_REVIEW", category: l.category, region: l.region, startDate: l.startDate, requestedMw, ...extra });

const approve = (id: string, by = REVIEWER_1, terms: { approvedMw?: number; conditions?: string[]; termMonths?: number } = {}) =>
  decide(id, { decision: "approve", reason: "Meets the criteria.", ...terms }, by);

async function allEvents(): Promise<AuditEvent[]> {
  await sealAll();
  return expectWholeLog();
}

describe("queue", () => {
  it("lists applications awaiting a reviewer by due date, with overdue flags and filters", async () => {
    const l = await line(1000, "SEPCO");
    const late = await seedApplication({ category: "BITCOIN_MINING", region: "SEPCO", startDate: l.startDate, submittedAt: "2020-01-01T00:00:00.000Z" });
    const recent = await seedApplication({ category: "BITCOIN_MINING", region: "SEPCO", startDate: l.startDate });
    const vasp = await seedApplication({ category: "VIRTUAL_ASSET_SERVICE", submittedAt: "2020-02-01T00:00:00.000Z" });

    const all = await reviewQueue({}, 100);
    const ids = all.items.map((i) => i.id);
    expect(ids.indexOf(late.id)).toBeLessThan(ids.indexOf(vasp.id));
    expect(ids.indexOf(vasp.id)).toBeLessThan(ids.indexOf(recent.id));
    const dues = all.items.map((i) => i.dueAt!);
    expect([...dues].sort()).toEqual(dues);
    expect(all.items.find((i) => i.id === late.id)).toMatchObject({ overdue: true, dueAt: "2020-03-01T00:00:00.000Z", submittedBy: late.ownerSub });
    expect(all.items.find((i) => i.id === recent.id)?.overdue).toBe(false);

    const sepco = await reviewQueue({ region: "SEPCO" }, 100);
    expect(sepco.items.map((i) => i.id).sort()).toEqual([late.id, recent.id].sort());
    const vasps = await reviewQueue({ category: "VIRTUAL_ASSET_SERVICE" }, 100);
    expect(vasps.items.map((i) => i.id)).toEqual([vasp.id]);

    // Paging: one at a time until nextCursor is null visits everything once.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await reviewQueue({}, 1, cursor);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(ids);

    // Decided applications leave the queue.
    await assign(recent.id, REVIEWER_1);
    await decide(recent.id, { decision: "reject", reason: "Incomplete site lease." }, REVIEWER_1);
    expect((await reviewQueue({}, 100)).items.map((i) => i.id)).not.toContain(recent.id);
    const byStatus = await reviewQueue({ status: "SUBMITTED" }, 100);
    expect(byStatus.items.every((i) => i.status === "SUBMITTED")).toBe(true);
  });
});

describe("assign, request-info, respond", () => {
  it("assigns to self, asks, pauses the SLA and resumes it on the answer", async () => {
    const app = await seedApplication({ category: "VIRTUAL_ASSET_SERVICE" });
    const assigned = await assign(app.id, REVIEWER_1);
    expect(assigned).toMatchObject({ status: "UNDER_REVIEW", assignedTo: REVIEWER_1.sub, version: 2 });

    const asked = await requestInfo(app.id, "Please send the audited accounts.", REVIEWER_1);
    expect(asked.status).toBe("INFO_REQUESTED");
    expect(asked.slaPausedAt).toBeDefined();
    expect(asked.infoRequests).toEqual([{ requestId: expect.any(String), message: "Please send the audited accounts.", requestedBy: REVIEWER_1.sub, requestedAt: asked.slaPausedAt }]);

    // Actions not in the table for INFO_REQUESTED are 409.
    await expect(approve(app.id)).rejects.toBeInstanceOf(InvalidTransition);
    await expect(requestInfo(app.id, "again", REVIEWER_1)).rejects.toBeInstanceOf(InvalidTransition);

    await respondToInfoRequest(app.id, "Attached.", applicantActor(app.ownerSub));
    const back = await reviewApplication(app.id);
    expect(back.status).toBe("UNDER_REVIEW");
    expect(back.slaPausedAt).toBeUndefined();
    expect(Date.parse(back.dueAt!)).toBeGreaterThanOrEqual(Date.parse(app.dueAt!));
    expect(back.infoRequests[0]).toMatchObject({ response: "Attached.", respondedAt: expect.any(String) });
    expect(back.history.map((h) => h.action)).toEqual(["create", "submit", "assign", "request-info", "respond"]);
  });

  it("refuses a reviewer acting on their own application and unknown ids", async () => {
    const app = await seedApplication({ category: "VIRTUAL_ASSET_SERVICE", ownerSub: "dual-role" });
    await expect(assign(app.id, { sub: "dual-role", groups: ["applicant", "reviewer"], scopes: [] })).rejects.toBeInstanceOf(Forbidden);
    await expect(assign("doesnotexist", REVIEWER_1)).rejects.toBeInstanceOf(NotFound);
    await expect(reviewApplication("doesnotexist")).rejects.toBeInstanceOf(NotFound);
  });
});

describe("decisions", () => {
  it("approves below the four-eyes threshold in one transaction: MW, licence, counter, event", async () => {
    const l = await line(100);
    const app = await underReview(l, 30);
    const before = (await allEvents()).length;
    const decided = await approve(app.id, REVIEWER_1, { approvedMw: 25.5, conditions: ["Curtail on grid request."], termMonths: 6 });
    expect(decided).toMatchObject({ status: "APPROVED", decisionReason: "Meets the criteria." });
    const number = decided.licenceNumber!;
    const year = new Date(decided.decidedAt!).getUTCFullYear();
    expect(number).toMatch(new RegExp(`^PCC-BTC-${year}-\\d{6}$`));

    const licence = await getLicence(number, true);
    expect(licence).toMatchObject({
      applicationId: app.id,
      holderSub: app.ownerSub,
      legalName: app.organisation!.legalName,
      category: "BITCOIN_MINING",
      region: l.region,
      approvedMw: 25.5,
      roundId: l.roundId,
      status: "ACTIVE",
      conditions: ["Curtail on grid request."],
      issuedAt: decided.decidedAt,
    });
    expect(Date.parse(licence!.expiresAt)).toBeGreaterThan(Date.parse(licence!.issuedAt));
    expect(await readSequence("BTC", year)).toBe(parseLicenceNumber(number)!.seq);
    expect(await readLine(l.roundId, l.region, l.category)).toMatchObject({ approvedKw: 25_500, remainingKw: 74_500 });

    const events = await allEvents();
    expect(events.length).toBe(before + 1);
    expect(events.at(-1)).toMatchObject({ action: "application.approve", entityId: app.id, data: { licenceNumber: number, approvedMw: 25.5, roundId: l.roundId } });
  });

  it("defaults approvedMw to the request and refuses more than requested (400 approvedMw)", async () => {
    const l = await line(100);
    const app = await underReview(l, 12);
    await expect(approve(app.id, REVIEWER_1, { approvedMw: 12.001 })).rejects.toMatchObject({ status: 400, errors: [{ path: "approvedMw" }] });
    const decided = await approve(app.id);
    expect((await getLicence(decided.licenceNumber!))?.approvedMw).toBe(12);
  });

  it("VASP: no MW, a VASP licence number, and approvedMw refused", async () => {
    const app = await seedApplication({ category: "VIRTUAL_ASSET_SERVICE", status: "UNDER_REVIEW" });
    await expect(approve(app.id, REVIEWER_1, { approvedMw: 1 })).rejects.toBeInstanceOf(ValidationError);
    const decided = await approve(app.id);
    expect(decided.licenceNumber).toMatch(/^PCC-VASP-\d{4}-\d{6}$/);
    const licence = await getLicence(decided.licenceNumber!);
    expect(licence?.approvedMw).toBeUndefined();
    expect(licence?.region).toBeUndefined();
  });

  it("four eyes: at the threshold the first approval waits, consumes nothing, and only another reviewer confirms", async () => {
    const l = await line(200);
    const app = await underReview(l, 80);
    const first = await approve(app.id, REVIEWER_1, { approvedMw: 50, conditions: ["Monthly reports."] });
    expect(first.status).toBe("PENDING_SECOND_APPROVAL");
    expect(first.firstApproval).toMatchObject({ by: REVIEWER_1.sub, approvedMw: 50, conditions: ["Monthly reports."], termMonths: 12, reason: "Meets the criteria." });
    expect(first.licenceNumber).toBeUndefined();
    expect((await readLine(l.roundId, l.region, l.category))?.approvedKw).toBe(0);

    await expect(approve(app.id, REVIEWER_1)).rejects.toBeInstanceOf(Forbidden);
    await expect(decide(app.id, { decision: "reject", reason: "no" }, REVIEWER_2)).rejects.toBeInstanceOf(InvalidTransition);
    // The confirmation cannot quietly change the terms.
    await expect(approve(app.id, REVIEWER_2, { approvedMw: 60 })).rejects.toMatchObject({ status: 400, errors: [{ path: "approvedMw" }] });

    const confirmed = await approve(app.id, REVIEWER_2);
    expect(confirmed.status).toBe("APPROVED");
    const licence = await getLicence(confirmed.licenceNumber!);
    expect(licence).toMatchObject({ approvedMw: 50, conditions: ["Monthly reports."], status: "ACTIVE" });
    expect(licence?.statusHistory[0].by).toBe(REVIEWER_2.sub);
    expect((await readLine(l.roundId, l.region, l.category))?.approvedKw).toBe(50_000);
    expect(confirmed.history.slice(-2).map((h) => [h.action, h.by])).toEqual([
      ["approve", REVIEWER_1.sub],
      ["confirm-approval", REVIEWER_2.sub],
    ]);
  });

  it("return sends a pending approval back to UNDER_REVIEW, clearing it; then it can be rejected", async () => {
    const l = await line(200);
    const app = await underReview(l, 120);
    await approve(app.id, REVIEWER_1);
    const returned = await decide(app.id, { decision: "return", reason: "Check the interconnection study." }, REVIEWER_2);
    expect(returned.status).toBe("UNDER_REVIEW");
    expect(returned.firstApproval).toBeUndefined();
    await expect(decide(app.id, { decision: "return", reason: "again" }, REVIEWER_2)).rejects.toBeInstanceOf(InvalidTransition);
    // Only the assignee decides: reviewer 2 takes the application over first (recorded), then rejects.
    await expect(decide(app.id, { decision: "reject", reason: "Feasibility study failed." }, REVIEWER_2)).rejects.toBeInstanceOf(Conflict);
    expect(await assign(app.id, REVIEWER_2)).toMatchObject({ assignedTo: REVIEWER_2.sub });
    const rejected = await decide(app.id, { decision: "reject", reason: "Feasibility study failed." }, REVIEWER_2);
    expect(rejected).toMatchObject({ status: "REJECTED", decisionReason: "Feasibility study failed." });
    expect(rejected.history.at(-1)).toMatchObject({ action: "reject", reason: "Feasibility study failed." });
    await expect(approve(app.id, REVIEWER_2)).rejects.toBeInstanceOf(InvalidTransition);
  });

  it("answers 409 explaining when no round covers the start date; nothing is written", async () => {
    const app = await seedApplication({ status: "UNDER_REVIEW", region: "QESCO", requestedMw: 5, startDate: "2099-05-05" });
    await expect(approve(app.id)).rejects.toSatisfy((e: unknown) => e instanceof Conflict && /No published allocation round .*QESCO.*2099-05-05/.test(e.message));
    expect((await getApplication(app.id, true))?.status).toBe("UNDER_REVIEW");
  });

  it("concurrent approvals on one line never over-allocate; the losers get 409 with what remains", async () => {
    const l = await line(100, "HESCO");
    const apps = await Promise.all(Array.from({ length: 7 }, () => underReview(l, 30)));
    const results = await Promise.allSettled(apps.map((a) => approve(a.id)));
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(3);
    expect(lost).toHaveLength(4);
    for (const r of lost) {
      expect(r.reason).toBeInstanceOf(InsufficientSurplus);
      expect(r.reason.extra).toEqual({ remainingMw: 10 });
      expect(r.reason.message).toMatch(/Only 10 MW remain/);
    }
    expect(await readLine(l.roundId, l.region, l.category)).toMatchObject({ approvedKw: 90_000, remainingKw: 10_000 });
    // The losers are untouched: still UNDER_REVIEW, no licence.
    const states = await Promise.all(apps.map((a) => getApplication(a.id, true)));
    expect(states.filter((s) => s?.status === "APPROVED")).toHaveLength(3);
    expect(states.filter((s) => s?.status === "UNDER_REVIEW" && !s.licenceNumber)).toHaveLength(4);
    await allEvents();
  });

  it("licence numbers stay gap-free and unique under many concurrent final approvals in one category", async () => {
    const l = await line(1000, "GEPCO", "AI_DATA_CENTRE");
    const n = 10;
    const apps = await Promise.all(Array.from({ length: n }, () => underReview(l, 1)));
    const decided = await Promise.all(apps.map((a) => approve(a.id)));
    const year = new Date(decided[0].decidedAt!).getUTCFullYear();
    const seqs = decided.map((d) => {
      const parsed = parseLicenceNumber(d.licenceNumber!)!;
      expect(parsed.code).toBe("AIDC");
      expect(parsed.year).toBe(year);
      return parsed.seq;
    });
    // This file issues no other AIDC licences: exactly 1..n, each once.
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(await readSequence("AIDC", year)).toBe(n);
    const licences = await Promise.all(decided.map((d) => getLicence(d.licenceNumber!, true)));
    expect(new Set(licences.map((x) => x?.applicationId))).toEqual(new Set(apps.map((a) => a.id)));
    expect((await readLine(l.roundId, l.region, l.category))?.approvedKw).toBe(n * 1000);
  });
});
