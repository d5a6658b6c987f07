import { createHash } from "node:crypto";

// What a firm is told, and why: pure rules from a committed audit event (or a reminder threshold) to
// the notices it causes. Each notice names its cause; the notice's id is a hash of the cause and the
// recipient, so however often the notifier or the reminders job runs, a cause reaches a recipient once.

export const NOTICE_KINDS = [
  "application.submitted",
  "application.info_requested",
  "application.decided",
  "licence.issued",
  "licence.suspended",
  "licence.reinstated",
  "licence.revoked",
  "licence.varied",
  "licence.extended",
  "licence.expiring",
  "return.due",
  "return.late",
  "case.opened",
  "curtailment.declared",
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** The firm a notice goes to: the account that applied and the application's contact address. */
export interface Recipient {
  sub: string;
  email?: string;
  legalName?: string;
}

export interface NoticeDraft {
  kind: NoticeKind;
  /** Stable and unique per reason to tell the firm: an event id, or a reminder's entity + threshold. */
  cause: string;
  /** When it happened (the event's time, or the moment a reminder threshold was crossed). */
  at: string;
  subject: string;
  /** What happened, what the firm must do and by when: one paragraph each. */
  paragraphs: string[];
  /** The web app's page for it, a path such as /applications/<id>. */
  link: string;
  entityType: string;
  entityId: string;
}

/** The audit event fields the rules read: the same in the hash-chained and the transparency-log format. */
export interface CommittedEvent {
  eventId?: string;
  seq?: number;
  at: string;
  action: string;
  entityType: string;
  entityId: string;
  data: Record<string, unknown>;
}

export function noticeId(cause: string, recipientSub: string): string {
  return createHash("sha256").update(`${cause}\n${recipientSub}`).digest("hex").slice(0, 32);
}

/** An event's identity as a cause: its eventId, else its sequence number. */
export function eventCause(event: CommittedEvent): string {
  return event.eventId ? `event:${event.eventId}` : `event:seq:${event.seq}`;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const day = (iso: string | undefined): string => (iso ? iso.slice(0, 10) : "");
const addDays = (iso: string, days: number): string => new Date(Date.parse(iso) + days * 86_400_000).toISOString();

export interface EventContext {
  /** The application's id and its public reference (legal name) for wording. */
  applicationId: string;
  legalName?: string;
  /** Days a firm has to answer an information request. */
  infoResponseDays: number;
}

/**
 * The notice an event causes for the firm, or none. Events the firm caused itself (create, edit,
 * document uploads) and steps inside the council (assign, a first approval under four eyes, a return
 * for review) tell the firm nothing new.
 */
export function noticesForEvent(event: CommittedEvent, context: EventContext): NoticeDraft[] {
  const drafts: NoticeDraft[] = casesOpenedBy(event, context);
  const main = noticeForEvent(event, context);
  if (!main) return drafts;
  drafts.unshift({ ...main, cause: `${eventCause(event)}:${main.kind}` });
  // An approval issues the licence in the same change: the firm is told of both, each once.
  const licenceNumber = typeof event.data.licenceNumber === "string" ? event.data.licenceNumber : undefined;
  if (main.kind === "application.decided" && event.data.to === "APPROVED" && licenceNumber) {
    const d = event.data;
    drafts.push({
      ...main,
      kind: "licence.issued",
      cause: `${eventCause(event)}:licence.issued`,
      subject: `Licence ${licenceNumber} issued${context.legalName ? ` (${context.legalName})` : ""}`,
      paragraphs: [
        `Licence ${licenceNumber} was issued on ${day(event.at)}${typeof d.approvedMw === "number" ? ` for ${d.approvedMw} MW` : ""}.`,
        "Keep to its conditions and file a periodic return for every reporting period from the first.",
        `It expires on ${day(str(d.expiresAt))}.`,
      ],
      link: `/applications/${context.applicationId}`,
    });
  }
  return drafts;
}

/**
 * A compliance case opens inside the change that caused it (a return, an incident, the late-returns
 * job), so its notice comes from that change's event: one per case, caused by the case itself.
 */
function casesOpenedBy(event: CommittedEvent, context: EventContext): NoticeDraft[] {
  const d = event.data;
  const listed = Array.isArray(d.casesOpened) ? d.casesOpened : [];
  const cases = [...listed, ...(typeof d.caseId === "string" && event.entityType !== "case" ? [{ caseId: d.caseId, kind: caseKindOf(d.caseId) }] : [])].filter(
    (c): c is { caseId: string; kind?: string } => !!c && typeof (c as { caseId?: unknown }).caseId === "string",
  );
  const licenceNumber = str(d.licenceNumber) ?? event.entityId.split("/")[0];
  return cases.map((c) => ({
    kind: "case.opened" as const,
    cause: `case:${c.caseId}`,
    at: event.at,
    subject: `A compliance case was opened on licence ${licenceNumber}`,
    paragraphs: [
      `A ${c.kind ?? "compliance"} case (${c.caseId}) was opened on ${day(event.at)}.`,
      "Read its cause on your licence's page; a reviewer may contact you, resolve it or escalate it.",
      "Nothing is due from you unless a reviewer asks.",
    ],
    link: `/applications/${context.applicationId}`,
    entityType: "case",
    entityId: c.caseId,
  }));
}

/** Case ids of automatic cases start with their kind (LATE_RETURN-<licence>-<period>). */
const caseKindOf = (caseId: string): string | undefined => /^([A-Z_]+)-/.exec(caseId)?.[1];

function noticeForEvent(event: CommittedEvent, context: EventContext): Omit<NoticeDraft, "cause"> | undefined {
  const d = event.data;
  const name = context.legalName ? ` (${context.legalName})` : "";
  const app = `/applications/${context.applicationId}`;
  const base = { at: event.at, entityType: event.entityType, entityId: event.entityId };
  const licenceNumber = str(d.licenceNumber) ?? (event.entityType === "licence" ? event.entityId : undefined);
  // The firm's application page shows its licence too, so every notice links there.
  const licencePage = app;
  switch (event.action) {
    case "application.submit":
      return {
        ...base,
        kind: "application.submitted",
        subject: `Application received${name}`,
        paragraphs: [
          `We received your application ${context.applicationId}${name} on ${day(event.at)}.`,
          "You need to do nothing now; a reviewer will take it up and may ask you for information.",
          `The council decides within its service level of 60 days, the clock paused while it waits for your answers.`,
        ],
        link: app,
      };
    case "application.request-info": {
      const deadline = day(addDays(event.at, context.infoResponseDays));
      return {
        ...base,
        kind: "application.info_requested",
        subject: `Information requested on your application${name}`,
        paragraphs: [
          `A reviewer asks: "${str(d.message) ?? ""}"`,
          "Answer on the application's page; you may also correct the form or upload documents while it waits for you.",
          `Please answer by ${deadline} (${context.infoResponseDays} days).`,
        ],
        link: app,
      };
    }
    case "application.approve":
    case "application.confirm-approval":
    case "application.reject": {
      if (d.to !== "APPROVED" && d.to !== "REJECTED") return undefined; // a first approval under four eyes is internal
      const approved = d.to === "APPROVED";
      return {
        ...base,
        kind: "application.decided",
        subject: `Decision on your application${name}: ${approved ? "approved" : "rejected"}`,
        paragraphs: [
          approved
            ? `Your application ${context.applicationId}${name} was approved${licenceNumber ? `; licence ${licenceNumber} is issued` : ""}.`
            : `Your application ${context.applicationId}${name} was rejected. The reviewer's reason: "${str(d.reason) ?? ""}"`,
          approved ? "Read the licence's conditions and testing window on its page." : "You may apply again once the reason is addressed.",
          approved ? `The licence runs until ${day(str(d.expiresAt))}.` : "There is no deadline.",
        ],
        link: approved ? licencePage : app,
      };
    }
    case "licence.suspend":
    case "licence.reinstate":
    case "licence.revoke":
    case "licence.vary":
    case "licence.extension-approve":
      return licenceChange(event, base, licenceNumber ?? event.entityId, name, app);
    case "case.escalate":
      // Escalation suspends the licence in the same change: the firm is told of the suspension.
      if (d.licenceSuspended !== true || !str(d.licenceNumber)) return undefined;
      return licenceChange({ ...event, action: "licence.suspend", data: { ...d, reason: `Case ${event.entityId} escalated: ${str(d.reason) ?? ""}` } }, base, str(d.licenceNumber)!, name, app);
    case "extension.approve":
      return licenceChange({ ...event, action: "licence.extension-approve" }, base, event.entityId, name, app);
    case "return.mark-late": {
      const [licence, period] = event.entityId.split("/");
      return {
        ...base,
        kind: "return.late",
        subject: `Return ${period} for licence ${licence} is overdue`,
        paragraphs: [
          `The periodic return for ${period} of licence ${licence} was due on ${day(str(d.dueAt))} and has not been filed.`,
          "File it now on your licence's page; a late-return compliance case has been opened.",
          "It is already overdue: file it as soon as you can.",
        ],
        link: app,
      };
    }
    case "curtailment.declare":
    case "curtailment.declared":
      return {
        ...base,
        kind: "curtailment.declared",
        subject: `Curtailment in ${str(d.region) ?? "your region"}: reduce load by ${String(d.reductionPercent ?? "")} %`,
        paragraphs: [
          `The grid operator declared a curtailment from ${str(d.startsAt) ?? ""} to ${str(d.endsAt) ?? ""}: ${str(d.reason) ?? ""}`,
          `Acknowledge it on your licence's page and reduce your load by ${String(d.reductionPercent ?? "")} % for its duration.`,
          `Acknowledge before ${str(d.startsAt) ?? "it starts"}.`,
        ],
        link: licencePage,
      };
    default:
      return undefined;
  }
}

const LICENCE_WORDS: Record<string, { kind: NoticeKind; verb: string; todo: string }> = {
  "licence.suspend": { kind: "licence.suspended", verb: "suspended", todo: "Stop the activities the licence covers until it is reinstated; answer the council's concerns." },
  "licence.reinstate": { kind: "licence.reinstated", verb: "reinstated", todo: "You may resume the activities the licence covers, within its conditions." },
  "licence.revoke": { kind: "licence.revoked", verb: "revoked", todo: "Cease the activities the licence covers; its MW return to the allocation." },
  "licence.vary": { kind: "licence.varied", verb: "varied", todo: "Keep your draw within the new approved MW from now on." },
  "licence.extension-approve": { kind: "licence.extended", verb: "extended", todo: "Keep filing your returns until the new expiry." },
};

function licenceChange(event: CommittedEvent, base: Pick<NoticeDraft, "at" | "entityType" | "entityId">, licenceNumber: string, name: string, link: string): Omit<NoticeDraft, "cause"> {
  const words = LICENCE_WORDS[event.action];
  const d = event.data;
  const detail = event.action === "licence.vary" && typeof d.to === "number" ? ` to ${String(d.to)} MW` : event.action === "licence.extension-approve" && str(d.expiresAt) ? ` until ${day(str(d.expiresAt))}` : "";
  return {
    ...base,
    kind: words.kind,
    subject: `Licence ${licenceNumber} ${words.verb}${name}`,
    paragraphs: [`Licence ${licenceNumber} was ${words.verb}${detail} on ${day(event.at)}. The reason: "${str(d.reason) ?? ""}"`, words.todo, "This takes effect now."],
    link,
  };
}

/** Days before expiry at which a firm is reminded. */
export const EXPIRY_REMINDER_DAYS = [60, 30, 14, 1] as const;
/** Days before a return's due date at which a firm is reminded. */
export const RETURN_REMINDER_DAYS = [14, 1] as const;

/**
 * The expiry reminders a licence is owed at `now`: one for each threshold already crossed while the
 * licence has not expired (each threshold that has passed is sent once, even when the job missed some
 * days). The cause includes expiresAt, so an extension starts the thresholds again.
 */
export function expiryReminders(licence: { licenceNumber: string; applicationId: string; expiresAt: string; legalName?: string }, now: string): NoticeDraft[] {
  return crossedThresholds(licence.expiresAt, now, EXPIRY_REMINDER_DAYS).map((threshold) => ({
    kind: "licence.expiring",
    cause: `expiry:${licence.licenceNumber}:${licence.expiresAt}:${threshold}`,
    at: addDays(licence.expiresAt, -threshold),
    subject: `Licence ${licence.licenceNumber} expires in ${plural(threshold, "day")}`,
    paragraphs: [
      `Licence ${licence.licenceNumber}${licence.legalName ? ` (${licence.legalName})` : ""} expires on ${day(licence.expiresAt)}.`,
      "In the last 90 days you may ask for an extension of 1 to 6 months; in the last 60 days file your exit report.",
      `Act before ${day(licence.expiresAt)}.`,
    ],
    link: `/applications/${licence.applicationId}`,
    entityType: "licence",
    entityId: licence.licenceNumber,
  }));
}

/** The due-date reminders a return is owed at `now` (14 and 1 days before its due date). */
export function returnDueReminders(ret: { licenceNumber: string; applicationId: string; period: string; dueAt: string }, now: string): NoticeDraft[] {
  return crossedThresholds(ret.dueAt, now, RETURN_REMINDER_DAYS).map((threshold) => ({
    kind: "return.due",
    cause: `return-due:${ret.licenceNumber}:${ret.period}:${threshold}`,
    at: addDays(ret.dueAt, -threshold),
    subject: `Return ${ret.period} for licence ${ret.licenceNumber} is due in ${plural(threshold, "day")}`,
    paragraphs: [
      `The periodic return for ${ret.period} of licence ${ret.licenceNumber} has not been filed yet.`,
      "File it on your licence's page: the KPIs for the period, incidents, complaints and an officer's attestation.",
      `It is due on ${day(ret.dueAt)}.`,
    ],
    link: `/applications/${ret.applicationId}`,
    entityType: "licence",
    entityId: ret.licenceNumber,
  }));
}

/** The thresholds (days before `deadline`) already crossed at `now`, while the deadline is still ahead. */
function crossedThresholds(deadline: string, now: string, thresholds: readonly number[]): number[] {
  const left = Date.parse(deadline) - Date.parse(now);
  if (!(left > 0)) return [];
  return thresholds.filter((days) => left <= days * 86_400_000);
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** Plain-text and HTML bodies of a notice: the same paragraphs and the same link. */
export function renderNotice(draft: Pick<NoticeDraft, "subject" | "paragraphs" | "link">, siteUrl: string): { text: string; html: string; url: string } {
  const url = new URL(draft.link, siteUrl).toString();
  const text = `${draft.paragraphs.join("\n\n")}\n\nOpen: ${url}\n\n-- The sandbox registry\n`;
  const html =
    `<!doctype html><html><body><h1>${escapeHtml(draft.subject)}</h1>` +
    draft.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("") +
    `<p><a href="${escapeHtml(url)}">Open it in the sandbox registry</a></p></body></html>`;
  return { text, html, url };
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
