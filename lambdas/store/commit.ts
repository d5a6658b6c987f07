import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { dynamo, tableName } from "./clients.ts";
import { keys } from "./keys.ts";
import { clock } from "./clock.ts";
import { GENESIS_HASH, sealEvent, type AuditEvent } from "../domain/audit-chain.ts";
import { actorRef, type Actor } from "../domain/actor.ts";
import { ServiceUnavailable } from "../domain/errors.ts";
import { logger } from "../middleware/logger.ts";

export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

export interface TxItem {
  item: TransactItem;
  /**
   * What a failed condition on this item means, given the item as it is now (when DynamoDB returned it).
   * Return a domain error to stop, or "retry" to rebuild the change from fresh reads.
   */
  onConditionFailed?: (current: Record<string, unknown> | undefined) => Error | "retry";
}

export interface EventInput {
  action: string;
  entityType: string;
  entityId: string;
  data: Record<string, unknown>;
}

export type Change<T> =
  | { items: TxItem[]; event: EventInput; result: T; unchanged?: false }
  /** Nothing to write (the state is already what was asked): no transaction, no event. */
  | { unchanged: true; result: T };

export interface Head {
  seq: number;
  hash: string;
  at: string;
}

// Every commit races for the one chain head, so losing is common and cheap. A race lost to another
// commit is retried at once on the head that won (see below), each such retry meaning another commit
// went through, at most MAX_RACED of them; anything else backs off with jitter so the losers spread
// out, at most MAX_BACKOFFS times ~100 ms apart. Together they stay inside a function's 10 s timeout.
const MAX_BACKOFFS = 60;
const MAX_RACED = 100;
const BASE_DELAY_MS = 2;
const MAX_DELAY_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Exponential backoff with full jitter. */
const backoff = (attempt: number) => Math.random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);

export async function readHead(): Promise<Head> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.auditHead(), ConsistentRead: true }));
  return Item ? { seq: Item.seq as number, hash: Item.hash as string, at: Item.at as string } : { seq: 0, hash: GENESIS_HASH, at: "" };
}

/**
 * Commits one state change: the caller's items, the next audit event and the moved chain head, as ONE
 * TransactWriteItems. So no change exists without its event and no event without its change.
 *
 * `build(now)` reads what it needs and returns the conditioned items; it runs again on every retry, so
 * it must be a pure function of what it reads. Retries happen on TransactionConflict, on a lost race
 * for the chain head, and where an item's onConditionFailed says "retry"; any other failed condition
 * becomes the domain error its item names. `now` is never earlier than the previous event's time.
 */
export async function commit<T>(actor: Actor, build: (now: string) => Promise<Change<T>>): Promise<{ result: T; event?: AuditEvent }> {
  // Set when the last attempt lost only the race for the head: the head that won, and the change if it
  // can be written again as it is (absent: rebuild it at the winner's time, which is later than ours).
  let raced: { head: Head; change?: Change<T>; now: string } | undefined;
  let backoffs = 0;
  for (let raceLosses = 0; backoffs < MAX_BACKOFFS && raceLosses < MAX_RACED; ) {
    let head: Head;
    let change: Change<T>;
    let now: string;
    if (raced) {
      ({ head, now } = raced);
      change = raced.change ?? (await build(now));
      raced = undefined;
    } else {
      // The head and the change's own reads are independent: read them at the same time.
      const wall = clock.now().toISOString();
      const [read, built] = await Promise.all([readHead(), build(wall)]);
      head = read;
      // Events never go back in time: if the previous event is later than this clock, rebuild at its time.
      now = head.at > wall ? head.at : wall;
      change = now === wall ? built : await build(now);
    }
    if (change.unchanged) return { result: change.result };
    const event = sealEvent({
      seq: head.seq + 1,
      at: now,
      actor: actorRef(actor),
      action: change.event.action,
      entityType: change.event.entityType,
      entityId: change.event.entityId,
      data: change.event.data,
      prevHash: head.hash,
    });
    const table = tableName();
    const transactItems: TransactItem[] = [
      ...change.items.map((i) => i.item),
      { Put: { TableName: table, Item: { ...keys.auditEvent(event.seq), ...event }, ConditionExpression: "attribute_not_exists(pk)" } },
      head.seq === 0
        ? {
            Put: {
              TableName: table,
              Item: { ...keys.auditHead(), seq: event.seq, hash: event.hash, at: event.at },
              ConditionExpression: "attribute_not_exists(pk)",
              ReturnValuesOnConditionCheckFailure: "ALL_OLD",
            },
          }
        : {
            Update: {
              TableName: table,
              Key: keys.auditHead(),
              UpdateExpression: "SET seq = :next, #hash = :hash, #at = :at",
              ConditionExpression: "seq = :seq",
              ExpressionAttributeNames: { "#hash": "hash", "#at": "at" },
              ExpressionAttributeValues: { ":next": event.seq, ":hash": event.hash, ":at": event.at, ":seq": head.seq },
              // A lost race answers with the head that won, so the retry needs no read (below).
              ReturnValuesOnConditionCheckFailure: "ALL_OLD",
            },
          },
    ];
    try {
      await dynamo().send(new TransactWriteCommand({ TransactItems: transactItems }));
      return { result: change.result, event };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      for (let i = 0; i < change.items.length; i++) {
        const reason = reasons[i];
        if (reason?.Code !== "ConditionalCheckFailed") continue;
        const handler = change.items[i].onConditionFailed;
        const outcome = handler ? handler(reason.Item ? unmarshallLoose(reason.Item) : undefined) : "retry";
        if (outcome !== "retry") throw outcome;
      }
      // Only the head moved (every item of the change passed its condition): go again at once on the
      // head that won, without reading it. The change itself is still current as far as this attempt
      // could tell, and its conditions check that again, so it is written as it is; only if the
      // winner's event is later than ours is it rebuilt at that time (events never go back in time).
      const won = headThatWon(reasons, change.items.length);
      if (won && reasons.slice(0, change.items.length).every((r) => !r || r.Code === "None")) {
        raced = won.at <= now ? { head: won, change, now } : { head: won, now: won.at };
        raceLosses++;
        continue;
      }
      // TransactionConflict, or a caller-requested retry: back off and rebuild from fresh reads.
      await sleep(backoff(backoffs++));
    }
  }
  logger.warn("commit gave up after retries", { backoffs, maxBackoffs: MAX_BACKOFFS, maxRaced: MAX_RACED });
  throw new ServiceUnavailable("The registry is busy; nothing was changed. Retry shortly.");
}

/** The head item as a failed head condition returned it; the head is the last item, after the event. */
function headThatWon(reasons: NonNullable<TransactionCanceledException["CancellationReasons"]>, changeItems: number): Head | undefined {
  const reason = reasons[changeItems + 1];
  if (reason?.Code !== "ConditionalCheckFailed" || !reason.Item) return undefined;
  const item = unmarshallLoose(reason.Item);
  return typeof item.seq === "number" && typeof item.hash === "string" && typeof item.at === "string" ? { seq: item.seq, hash: item.hash, at: item.at } : undefined;
}

// CancellationReasons carry raw AttributeValues.
function unmarshallLoose(item: Record<string, unknown>): Record<string, unknown> {
  return unmarshall(item as never);
}

/** Standard conditioned put for a versioned record: new item (version 1) or the next version of an existing one. */
export function putVersioned(item: Record<string, unknown> & { version: number }, onConditionFailed: TxItem["onConditionFailed"]): TxItem {
  return {
    item:
      item.version === 1
        ? { Put: { TableName: tableName(), Item: item, ConditionExpression: "attribute_not_exists(pk)" } }
        : {
            Put: {
              TableName: tableName(),
              Item: item,
              ConditionExpression: "version = :expected",
              ExpressionAttributeValues: { ":expected": item.version - 1 },
              ReturnValuesOnConditionCheckFailure: "ALL_OLD",
            },
          },
    onConditionFailed,
  };
}
