import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { EVENT_FIELDS, type AuditEvent, type ChainHead } from "../domain/audit-chain.ts";
import { dynamo, tableName } from "./clients.ts";
import { keys } from "./keys.ts";
import { readHead } from "./commit.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { ValidationError } from "../domain/errors.ts";
import { logger } from "../middleware/logger.ts";

// Reads of the audit trail: pages of events in sequence order and the chain head. Events are
// written only by commit(), one per TransactWriteItems together with the head.

/** The highest sequence number the 12-digit sort key can hold. */
export const MAX_SEQ = 999_999_999_999;

export interface EventPage {
  items: AuditEvent[];
  /** The afterSeq of the next page; null when there is nothing after the last item right now. */
  nextAfterSeq: number | null;
}

/** The event as the API answers it: exactly its nine fields, keys and anything else stripped. */
function toEvent(item: Record<string, unknown>): AuditEvent {
  const event: Record<string, unknown> = {};
  for (const field of EVENT_FIELDS) event[field] = item[field];
  return event as unknown as AuditEvent;
}

async function queryEvents(afterSeq: number, limit: number): Promise<{ items: AuditEvent[]; truncated: boolean }> {
  const { Items, LastEvaluatedKey } = await dynamo().send(
    new QueryCommand({
      TableName: tableName(),
      // BETWEEN EVT#<after+1> AND EVT#<max>: the head (sk HEAD) sorts after every EVT# key, so it is
      // never in range; neither is anything else a later change might put under pk AUDIT.
      KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
      ExpressionAttributeValues: { ":pk": keys.auditEvent(0).pk, ":from": keys.auditEvent(afterSeq + 1).sk, ":to": keys.auditEvent(MAX_SEQ).sk },
      // One more than asked, to know whether another page exists without an empty last page.
      Limit: limit + 1,
      // Strongly consistent: an event committed before this request started is always seen.
      ConsistentRead: true,
    }),
  );
  return { items: (Items ?? []).map(toEvent), truncated: LastEvaluatedKey !== undefined };
}

/** Length of the run afterSeq+1, afterSeq+2, ... at the start of items. */
function contiguous(items: AuditEvent[], afterSeq: number): number {
  let n = 0;
  while (n < items.length && items[n].seq === afterSeq + 1 + n) n++;
  return n;
}

/**
 * Events with seq > afterSeq, in order, at most `limit`. Paging by nextAfterSeq never skips or
 * repeats an event: the sort key is the sequence number and every read is strongly consistent.
 * Query is read-committed, not a snapshot, so in principle it could pass seq n just before n's
 * transaction becomes visible and reach n+1 after; n+1 can only commit after n, so a second read
 * always sees n. A gap that is still there on the second read is real (an event was removed from
 * the table): the page is answered as stored, so the auditor's verifier names the missing seq.
 */
export async function listEvents(afterSeq: number, limit: number): Promise<EventPage> {
  if (afterSeq >= MAX_SEQ) return { items: [], nextAfterSeq: null };
  let page = await queryEvents(afterSeq, limit);
  if (contiguous(page.items, afterSeq) < page.items.length) {
    page = await queryEvents(afterSeq, limit);
    const run = contiguous(page.items, afterSeq);
    if (run < page.items.length) logger.error("audit trail has a gap", { expectedSeq: afterSeq + 1 + run, foundSeq: page.items[run].seq });
  }
  const items = page.items.slice(0, limit);
  const more = page.items.length > limit || page.truncated;
  return { items, nextAfterSeq: more && items.length > 0 ? items[items.length - 1].seq : null };
}

/** The chain head: seq 0, the genesis hash and no time (null) while the trail is empty. */
export async function readAuditHead(): Promise<ChainHead> {
  const head = await readHead();
  return { seq: head.seq, hash: head.hash, at: head.seq === 0 ? null : head.at };
}

// The list cursor is the key of the last event answered, in the shared opaque format.
export function eventsCursor(afterSeq: number | null): string | null {
  return afterSeq === null ? null : encodeCursor(keys.auditEvent(afterSeq));
}

export function afterSeqOfCursor(cursor: string): number {
  const key = decodeCursor(cursor);
  const match = key && key.pk === keys.auditEvent(0).pk && typeof key.sk === "string" ? /^EVT#(\d{12})$/.exec(key.sk) : null;
  if (!match) throw new ValidationError("The cursor is not valid.", [{ path: "cursor", message: "not a cursor of GET /api/audit/events" }]);
  return Number(match[1]);
}
