import { noticesForEvent, noticeId, renderNotice, type CommittedEvent, type NoticeDraft, type Recipient } from "../domain/notices.ts";
import { listEvents } from "../store/audit.ts";
import { getApplication } from "../store/applications.ts";
import { getLicence } from "../store/licences.ts";
import { mailer as defaultMailer, type Mailer } from "../store/mailer.ts";
import {
  advanceNotifierCursor,
  claimMail,
  listUnsettledMail,
  markFailed,
  markSent,
  noticeTag,
  putFeedEntry,
  putNoticeOnce,
  readNotifierCursor,
  type Notice,
} from "../store/notifications.ts";
import { feedEntryFor } from "../domain/register-feed.ts";
import { logger } from "../middleware/logger.ts";
import { notifierSettings, type NotifierSettings } from "./notice-settings.ts";

// The notifier: walks the sequenced audit events after its cursor, writes each notice a firm is owed
// (once per cause and recipient) and each register change for the public feed, then sends the mail.
// It runs after the change committed and apart from it, so a change is never held up or undone by mail.

interface Firm extends Recipient {
  applicationId: string;
}

/** The firm behind an application id. */
async function firmOfApplication(applicationId: string): Promise<Firm | undefined> {
  const application = await getApplication(applicationId);
  if (!application) return undefined;
  return { applicationId, sub: application.ownerSub, email: application.organisation?.contactEmail, legalName: application.organisation?.legalName };
}

async function firmOfLicence(licenceNumber: string): Promise<Firm | undefined> {
  const licence = await getLicence(licenceNumber);
  return licence ? firmOfApplication(licence.applicationId) : undefined;
}

/** Every firm an event concerns: the application's, the licence's, or each targeted licence's. */
async function firmsOf(event: CommittedEvent): Promise<Firm[]> {
  if (event.entityType === "application") return compact([await firmOfApplication(event.entityId)]);
  if (event.entityType === "licence") return compact([await firmOfLicence(event.entityId)]);
  // Supervision records are keyed by their licence (extension, exit: the number; a return: number/period).
  if (event.entityType === "extension" || event.entityType === "exit" || event.entityType === "return" || event.entityType === "milestone") {
    return compact([await firmOfLicence(event.entityId.split("/")[0])]);
  }
  const targets = Array.isArray(event.data.targets) ? event.data.targets.filter((t): t is string => typeof t === "string") : [];
  const numbers = targets.length ? targets : typeof event.data.licenceNumber === "string" ? [event.data.licenceNumber] : [];
  const firms = compact(await Promise.all(numbers.map(firmOfLicence)));
  return [...new Map(firms.map((f) => [f.sub, f])).values()];
}

const compact = <T>(values: (T | undefined)[]): T[] => values.filter((v): v is T => v !== undefined);

/** Writes a notice for one recipient unless its cause already reached them; true when new. */
export async function notify(draft: NoticeDraft, recipient: Recipient, settings: NotifierSettings): Promise<boolean> {
  const id = noticeId(draft.cause, recipient.sub);
  const { text, html, url } = renderNotice(draft, settings.siteUrl);
  const notice: Notice = {
    notificationId: id,
    at: draft.at,
    kind: draft.kind,
    subject: draft.subject,
    body: text,
    html,
    url,
    entityType: draft.entityType,
    entityId: draft.entityId,
    recipientSub: recipient.sub,
    cause: draft.cause,
    // A firm without a contact address still gets the in-app notice; the mail is settled as failed.
    email: recipient.email ? { to: recipient.email, status: "PENDING" } : { to: "", status: "FAILED" },
    attempts: 0,
    ...(recipient.email ? {} : { lastError: "the application has no contact address" }),
  };
  return putNoticeOnce(notice);
}

export interface NotifierRun {
  events: number;
  notices: number;
  feedEntries: number;
  lastSeq: number;
}

/**
 * Derives notices and feed entries from up to `maxEvents` events after the cursor. At least once
 * per event (the cursor moves after the writes), and the writes are idempotent, so a crash or a
 * second notifier repeats work but never a notice.
 */
export async function deriveFromEvents(settings = notifierSettings(), maxEvents = 500): Promise<NotifierRun> {
  const run: NotifierRun = { events: 0, notices: 0, feedEntries: 0, lastSeq: await readNotifierCursor() };
  while (run.events < maxEvents) {
    const page = await listEvents(run.lastSeq, Math.min(100, maxEvents - run.events));
    if (page.items.length === 0) break;
    for (const event of page.items) {
      const derived = await deriveOne(event, settings);
      run.notices += derived.notices;
      run.feedEntries += derived.feedEntries;
    }
    const last = page.items[page.items.length - 1].seq;
    if (!(await advanceNotifierCursor(run.lastSeq, last))) {
      // Another notifier got there first; what we wrote was idempotent, so stop and let it lead.
      run.lastSeq = await readNotifierCursor();
      break;
    }
    run.events += page.items.length;
    run.lastSeq = last;
    if (page.nextAfterSeq === null) break;
  }
  return run;
}

async function deriveOne(event: CommittedEvent, settings: NotifierSettings): Promise<{ notices: number; feedEntries: number }> {
  let notices = 0;
  let feedEntries = 0;
  const firms = await firmsOf(event);
  for (const firm of firms) {
    const drafts = noticesForEvent(event, { applicationId: firm.applicationId, legalName: firm.legalName, infoResponseDays: settings.infoResponseDays });
    for (const draft of drafts) if (await notify(draft, firm, settings)) notices++;
  }
  const entry = feedEntryFor(event, firms[0]?.legalName);
  if (entry) {
    await putFeedEntry(entry);
    feedEntries++;
  }
  return { notices, feedEntries };
}

const MAX_ATTEMPTS = 5;
/** A send claimed this long ago and never settled was interrupted: it may have left, so it is never retried. */
const STALE_CLAIM_MS = 5 * 60_000;

export interface DeliveryRun {
  sent: number;
  failed: number;
  retrying: number;
}

/**
 * Sends the mail of unsettled notices. Each send is claimed first (PENDING -> SENDING, conditioned),
 * so a retried or concurrent sender never mails a notice twice; a failure is retried with backoff up
 * to MAX_ATTEMPTS, then shown as FAILED. Retry timing is the operator's wall clock, not the product's.
 */
export async function deliverMail(send?: Mailer, limit = 50, wallNow: () => number = Date.now): Promise<DeliveryRun> {
  const run: DeliveryRun = { sent: 0, failed: 0, retrying: 0 };
  const unsettled = await listUnsettledMail(limit);
  if (unsettled.length === 0) return run;
  const transport = send ?? (await defaultMailer());
  for (const notice of unsettled) {
    const now = new Date(wallNow()).toISOString();
    if (notice.email.status === "SENDING") {
      if (notice.claimedAt && wallNow() - Date.parse(notice.claimedAt) > STALE_CLAIM_MS) {
        if (await markFailed(notice, "interrupted while sending; not retried so that it is never sent twice", true)) run.failed++;
      }
      continue;
    }
    if (notice.nextAttemptAt && notice.nextAttemptAt > now) continue;
    if (!(await claimMail(notice, now))) continue;
    try {
      const messageId = await transport.send({ to: notice.email.to, subject: notice.subject, text: notice.body, html: notice.html, messageId: `<${notice.notificationId}@sandbox-registry>`, tag: noticeTag(notice) });
      await markSent(notice, new Date(wallNow()).toISOString(), messageId);
      run.sent++;
    } catch (error) {
      const final = notice.attempts + 1 >= MAX_ATTEMPTS;
      const delayMs = Math.min(60 * 60_000, 30_000 * 2 ** notice.attempts);
      await markFailed(notice, (error as Error).message ?? String(error), final, new Date(wallNow() + delayMs).toISOString());
      logger.warn("mail send failed", { notificationId: notice.notificationId, attempts: notice.attempts + 1, final });
      if (final) run.failed++;
      else run.retrying++;
    }
  }
  return run;
}

/** One notifier pass: derive, then deliver. */
export async function runNotifier(settings = notifierSettings(), send?: Mailer): Promise<NotifierRun & DeliveryRun> {
  const derived = await deriveFromEvents(settings);
  const delivered = await deliverMail(send);
  if (derived.notices || delivered.sent || delivered.failed) logger.info("notifier", { ...derived, ...delivered });
  return { ...derived, ...delivered };
}
