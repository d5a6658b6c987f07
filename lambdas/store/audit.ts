import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { EVENT_FIELDS, type AuditEvent } from "../domain/audit-event.ts";
import { EMPTY_ROOT } from "../domain/merkle.ts";
import { ValidationError } from "../domain/errors.ts";
import { batchGet, itemKeyText } from "./batch-get.ts";
import { dynamo, tableName } from "./clients.ts";
import { clock } from "./clock.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { keys, pad } from "./keys.ts";
import { readLogHead, type LogHead } from "./log-head.ts";
import { cachedRefs, readStoredLeaves, refKey } from "./log-tiles.ts";
import { pendingBacklog } from "./pending-events.ts";
import { logger } from "../middleware/logger.ts";

// Reads of the audit log: pages of sequenced events by seq, the head with what is still pending, and
// the archived checkpoints. Events are written by commit() (pending) and numbered by the sequencer.

/** The highest sequence number the 12-digit keys can hold. */
export const MAX_SEQ = 999_999_999_999;

export interface EventPage {
  items: AuditEvent[];
  /** The afterSeq of the next page; null when there is nothing after the last item right now. */
  nextAfterSeq: number | null;
}

/** The event as the API answers it: exactly its nine fields, keys and anything else stripped. */
export function toEvent(item: Record<string, unknown>): AuditEvent {
  const event: Record<string, unknown> = {};
  for (const field of EVENT_FIELDS) event[field] = item[field];
  return event as unknown as AuditEvent;
}

/**
 * Sequenced events with seq > afterSeq, in order, at most `limit`, up to the head. The level-0
 * tiles say which event each seq is (read together with the head: the sequencer writes both in one
 * transaction, so whatever a tile holds is in the log); the events are then one strongly
 * consistent BatchGetItem. A page within full tiles this function read before needs no tile read:
 * its events are read together with the head.
 */
export async function listEvents(afterSeq: number, limit: number): Promise<EventPage> {
  const cached = cachedRefs(afterSeq, afterSeq + limit);
  if (cached) {
    const [head, found] = await Promise.all([readLogHead(), batchGet(cached.map(refKey), { consistent: true })]);
    // Full tiles hold only numbered leaves, so the head covers them all.
    return eventPage(afterSeq, cached, found, head?.size ?? 0);
  }
  const [head, stored] = await Promise.all([readLogHead(), readStoredLeaves(afterSeq, afterSeq + limit)]);
  const size = head?.size ?? 0;
  // The head may be read before or after a batch the tiles show: answer what both say is there.
  const end = Math.min(size, afterSeq + stored.refs.length);
  if (afterSeq >= end) return { items: [], nextAfterSeq: afterSeq < size ? afterSeq : null };
  const refs = stored.refs.slice(0, end - afterSeq);
  return eventPage(afterSeq, refs, await batchGet(refs.map(refKey), { consistent: true }), size);
}

function eventPage(afterSeq: number, refs: readonly string[], found: ReadonlyMap<string, Record<string, unknown>>, size: number): EventPage {
  const items: AuditEvent[] = [];
  refs.forEach((ref, i) => {
    const item = found.get(itemKeyText(refKey(ref)));
    // Only a rewrite of the table removes a numbered event: answer what is stored, so the auditor's
    // verifier names the missing seq, and say so in the log.
    if (!item || item.seq !== afterSeq + i + 1) logger.error("audit log event missing or renumbered", { seq: afterSeq + i + 1 });
    else items.push(toEvent(item));
  });
  const end = afterSeq + refs.length;
  return { items, nextAfterSeq: end < size ? end : null };
}

export interface EventsHead {
  seq: number;
  rootHash: string;
  at: string | null;
  pendingEvents: number;
  oldestPendingSeconds: number;
}

/**
 * The latest checkpoint's size and root, and what it does not cover yet. The backlog is read first:
 * an event committed before that read and not pending any more was numbered before it, so the head
 * read after covers it; "0 pending" therefore means every earlier event is in the answered checkpoint.
 */
export async function readEventsHead(): Promise<EventsHead> {
  const backlog = await pendingBacklog();
  const head = await readLogHead();
  const waited = backlog.oldestAt ? Math.max(0, clock.now().getTime() - Date.parse(backlog.oldestAt)) : 0;
  return {
    seq: head?.size ?? 0,
    rootHash: (head?.root ?? EMPTY_ROOT).toString("hex"),
    at: head?.at ?? null,
    pendingEvents: backlog.count,
    oldestPendingSeconds: Math.round(waited) / 1000,
  };
}

export async function latestCheckpoint(): Promise<LogHead | undefined> {
  return readLogHead();
}

// The list cursor is the position of the last event answered, in the shared opaque format.
const CURSOR_PK = "AUDITLOG";
export function eventsCursor(afterSeq: number | null): string | null {
  return afterSeq === null ? null : encodeCursor({ pk: CURSOR_PK, sk: `SEQ#${pad(afterSeq)}` });
}

export function afterSeqOfCursor(cursor: string): number {
  const key = decodeCursor(cursor);
  const match = key && key.pk === CURSOR_PK && typeof key.sk === "string" ? /^SEQ#(\d{12})$/.exec(key.sk) : null;
  if (!match) throw new ValidationError("The cursor is not valid.", [{ path: "cursor", message: "not a cursor of GET /api/audit/events" }]);
  return Number(match[1]);
}

// ---------------------------------------------------------------------------------------------
// Archived checkpoints (the audit-checkpoint job), newest first.

export interface ArchivedCheckpoint {
  treeSize: number;
  at: string;
  note: string;
}

export async function listArchivedCheckpoints(limit: number, cursor?: string): Promise<{ items: ArchivedCheckpoint[]; nextCursor: string | null }> {
  const start = decodeCursor(cursor);
  if (start && (start.pk !== keys.archivedCheckpoint(0).pk || typeof start.sk !== "string" || !/^CP#\d{12}$/.test(start.sk))) {
    throw new ValidationError("The cursor is not valid.", [{ path: "cursor", message: "not a cursor of GET /api/audit/checkpoints" }]);
  }
  const { Items, LastEvaluatedKey } = await dynamo().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": keys.archivedCheckpoint(0).pk },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: start,
    }),
  );
  return {
    items: (Items ?? []).map((i) => ({ treeSize: i.treeSize as number, at: i.at as string, note: i.note as string })),
    nextCursor: LastEvaluatedKey ? encodeCursor({ pk: LastEvaluatedKey.pk, sk: LastEvaluatedKey.sk }) : null,
  };
}
