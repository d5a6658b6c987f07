import { expiryReminders, returnDueReminders, type NoticeDraft } from "../domain/notices.ts";
import { unfiledReturnsDue } from "./returns.ts";
import { listExpiringBy } from "../store/licences.ts";
import { getApplication } from "../store/applications.ts";
import { clock } from "../store/clock.ts";
import { notify } from "./notifications.ts";
import { notifierSettings, type NotifierSettings } from "./notice-settings.ts";

// The daily reminders job: every threshold that has passed and was not sent yet (licence expiry at
// 60, 30, 14 and 1 days; returns due at 14 and 1 days, and overdue), once per threshold however often
// it runs: a reminder's cause names the threshold, and notify() writes a cause once per recipient.

const DAY_MS = 86_400_000;
const LONGEST_EXPIRY_REMINDER_DAYS = 60;

export interface ReminderRun {
  considered: number;
  sent: number;
}

/** A source of reminders: drafts with the licence they concern. */
type ReminderSource = (now: string) => AsyncIterable<{ licenceNumber: string; applicationId: string; drafts: NoticeDraft[] }>;

const sources: ReminderSource[] = [expiringLicences, returnsDue];

async function* returnsDue(now: string) {
  for await (const { licence, period, dueAt } of unfiledReturnsDue(now)) {
    yield { licenceNumber: licence.licenceNumber, applicationId: licence.applicationId, drafts: returnDueReminders({ licenceNumber: licence.licenceNumber, applicationId: licence.applicationId, period, dueAt }, now) };
  }
}

async function* expiringLicences(now: string) {
  const until = new Date(Date.parse(now) + LONGEST_EXPIRY_REMINDER_DAYS * DAY_MS).toISOString();
  let cursor: string | undefined;
  do {
    const page = await listExpiringBy(until, 100, cursor);
    for (const licence of page.items) {
      if (licence.status !== "ACTIVE" && licence.status !== "SUSPENDED") continue;
      yield { licenceNumber: licence.licenceNumber, applicationId: licence.applicationId, drafts: expiryReminders(licence, now) };
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

export async function runReminders(settings: NotifierSettings = notifierSettings(), now = clock.now().toISOString()): Promise<ReminderRun> {
  const run: ReminderRun = { considered: 0, sent: 0 };
  for (const source of sources) {
    for await (const { applicationId, drafts } of source(now)) {
      run.considered++;
      if (drafts.length === 0) continue;
      const application = await getApplication(applicationId);
      if (!application) continue;
      const recipient = { sub: application.ownerSub, email: application.organisation?.contactEmail, legalName: application.organisation?.legalName };
      for (const draft of drafts) if (await notify(draft, recipient, settings)) run.sent++;
    }
  }
  return run;
}
