import { QueryCommand, type QueryCommandOutput } from "@aws-sdk/lib-dynamodb";
import type { ActorRef } from "../domain/actor.ts";
import { dynamo, tableName } from "./clients.ts";
import { keys } from "./keys.ts";
import { PENDING_INDEX } from "./table-schema.ts";

// Audit events as a change writes them: unsequenced, in the entity's own partition, and in the sparse
// pending index (gsi4) until the sequencer numbers them. The index is sharded: a busy registry writes
// every event into it, and one index partition takes at most 1,000 writes a second, so the events
// spread over PENDING_SHARDS partition keys by their id and the sequencer reads every shard.

export const PENDING_SHARDS = 4;

/** An event as committed, before the sequencer gives it a seq and a leaf hash. */
export interface PendingEvent {
  /** Its item's key: the entity's partition and the entity's event count n. */
  pk: string;
  sk: string;
  eventId: string;
  at: string;
  actor: ActorRef;
  action: string;
  entityType: string;
  entityId: string;
  data: Record<string, unknown>;
  /** This is the entity's n-th event (1, 2, ...): the sequencer seals n only after n - 1. */
  n: number;
}

export function shardOf(eventId: string): number {
  // The last hex digits of a UUIDv7 are random.
  return Number.parseInt(eventId.slice(-2), 16) % PENDING_SHARDS;
}

/** The item a change's transaction puts for its event (conditioned on its key being free). */
export function pendingEventItem(event: Omit<PendingEvent, "pk" | "sk">): Record<string, unknown> {
  return {
    ...keys.auditEvent(event.entityType, event.entityId, event.n),
    entity: "auditEvent",
    ...event,
    [PENDING_INDEX.partitionKey]: `PENDING#${shardOf(event.eventId)}`,
    [PENDING_INDEX.sortKey]: `${event.at}#${event.eventId}`,
  };
}

export function toPendingEvent(item: Record<string, unknown>): PendingEvent {
  return {
    pk: item.pk as string,
    sk: item.sk as string,
    eventId: item.eventId as string,
    at: item.at as string,
    actor: item.actor as ActorRef,
    action: item.action as string,
    entityType: item.entityType as string,
    entityId: item.entityId as string,
    data: (item.data ?? {}) as Record<string, unknown>,
    n: item.n as number,
  };
}

function queryShard(shard: number, extra: { Limit?: number; Select?: "COUNT"; ExclusiveStartKey?: Record<string, unknown> }): Promise<QueryCommandOutput> {
  return dynamo().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: PENDING_INDEX.indexName,
      KeyConditionExpression: "#p = :p",
      ExpressionAttributeNames: { "#p": PENDING_INDEX.partitionKey },
      ExpressionAttributeValues: { ":p": `PENDING#${shard}` },
      ScanIndexForward: true,
      ...extra,
    }),
  );
}

const shards = () => Array.from({ length: PENDING_SHARDS }, (_, i) => i);

/**
 * The oldest `perShard` pending events of every shard. The index is eventually consistent: an entry
 * may still show an event the sequencer has just sealed (its transaction's conditions refuse it), and
 * an event just committed may not show yet (the next run finds it).
 */
export async function readPending(perShard: number): Promise<{ events: PendingEvent[]; more: boolean }> {
  const pages = await Promise.all(shards().map((s) => queryShard(s, { Limit: perShard })));
  return { events: pages.flatMap((page) => (page.Items ?? []).map(toPendingEvent)), more: pages.some((page) => page.LastEvaluatedKey !== undefined) };
}

/** How many events wait for a seq, and when the oldest of them was committed (null: none waits). */
export async function pendingBacklog(): Promise<{ count: number; oldestAt: string | null }> {
  const [counts, oldest] = await Promise.all([
    Promise.all(
      shards().map(async (s) => {
        let count = 0;
        let start: Record<string, unknown> | undefined;
        do {
          const page = await queryShard(s, { Select: "COUNT", ExclusiveStartKey: start });
          count += page.Count ?? 0;
          start = page.LastEvaluatedKey;
        } while (start);
        return count;
      }),
    ),
    Promise.all(shards().map((s) => queryShard(s, { Limit: 1 }))),
  ]);
  const ats = oldest.flatMap((page) => (page.Items ?? []).map((i) => i.at as string)).sort();
  return { count: counts.reduce((a, b) => a + b, 0), oldestAt: ats[0] ?? null };
}
