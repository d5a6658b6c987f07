import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseFeed } from "@rowanmanning/feed-parser";
import { expiryReminders, noticeId, noticesForEvent, renderNotice, returnDueReminders, type CommittedEvent } from "../../lambdas/domain/notices.ts";
import { atomFeed, feedEntryFor } from "../../lambdas/domain/register-feed.ts";

const context = { applicationId: "app1", legalName: "Indus Hash (Pvt) Ltd", infoResponseDays: 30 };
const event = (action: string, data: Record<string, unknown>, entityType = "application", entityId = "app1"): CommittedEvent => ({ seq: 7, eventId: "e7", at: "2026-03-01T09:00:00.000Z", action, entityType, entityId, data });
const DAY = 86_400_000;

describe("notices from events", () => {
  it("tells the firm what happened, what to do and by when, for the changes that concern it", () => {
    const [info] = noticesForEvent(event("application.request-info", { from: "UNDER_REVIEW", to: "INFO_REQUESTED", message: "Send annex B." }), context);
    expect(info.kind).toBe("application.info_requested");
    expect(info.paragraphs.join(" ")).toContain('A reviewer asks: "Send annex B."');
    expect(info.paragraphs[2]).toBe("Please answer by 2026-03-31 (30 days).");
    expect(info.link).toBe("/applications/app1");
  });

  it("tells of an approval twice (decision, licence issued), each with its own cause", () => {
    const drafts = noticesForEvent(event("application.approve", { from: "UNDER_REVIEW", to: "APPROVED", licenceNumber: "PCC-BTC-2026-000001", approvedMw: 10, expiresAt: "2027-03-01T09:00:00.000Z", reason: "ok" }), context);
    expect(drafts.map((d) => d.kind)).toEqual(["application.decided", "licence.issued"]);
    expect(new Set(drafts.map((d) => d.cause)).size).toBe(2);
    expect(drafts[1].paragraphs[0]).toBe("Licence PCC-BTC-2026-000001 was issued on 2026-03-01 for 10 MW.");
  });

  it("keeps steps inside the council to itself: assign, a first approval under four eyes, a return for review", () => {
    expect(noticesForEvent(event("application.assign", { from: "SUBMITTED", to: "UNDER_REVIEW" }), context)).toEqual([]);
    expect(noticesForEvent(event("application.approve", { from: "UNDER_REVIEW", to: "PENDING_SECOND_APPROVAL", fourEyes: true }), context)).toEqual([]);
    expect(noticesForEvent(event("application.return", { from: "PENDING_SECOND_APPROVAL", to: "UNDER_REVIEW" }), context)).toEqual([]);
    expect(noticesForEvent(event("document.declared", {}), context)).toEqual([]);
  });

  it("words licence changes with the reviewer's reason", () => {
    const [n] = noticesForEvent(event("licence.suspend", { from: "ACTIVE", to: "SUSPENDED", reason: "Inspection." }, "licence", "PCC-BTC-2026-000001"), context);
    expect(n).toMatchObject({ kind: "licence.suspended", subject: "Licence PCC-BTC-2026-000001 suspended (Indus Hash (Pvt) Ltd)" });
    expect(n.paragraphs[0]).toContain('The reason: "Inspection."');
  });

  it("tells of supervision: cases opened by a return or the late-returns job, a late return, an escalation's suspension, an extension", () => {
    const filed = noticesForEvent(event("return.file", { from: "DUE", to: "FILED", casesOpened: [{ caseId: "LIMIT_BREACH-L1-2026-05", kind: "LIMIT_BREACH" }] }, "return", "L1/2026-05"), context);
    expect(filed.map((n) => [n.kind, n.cause])).toEqual([["case.opened", "case:LIMIT_BREACH-L1-2026-05"]]);
    const late = noticesForEvent(event("return.mark-late", { from: "DUE", to: "LATE", dueAt: "2026-06-15T23:59:59.999Z", caseId: "LATE_RETURN-L1-2026-05" }, "return", "L1/2026-05"), context);
    expect(late.map((n) => n.kind)).toEqual(["return.late", "case.opened"]);
    expect(late[0].subject).toBe("Return 2026-05 for licence L1 is overdue");
    expect(late[1].paragraphs[0]).toContain("A LATE_RETURN case (LATE_RETURN-L1-2026-05)");
    const escalated = noticesForEvent(event("case.escalate", { from: "OPEN", to: "ESCALATED", licenceNumber: "L1", licenceSuspended: true, reason: "Repeated." }, "case", "c1"), context);
    expect(escalated.map((n) => n.kind)).toEqual(["licence.suspended"]);
    expect(noticesForEvent(event("case.escalate", { from: "OPEN", to: "ESCALATED", licenceNumber: "L1", reason: "x" }, "case", "c1"), context)).toEqual([]);
    const extended = noticesForEvent(event("extension.approve", { from: "PENDING", to: "APPROVED", expiresAt: "2027-09-01T00:00:00.000Z", reason: "ok" }, "extension", "L1"), context);
    expect(extended.map((n) => n.subject)).toEqual(["Licence L1 extended (Indus Hash (Pvt) Ltd)"]);
    expect(extended[0].paragraphs[0]).toContain("until 2027-09-01");
    expect(noticesForEvent(event("extension.refuse", { from: "PENDING", to: "REFUSED" }, "extension", "L1"), context)).toEqual([]);
    const varied = noticesForEvent(event("licence.vary", { from: 20, to: 12, reason: "Under-use." }, "licence", "L1"), context);
    expect(varied[0].paragraphs[0]).toContain("varied to 12 MW");
  });

  it("gives one id per cause and recipient", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (cause, a, b) => {
        fc.pre(a !== b);
        expect(noticeId(cause, a)).toBe(noticeId(cause, a));
        expect(noticeId(cause, a)).not.toBe(noticeId(cause, b));
      }),
    );
  });

  it("renders plain text and HTML with the same link, escaping what the firm or reviewer typed", () => {
    const { text, html, url } = renderNotice({ subject: "<b>x</b>", paragraphs: ['He said "<script>"'], link: "/applications/a" }, "https://registry.example");
    expect(url).toBe("https://registry.example/applications/a");
    expect(text).toContain('He said "<script>"');
    expect(html).toContain("He said &quot;&lt;script&gt;&quot;");
    expect(html).not.toContain("<script>");
    expect(html).toContain('href="https://registry.example/applications/a"');
  });
});

describe("reminders", () => {
  const licence = { licenceNumber: "PCC-BTC-2026-000001", applicationId: "app1", expiresAt: "2027-03-01T00:00:00.000Z" };
  const before = (days: number) => new Date(Date.parse(licence.expiresAt) - days * DAY).toISOString();

  it("owes each expiry threshold passed, and none before 60 days or after expiry", () => {
    expect(expiryReminders(licence, before(61))).toEqual([]);
    expect(expiryReminders(licence, before(60)).map((r) => r.cause)).toEqual([`expiry:${licence.licenceNumber}:${licence.expiresAt}:60`]);
    expect(expiryReminders(licence, before(13)).map((r) => r.subject)).toEqual([60, 30, 14].map((d) => `Licence ${licence.licenceNumber} expires in ${d} days`));
    expect(expiryReminders(licence, before(0.5)).at(-1)!.subject).toBe(`Licence ${licence.licenceNumber} expires in 1 day`);
    expect(expiryReminders(licence, before(0))).toEqual([]);
  });

  it("dates each reminder at its threshold, so the same threshold is the same notice whenever the job runs", () => {
    const early = expiryReminders(licence, before(29));
    const late = expiryReminders(licence, before(15));
    expect(late).toEqual(early);
    expect(early[1].at).toBe(before(30));
  });

  it("starts again after an extension moves the expiry", () => {
    const extended = { ...licence, expiresAt: "2027-06-01T00:00:00.000Z" };
    const causes = new Set(expiryReminders(licence, before(10)).map((r) => r.cause));
    expect(expiryReminders(extended, new Date(Date.parse(extended.expiresAt) - 10 * DAY).toISOString()).some((r) => causes.has(r.cause))).toBe(false);
  });

  it("reminds of returns due at 14 and 1 days", () => {
    const ret = { licenceNumber: licence.licenceNumber, applicationId: "app1", period: "2026-05", dueAt: "2026-06-15T23:59:59.999Z" };
    expect(returnDueReminders(ret, "2026-06-01T00:00:00.000Z")).toEqual([]);
    expect(returnDueReminders(ret, "2026-06-02T00:00:00.000Z").map((r) => r.kind)).toEqual(["return.due"]);
    expect(returnDueReminders(ret, "2026-06-15T12:00:00.000Z")).toHaveLength(2);
  });
});

describe("the register feed", () => {
  it("has one entry per register change: issued, suspended, reinstated, revoked, expired, surrendered", () => {
    const issued = feedEntryFor(event("application.confirm-approval", { from: "PENDING_SECOND_APPROVAL", to: "APPROVED", licenceNumber: "PCC-AIDC-2026-000002" }), "Ravi Compute");
    expect(issued).toMatchObject({ licenceNumber: "PCC-AIDC-2026-000002", status: "ACTIVE", title: "Licence PCC-AIDC-2026-000002 (Ravi Compute) issued" });
    const changes = ["SUSPENDED", "REVOKED", "EXPIRED", "SURRENDERED", "GRADUATED", "EXITED"].map((to) => feedEntryFor(event(`licence.x`, { from: "ACTIVE", to }, "licence", "L1"))?.title);
    expect(changes).toEqual(["Licence L1 suspended", "Licence L1 revoked", "Licence L1 expired", "Licence L1 surrendered", "Licence L1 graduated", "Licence L1 exited"]);
    expect(feedEntryFor(event("licence.reinstate", { from: "SUSPENDED", to: "ACTIVE" }, "licence", "L1"))?.title).toBe("Licence L1 reinstated");
    expect(feedEntryFor(event("application.submit", { from: "DRAFT", to: "SUBMITTED" }))).toBeUndefined();
    expect(feedEntryFor(event("exit.decide", { from: "REPORTED", to: "DECIDED", outcome: "GRADUATED" }, "exit", "L2"))?.title).toBe("Licence L2 graduated");
    expect(feedEntryFor(event("case.escalate", { from: "OPEN", to: "ESCALATED", licenceNumber: "L3", licenceSuspended: true }, "case", "c9"))?.title).toBe("Licence L3 suspended");
  });

  it("is Atom 1.0 that a feed parser reads, with names escaped", () => {
    const entry = feedEntryFor(event("licence.suspend", { from: "ACTIVE", to: "SUSPENDED" }, "licence", "PCC-BTC-2026-000001"), "A & B <Mining>")!;
    const xml = atomFeed([entry], "https://registry.example/", "2026-03-02T00:00:00.000Z");
    const feed = parseFeed(xml);
    expect(feed.meta.type).toBe("atom");
    expect(feed.title).toBe("Sandbox register: licence changes");
    expect(feed.items[0].title).toBe("Licence PCC-BTC-2026-000001 (A & B <Mining>) suspended");
    expect(feed.items[0].url).toBe("https://registry.example/register/PCC-BTC-2026-000001");
    expect(feed.items[0].id).toBe("urn:sandbox-registry:register:event:e7");
    expect(atomFeed([], "https://registry.example", "2026-03-02T00:00:00.000Z")).toContain("<updated>2026-03-02T00:00:00.000Z</updated>");
  });
});
