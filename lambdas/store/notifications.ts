import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { dynamo, tableName } from "./clients.ts";
import { queryPage, type Page } from "./query.ts";
import { batchGet, itemKeyText } from "./batch-get.ts";
import type { NoticeKind } from "../domain/notices.ts";
import type { RegisterChange } from "../domain/register-feed.ts";

// Notices, the notifier's progress and the register feed: derived from committed events, written by
// the notifier and the reminders job, never inside a change's transaction.
//
// entity          pk                     sk                          gsi2 (pk / sk)
// notice          NOTICES#<recipientSub> N#<at>#<noticeId>           MAIL#PENDING / <at>#<noticeId> (sparse: mail not yet settled)
// notifier cursor NOTIFIER               CURSOR                      -
// feed entry      FEED                   <at>#<eventKey>             -
//
// A notice's key is a pure function of its cause and recipient (its id is their hash, its time the
// cause's time), so writing it with attribute_not_exists is what makes a cause reach a recipient once.

export type MailStatus = "PENDING" | "SENDING" | "SENT" | "FAILED";

export interface Notice {
  notificationId: string;
  at: string;
  kind: NoticeKind;
  subject: string;
  body: string;
  html: string;
  url: string;
  entityType: string;
  entityId: string;
  recipientSub: string;
  cause: string;
  email: { to: string; status: MailStatus };
  attempts: number;
  /** Earliest time the next send may be tried (backoff after a failure). */
  nextAttemptAt?: string;
  claimedAt?: string;
  lastError?: string;
  sentAt?: string;
  messageId?: string;
}

const noticeKey = (recipientSub: string, at: string, id: string) => ({ pk: `NOTICES#${recipientSub}`, sk: `N#${at}#${id}` });
const PENDING_MAIL = "MAIL#PENDING";

function toNotice(item: Record<string, unknown>): Notice {
  const { pk: _pk, sk: _sk, gsi2pk: _a, gsi2sk: _b, ...rest } = item;
  return rest as unknown as Notice;
}

/** Writes the notice unless this cause already reached this recipient; true when it is new. */
export async function putNoticeOnce(notice: Notice): Promise<boolean> {
  const pendingMail = notice.email.status === "PENDING" ? { gsi2pk: PENDING_MAIL, gsi2sk: `${notice.at}#${notice.notificationId}` } : {};
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...noticeKey(notice.recipientSub, notice.at, notice.notificationId), ...pendingMail, ...notice },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export function listNotices(recipientSub: string, limit: number, cursor?: string): Promise<Page<Notice>> {
  return queryPage({ partition: `NOTICES#${recipientSub}`, newestFirst: true }, limit, cursor, toNotice);
}

/**
 * Notices whose mail is not settled (PENDING or SENDING), oldest first. The index holds keys only
 * (table-schema.ts), so the notices themselves are read consistently from the table.
 */
export async function listUnsettledMail(limit: number): Promise<Notice[]> {
  const { Items } = await dynamo().send(
    new QueryCommand({ TableName: tableName(), IndexName: "gsi2", KeyConditionExpression: "gsi2pk = :p", ExpressionAttributeValues: { ":p": PENDING_MAIL }, Limit: limit }),
  );
  const keys = (Items ?? []).map((i) => ({ pk: i.pk as string, sk: i.sk as string }));
  const found = await batchGet(keys, { consistent: true });
  return keys.flatMap((key) => {
    const item = found.get(itemKeyText(key));
    return item ? [toNotice(item)] : [];
  });
}

/**
 * Claims a notice's mail for one send: PENDING -> SENDING, conditioned on the attempt count read, so two
 * senders never both send it. False when someone else claimed or settled it first.
 */
export async function claimMail(notice: Notice, now: string): Promise<boolean> {
  return conditionalUpdate(notice, "SET email.#status = :sending, claimedAt = :now", "email.#status = :pending AND attempts = :attempts", {
    ":sending": "SENDING",
    ":pending": "PENDING",
    ":now": now,
    ":attempts": notice.attempts,
  });
}

/** SENDING -> SENT: the mail left; the notice drops out of the pending index. */
export function markSent(notice: Notice, now: string, messageId: string): Promise<boolean> {
  return conditionalUpdate(notice, "SET email.#status = :sent, sentAt = :now, messageId = :mid, attempts = :next REMOVE gsi2pk, gsi2sk, claimedAt, nextAttemptAt", "email.#status = :sending", {
    ":sent": "SENT",
    ":sending": "SENDING",
    ":now": now,
    ":mid": messageId,
    ":next": notice.attempts + 1,
  });
}

/** SENDING -> PENDING for another try later, or -> FAILED (out of the index) when `final`. */
export function markFailed(notice: Notice, error: string, final: boolean, nextAttemptAt?: string): Promise<boolean> {
  const values = { ":sending": "SENDING", ":next": notice.attempts + 1, ":err": error.slice(0, 500) };
  return final
    ? conditionalUpdate(notice, "SET email.#status = :failed, attempts = :next, lastError = :err REMOVE gsi2pk, gsi2sk, claimedAt, nextAttemptAt", "email.#status = :sending", { ...values, ":failed": "FAILED" })
    : conditionalUpdate(notice, "SET email.#status = :pending, attempts = :next, lastError = :err, nextAttemptAt = :at REMOVE claimedAt", "email.#status = :sending", {
        ...values,
        ":pending": "PENDING",
        ":at": nextAttemptAt ?? "",
      });
}

async function conditionalUpdate(notice: Notice, update: string, condition: string, values: Record<string, unknown>): Promise<boolean> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: noticeKey(notice.recipientSub, notice.at, notice.notificationId),
        UpdateExpression: update,
        ConditionExpression: condition,
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** The notice's key as an SES tag value (base64url: letters, digits, - and _ only). */
export function noticeTag(notice: Pick<Notice, "recipientSub" | "at" | "notificationId">): string {
  return Buffer.from(JSON.stringify([notice.recipientSub, notice.at, notice.notificationId]), "utf8").toString("base64url");
}

function keyOfTag(tag: string): { recipientSub: string; at: string; notificationId: string } | undefined {
  try {
    const value = JSON.parse(Buffer.from(tag, "base64url").toString("utf8"));
    if (Array.isArray(value) && value.length === 3 && value.every((v) => typeof v === "string")) return { recipientSub: value[0], at: value[1], notificationId: value[2] };
  } catch {
    // not one of ours
  }
  return undefined;
}

/**
 * An SES bounce, complaint or reject for the notice the tag names: its mail is FAILED, with what SES
 * said. False when the tag names no notice of ours.
 */
export async function recordMailFeedback(tag: string, feedback: { type: string; at: string; detail: string }): Promise<boolean> {
  const key = keyOfTag(tag);
  if (!key) return false;
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: noticeKey(key.recipientSub, key.at, key.notificationId),
        UpdateExpression: "SET email.#status = :failed, feedback = list_append(if_not_exists(feedback, :empty), :entry) REMOVE gsi2pk, gsi2sk",
        // The list is bounded by what SES can report for one message (a bounce or a complaint, rarely both).
        ConditionExpression: "attribute_exists(pk) AND (attribute_not_exists(feedback) OR size(feedback) < :max)",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":failed": "FAILED", ":empty": [], ":entry": [{ ...feedback, detail: feedback.detail.slice(0, 1_000) }], ":max": 5 },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

// ---- the notifier's progress through the sequenced events ----

const CURSOR_KEY = { pk: "NOTIFIER", sk: "CURSOR" };

export async function readNotifierCursor(): Promise<number> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: CURSOR_KEY, ConsistentRead: true }));
  return typeof Item?.lastSeq === "number" ? Item.lastSeq : 0;
}

/** Moves the cursor from `from` to `to`; false when another notifier moved it first (it never goes back). */
export async function advanceNotifierCursor(from: number, to: number): Promise<boolean> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...CURSOR_KEY, lastSeq: to },
        ConditionExpression: from === 0 ? "attribute_not_exists(pk) OR lastSeq = :from" : "lastSeq = :from",
        ExpressionAttributeValues: { ":from": from },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

// ---- the public register feed ----

export type FeedEntry = RegisterChange;

/** Idempotent: the same event writes the same key. */
export async function putFeedEntry(entry: FeedEntry): Promise<void> {
  await dynamo().send(new PutCommand({ TableName: tableName(), Item: { pk: "FEED", sk: `${entry.at}#${entry.entryId}`, ...entry } }));
}

export async function latestFeedEntries(limit: number): Promise<FeedEntry[]> {
  const { Items } = await dynamo().send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": "FEED" }, ScanIndexForward: false, Limit: limit }),
  );
  return (Items ?? []).map(({ pk: _pk, sk: _sk, ...rest }) => rest as unknown as FeedEntry);
}
