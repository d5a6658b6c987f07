import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFeed } from "@rowanmanning/feed-parser";
import { startTestApi, type TestApi } from "../support/api.ts";
import { publishRoundApi, reviewerAction, submitApplicationApi } from "../support/journey.ts";
import { startMailDev, type MailDev } from "../../local/maildev.ts";
import { groupAlive } from "../../local/process-group.ts";
import { deliverMail, runNotifier } from "../../lambdas/services/notifications.ts";
import { runReminders } from "../../lambdas/services/reminders.ts";
import { resetMailer, type Mailer } from "../../lambdas/store/mailer.ts";
import { noticeTag } from "../../lambdas/store/notifications.ts";
import { handler as mailFeedback } from "../../lambdas/jobs/mail-feedback.ts";
import { readFileSync } from "node:fs";

// Notices end to end: real events from the API journey -> the notifier -> real SMTP into MailDev and
// the in-app inbox, each once however often the notifier and the reminders job run.

let api: TestApi;
let mail: MailDev;
const CONTACT = "compliance@notify-firm.example";
const settings = { siteUrl: "http://registry.test", infoResponseDays: 30 };

interface MailDevEmail {
  subject: string;
  text: string;
  html: string;
  to: { address: string }[];
  headers: Record<string, string>;
}

async function inbox(): Promise<MailDevEmail[]> {
  const response = await fetch(`${mail.url}/email`);
  return (await response.json()) as MailDevEmail[];
}

async function notices(token: "applicantA" | "applicantB") {
  const res = await api.request("GET", "/api/notifications?limit=100", { token });
  expect(res.status).toBe(200);
  return res.json.items as { notificationId: string; at: string; kind: string; subject: string; body: string; entityId: string; email: { to: string; status: string } }[];
}

let applicationId = "";
let licenceNumber = "";
let expiresAt = "";

beforeAll(async () => {
  mail = await startMailDev({ webPort: 0 });
  Object.assign(process.env, { MAIL_TRANSPORT: "smtp", SMTP_HOST: "127.0.0.1", SMTP_PORT: String(mail.smtpPort) });
  resetMailer();
  api = await startTestApi();
  await publishRoundApi(api, [{ region: "LESCO", category: "BITCOIN_MINING", mw: 100 }]);
  const token = await api.token("applicantA");
  const submitted = await submitApplicationApi(api, token, "BITCOIN_MINING", { organisation: { legalName: "Notify Mining (Pvt) Ltd", registrationNumber: "0099887", taxNumber: "7654321-0", address: "1 Mall Road, Lahore", contactEmail: CONTACT }, energy: { region: "LESCO", requestedMw: 10, startDate: "2026-01-15", curtailable: true } });
  applicationId = submitted.id;
  const reviewer = await api.token("reviewer1");
  expect((await reviewerAction(api, reviewer, applicationId, "assign")).status).toBe(200);
  expect((await reviewerAction(api, reviewer, applicationId, "request-info", { message: "Send the grid study's annex B." })).status).toBe(200);
  expect((await api.request("POST", `/api/applications/${applicationId}/respond`, { token, body: { message: "Uploaded annex B." } })).status).toBe(200);
  const approved = await reviewerAction(api, reviewer, applicationId, "decision", { decision: "approve", reason: "Meets the sandbox criteria.", approvedMw: 10 });
  expect(approved.status).toBe(200);
  licenceNumber = approved.json.licenceNumber;
  const suspended = await api.request("POST", `/api/licences/${licenceNumber}/suspend`, { token: "reviewer1", body: { reason: "Site inspection pending." } });
  expect(suspended.status).toBe(200);
  expiresAt = suspended.json.expiresAt;
}, 120_000);

afterAll(async () => {
  await api?.close();
  await mail?.stop();
});

describe("notifications", () => {
  it("tells the firm of every change that concerns it, in the inbox and by mail, each once", async () => {
    // Events are read once sequenced; a few passes give the sequencer (where there is one) time.
    let total = 0;
    for (let i = 0; i < 20 && total < 5; i++) {
      total += (await runNotifier(settings)).notices;
      if (total < 5) await new Promise((r) => setTimeout(r, 250));
    }
    const kinds = (await notices("applicantA")).map((n) => n.kind).sort();
    expect(kinds).toEqual(["application.decided", "application.info_requested", "application.submitted", "licence.issued", "licence.suspended"].sort());

    // Retried: nothing new, in the inbox or in the mail.
    const again = await runNotifier(settings);
    expect(again.notices).toBe(0);
    expect(again.sent).toBe(0);
    const mails = (await inbox()).filter((m) => m.to.some((t) => t.address === CONTACT));
    expect(mails.map((m) => m.subject).sort()).toEqual((await notices("applicantA")).map((n) => n.subject).sort());
    const info = mails.find((m) => m.subject.startsWith("Information requested"))!;
    expect(info.text).toContain("Send the grid study's annex B.");
    expect(info.text).toMatch(/Please answer by \d{4}-\d{2}-\d{2} \(30 days\)/);
    expect(info.text).toContain(`http://registry.test/applications/${applicationId}`);
    expect(info.html).toContain(`<a href="http://registry.test/applications/${applicationId}"`);
    expect((await notices("applicantA")).every((n) => n.email.status === "SENT" && n.email.to === CONTACT)).toBe(true);
  });

  it("shows a firm only its own notices", async () => {
    expect(await notices("applicantB")).toEqual([]);
    expect((await api.request("GET", "/api/notifications")).status).toBe(401);
    expect((await api.request("GET", "/api/notifications", { token: "reviewer1" })).status).toBe(403);
  });

  it("reminds of expiry once per threshold passed, however often the job runs", async () => {
    const at = (days: number) => new Date(Date.parse(expiresAt) - days * 86_400_000).toISOString();
    // Returns fall due over the licence's year too; these checks count the expiry reminders only.
    const expiringCount = async () => (await notices("applicantA")).filter((n) => n.kind === "licence.expiring").length;
    await runReminders(settings, at(20)); // 60 and 30 days have passed
    expect(await expiringCount()).toBe(2);
    await runReminders(settings, at(19));
    expect(await expiringCount()).toBe(2);
    await runReminders(settings, at(10)); // 14
    expect(await expiringCount()).toBe(3);
    const expiring = (await notices("applicantA")).filter((n) => n.kind === "licence.expiring");
    expect(expiring.map((n) => n.subject).sort()).toEqual([`Licence ${licenceNumber} expires in 14 days`, `Licence ${licenceNumber} expires in 30 days`, `Licence ${licenceNumber} expires in 60 days`]);
    await runNotifier(settings);
    const mailed = (await inbox()).filter((m) => m.subject.includes("expires in"));
    expect(mailed).toHaveLength(3);
  });

  it("retries a failed send, then shows it as FAILED without sending it twice", async () => {
    await runReminders(settings, new Date(Date.parse(expiresAt) - 0.5 * 86_400_000).toISOString()); // the 1-day reminder
    let attempts = 0;
    const broken: Mailer = {
      send: async (mail) => {
        if (mail.subject.endsWith("expires in 1 day")) attempts++;
        throw new Error("451 try again later");
      },
    };
    let wall = Date.now();
    for (let i = 0; i < 8; i++) {
      await deliverMail(broken, 50, () => wall);
      wall += 2 * 60 * 60_000; // past any backoff
    }
    expect(attempts).toBe(5);
    const oneDay = (await notices("applicantA")).find((n) => n.subject.endsWith("expires in 1 day"))!;
    expect(oneDay.email.status).toBe("FAILED");
    expect((await inbox()).some((m) => m.subject.endsWith("expires in 1 day"))).toBe(false);
  });

  it("records an SES bounce on the notice it names (recorded EventBridge event)", async () => {
    const suspended = (await notices("applicantA")).find((n) => n.kind === "licence.suspended")!;
    const tag = noticeTag({ recipientSub: "applicant-a", at: suspended.at, notificationId: suspended.notificationId });
    const fixture = readFileSync(new URL("../events/ses-bounce-eventbridge.json", import.meta.url), "utf8").replace("__NOTICE_TAG__", tag);
    expect(await mailFeedback(JSON.parse(fixture))).toEqual({ recorded: true });
    const after = (await notices("applicantA")).find((n) => n.notificationId === suspended.notificationId)!;
    expect(after.email.status).toBe("FAILED");
    // A tag that is not one of ours changes nothing.
    expect(await mailFeedback(JSON.parse(fixture.replace(/"notice": \[".*?"\]/, '"notice": ["bm90LW91cnM"]')))).toEqual({ recorded: false });
  });

  it("publishes register changes as a valid Atom feed", async () => {
    const res = await api.request("GET", "/api/register/feed.atom");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/atom\+xml/);
    const feed = parseFeed(res.text);
    expect(feed.meta.type).toBe("atom");
    const mine = feed.items.filter((item) => item.title?.includes(licenceNumber));
    expect(mine.map((item) => item.title)).toEqual([`Licence ${licenceNumber} (Notify Mining (Pvt) Ltd) suspended`, `Licence ${licenceNumber} (Notify Mining (Pvt) Ltd) issued`]);
    expect(mine[0].url).toBe(`http://127.0.0.1:3000/register/${licenceNumber}`.replace("http://127.0.0.1:3000", process.env.SITE_URL || "http://127.0.0.1:3000"));
    expect(new Set(feed.items.map((item) => item.id)).size).toBe(feed.items.length);
  });

  it("stops MailDev with its whole process group", async () => {
    const probe = await startMailDev({ webPort: 0 });
    expect(groupAlive(probe.pid)).toBe(true);
    await probe.stop();
    expect(groupAlive(probe.pid)).toBe(false);
  });
});
