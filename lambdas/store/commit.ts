import { QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { dynamo, tableName } from "./clients.ts";
import { auditEntityPk } from "./keys.ts";
import { clock } from "./clock.ts";
import { newEventId } from "./event-id.ts";
import { pendingEventItem, type PendingEvent } from "./pending-events.ts";
import { actorRef, type Actor } from "../domain/actor.ts";
import { ServiceUnavailable } from "../domain/errors.ts";
import { logger } from "../middleware/logger.ts";
import { emit } from "../observability/metrics.ts";
import { countCommittedEvents } from "../observability/change-metrics.ts";

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
  /**
   * The change creates the entity under an id it just generated: this is its first event, so the
   * first attempt skips reading the entity's last event (one round trip less on every create). A
   * retry reads it as usual, so a wrong hint costs a retry, never a wrong n.
   */
  newEntity?: true;
}

export type Change<T> =
  /** `events`: further events of the same change, written after `event` in this order. */
  | { items: TxItem[]; event: EventInput; events?: readonly EventInput[]; result: T; unchanged?: false }
  /** Nothing to write (the state is already what was asked): no transaction, no event. */
  | { unchanged: true; result: T };

/** The event as committed: the sequencer gives it its seq and leaf hash later. */
export type CommittedEvent = Omit<PendingEvent, "pk" | "sk" | "n">;

// Only changes that share an item race each other now: the same entity, or an item hot by design (an
// MW line, the licence-number counter). A lost race backs off with full jitter and rebuilds from
// fresh reads, at most MAX_ATTEMPTS times ~100 ms apart, inside a function's 10 s timeout. The first
// waits are up to 10, 20, 40 ms, about one transaction's time: a loser that came back after 2 ms met
// the same writers again (the hot-line bench: 0.22x of one at a time with a 2 ms base, 0.28x with 10;
// a 20 ms base and 200 ms cap gave 0.26x).
const MAX_ATTEMPTS = 60;
const BASE_DELAY_MS = 10;
const MAX_DELAY_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const backoff = (attempt: number) => Math.random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);

// In-process listeners (the local runtime's sequencer loop) told after each commit; none on Lambda,
// where DynamoDB Streams wakes the sequencer.
const listeners = new Set<() => void>();
export function onCommitted(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Retries of the last commit() calls, for the benchmark's "commit retries per request". */
export const commitStats = { commits: 0, retries: 0 };

interface EntityTail {
  /** Events the entity has (its last event's n); 0 for none. */
  n: number;
  /** Its last event's time. */
  at: string;
}

/** The entity's last event, read consistently from its own partition: what the next event's n follows. */
async function entityTail(entityType: string, entityId: string): Promise<EntityTail> {
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": auditEntityPk(entityType, entityId) },
      ProjectionExpression: "n, #at",
      ExpressionAttributeNames: { "#at": "at" },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  const last = Items?.[0];
  return last ? { n: last.n as number, at: last.at as string } : { n: 0, at: "" };
}

const entityText = (e: { entityType: string; entityId: string }) => `${e.entityType}\u0000${e.entityId}`;

async function tails(events: readonly EventInput[], trustNew: boolean, prefetched?: ReadonlyMap<string, Promise<EntityTail>>): Promise<Map<string, EntityTail>> {
  const distinct = [...new Map(events.map((e) => [entityText(e), e])).values()];
  const read = await Promise.all(distinct.map((e) => (trustNew && e.newEntity ? { n: 0, at: "" } : (prefetched?.get(entityText(e)) ?? entityTail(e.entityType, e.entityId)))));
  return new Map(distinct.map((e, i) => [entityText(e), read[i]]));
}

/**
 * Commits one state change: the caller's items and the change's audit event(s), as ONE
 * TransactWriteItems that holds nothing an unrelated change also writes. Each event goes into its
 * entity's own partition as that entity's next event (n = the last n + 1, conditioned on the key
 * being free), so two changes of one entity cannot both take the same n, and the sequencer later
 * numbers the entity's events in that order. No change exists without its event and no event
 * without its change.
 *
 * `build(now)` reads what it needs and returns the conditioned items; it runs again on every retry, so
 * it must be a pure function of what it reads. Retries happen on TransactionConflict, when another
 * change of the same entity took the event's n, and where an item's onConditionFailed says "retry";
 * any other failed condition becomes the domain error its item names. `now` is never earlier than
 * the entity's previous event, so an entity's events also keep their order in time.
 */
export interface CommitOptions {
  /**
   * The entity whose event the change will write, when the caller knows it before `build` runs: its
   * last event is then read at the same time as build's own reads, not after them.
   */
  entity?: { entityType: string; entityId: string };
}

export async function commit<T>(actor: Actor, build: (now: string) => Promise<Change<T>>, options: CommitOptions = {}): Promise<{ result: T; event?: CommittedEvent; events?: CommittedEvent[] }> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (attempt > 0) {
      commitStats.retries++;
      emit("commitRetries", 1);
      await sleep(backoff(attempt - 1));
    }
    const wall = clock.now().toISOString();
    let now = wall;
    const known = options.entity;
    const prefetched = new Map<string, Promise<EntityTail>>();
    if (known) {
      const tail = entityTail(known.entityType, known.entityId);
      // Settled here too: a build that throws (a domain error) leaves it unawaited.
      tail.catch(() => {});
      prefetched.set(entityText(known), tail);
    }
    let change = await build(now);
    if (change.unchanged) return { result: change.result };
    let inputs = [change.event, ...(change.events ?? [])];
    let last = await tails(inputs, attempt === 0, prefetched);
    // An entity's previous event is later than this clock (another function's clock ran ahead):
    // rebuild at that time, so the entity's events never go back in time.
    const latest = [...last.values()].reduce((a, t) => (t.at > a ? t.at : a), "");
    if (latest > now) {
      now = latest;
      change = await build(now);
      if (change.unchanged) return { result: change.result };
      inputs = [change.event, ...(change.events ?? [])];
      last = await tails(inputs, attempt === 0);
    }

    const nextN = new Map([...last].map(([k, t]) => [k, t.n]));
    const events: CommittedEvent[] = [];
    const eventItems: TransactItem[] = inputs.map((input) => {
      const n = (nextN.get(entityText(input)) ?? 0) + 1;
      nextN.set(entityText(input), n);
      const event: CommittedEvent = { eventId: newEventId(), at: now, actor: actorRef(actor), action: input.action, entityType: input.entityType, entityId: input.entityId, data: input.data };
      events.push(event);
      return { Put: { TableName: tableName(), Item: pendingEventItem({ ...event, n }), ConditionExpression: "attribute_not_exists(pk)" } };
    });

    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [...change.items.map((i) => i.item), ...eventItems],
          // The SDK's own retry of a request whose answer was lost then replays, not re-applies.
          ClientRequestToken: events[0].eventId,
        }),
      );
      commitStats.commits++;
      countCommittedEvents(events);
      for (const listener of listeners) listener();
      return { result: change.result, event: events[0], events };
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
      // TransactionConflict, another change of the entity took the event's n, or a caller-requested
      // retry: back off and rebuild from fresh reads.
    }
  }
  logger.warn("commit gave up after retries", { attempts: MAX_ATTEMPTS });
  emit("commitFailures", 1);
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
