import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/api.ts";
import { assignAndApproveApi, publishRoundApi, submitApplicationApi } from "../support/journey.ts";
import { startMailDev, type MailDev } from "../../local/maildev.ts";
import { resetMailer } from "../../lambdas/store/mailer.ts";
import { clock } from "../../lambdas/store/clock.ts";

// Reminders as a demo drives them, through the local-only routes only: move the dev clock, trigger the
// daily reminders job and the notifier by name, read the inbox and MailDev. No service is called
// directly, so the job wiring (POST /api/dev/jobs/{jobId}) and the product clock are what is tested.

let api: TestApi;
let mail: MailDev;
const realNow = clock.now;
const DAY = 86_400_000;
const CONTACT = "ops@reminder-firm.example";
let licenceNumber = "";
let expiresAt = "";

async function inbox(): Promise<{ subject: string; to: { address: string }[] }[]> {
  return (await (await fetch(`${mail.url}/email`)).json()) as { subject: string; to: { address: string }[] }[];
}

async function notices() {
  const res = await api.request("GET", "/api/notifications?limit=100", { token: "applicantA" });
  expect(res.status).toBe(200);
  return res.json.items as { kind: string; subject: string; entityId: string; email: { status: string } }[];
}

async function runJob(jobId: string) {
  const ran = await api.request("POST", `/api/dev/jobs/${jobId}`);
  expect(ran.status, jobId).toBe(200);
  expect(ran.json.jobId).toBe(jobId);
}

beforeAll(async () => {
  mail = await startMailDev({ webPort: 0 });
  Object.assign(process.env, { MAIL_TRANSPORT: "smtp", SMTP_HOST: "127.0.0.1", SMTP_PORT: String(mail.smtpPort) });
  resetMailer();
  api = await startTestApi();
  await publishRoundApi(api, [{ region: "MEPCO", category: "AI_DATA_CENTRE", mw: 50 }]);
  const token = await api.token("applicantA");
  const submitted = await submitApplicationApi(api, token, "AI_DATA_CENTRE", {
    organisation: { legalName: "Reminder Compute (Pvt) Ltd", registrationNumber: "0077123", taxNumber: "1234567-8", address: "2 Bosan Road, Multan", contactEmail: CONTACT },
    energy: { region: "MEPCO", requestedMw: 5, startDate: "2026-01-15", curtailable: false },
  });
  const licence = await assignAndApproveApi(api, await api.token("reviewer1"), submitted.id, { approvedMw: 5 });
  licenceNumber = licence.licenceNumber;
  expiresAt = (await api.request("GET", `/api/licences/${licenceNumber}`, { token: "applicantA" })).json.expiresAt;
}, 120_000);

afterAll(async () => {
  clock.now = realNow;
  await api?.close();
  await mail?.stop();
});

describe("reminders through the dev clock and the job trigger", () => {
  it("sends each expiry threshold that has passed once, in the inbox and by mail, however often the job runs", async () => {
    const expiring = async () => (await notices()).filter((n) => n.kind === "licence.expiring" && n.entityId === licenceNumber);
    expect(await expiring()).toHaveLength(0);

    // 20 days before expiry: the 60- and 30-day reminders are due, the 14-day one is not.
    const moved = await api.request("POST", "/api/dev/clock", { body: { now: new Date(Date.parse(expiresAt) - 20 * DAY).toISOString() } });
    expect(moved.status).toBe(200);
    await runJob("reminders");
    await runJob("reminders");
    expect((await expiring()).map((n) => n.subject).sort()).toEqual([`Licence ${licenceNumber} expires in 30 days`, `Licence ${licenceNumber} expires in 60 days`]);

    // A week later the 14-day threshold has passed too: one more, and only one.
    await api.request("POST", "/api/dev/clock", { body: { advanceDays: 7 } });
    await runJob("reminders");
    expect(await expiring()).toHaveLength(3);

    await runJob("notifier");
    const mailed = (await inbox()).filter((m) => m.subject.includes(`Licence ${licenceNumber} expires in`));
    expect(mailed.map((m) => m.subject).sort()).toEqual([
      `Licence ${licenceNumber} expires in 14 days`,
      `Licence ${licenceNumber} expires in 30 days`,
      `Licence ${licenceNumber} expires in 60 days`,
    ]);
    expect(mailed.every((m) => m.to.some((t) => t.address === CONTACT))).toBe(true);
    await runJob("notifier");
    expect((await inbox()).filter((m) => m.subject.includes(`Licence ${licenceNumber} expires in`))).toHaveLength(3);
    expect((await expiring()).every((n) => n.email.status === "SENT")).toBe(true);
  });

  it("reminds of a return falling due, from the same daily job", async () => {
    const due = (await notices()).filter((n) => n.kind === "return.due");
    // Monthly or quarterly, the licence's returns fell due many times over the year the clock skipped.
    expect(due.length).toBeGreaterThan(0);
    expect(due.every((n) => n.entityId.startsWith(licenceNumber))).toBe(true);
  });
});
