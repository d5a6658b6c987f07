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

// Every commit races for the one chain head, so losing is common and cheap: retry soon, with jitter so
// the losers spread out. 60 attempts at most ~100 ms apart stay inside a function's 10 s timeout.
const MAX_ATTEMPTS = 60;
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
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // The head and the change's own reads are independent: read them at the same time.
    const wall = clock.now().toISOString();
    const [head, built] = await Promise.all([readHead(), build(wall)]);
    // Events never go back in time: if the previous event is later than this clock, rebuild at its time.
    const now = head.at > wall ? head.at : wall;
    const change = now === wall ? built : await build(now);
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
        ? { Put: { TableName: table, Item: { ...keys.auditHead(), seq: event.seq, hash: event.hash, at: event.at }, ConditionExpression: "attribute_not_exists(pk)" } }
        : {
            Update: {
              TableName: table,
              Key: keys.auditHead(),
              UpdateExpression: "SET seq = :next, #hash = :hash, #at = :at",
              ConditionExpression: "seq = :seq",
              ExpressionAttributeNames: { "#hash": "hash", "#at": "at" },
              ExpressionAttributeValues: { ":next": event.seq, ":hash": event.hash, ":at": event.at, ":seq": head.seq },
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
      // TransactionConflict, a lost race for the head, or a caller-requested retry: back off and rebuild.
      await sleep(backoff(attempt));
    }
  }
  logger.warn("commit gave up after retries", { attempts: MAX_ATTEMPTS });
  throw new ServiceUnavailable("The registry is busy; nothing was changed. Retry shortly.");
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
