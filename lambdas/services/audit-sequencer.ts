import { PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { sealEvent } from "../domain/audit-event.ts";
import { appendLeaves, EMPTY_ROOT, foldNodes } from "../domain/merkle.ts";
import { formatVkey, signCheckpoint, type CheckpointSigner } from "../domain/checkpoint.ts";
import { batchGet, itemKeyText } from "../store/batch-get.ts";
import { dynamo, tableName } from "../store/clients.ts";
import { clock } from "../store/clock.ts";
import type { TransactItem } from "../store/commit.ts";
import { pad } from "../store/keys.ts";
import { logHeadItem, readLogHead, type LogHead } from "../store/log-head.ts";
import { eventRef, tileAppendItem, tileAppends } from "../store/log-tiles.ts";
import { readPending, type PendingEvent } from "../store/pending-events.ts";
import { PENDING_INDEX } from "../store/table-schema.ts";
import { logger } from "../middleware/logger.ts";

// The one sequencer: takes committed (pending) events in batches, gives each the next gap-free seq,
// appends their leaf hashes to the RFC 9162 tree, and moves the log head with a freshly signed
// checkpoint, all in ONE TransactWriteItems per batch conditioned on the size it read. Whoever runs
// it, however often, and however many at once: a second sequencer's transaction fails its condition
// and commits nothing, and a crash before the transaction leaves every event pending for the next
// run. docs/sequencer.md explains the design.

/** Items per TransactWriteItems, DynamoDB's limit. */
const MAX_TRANSACTION_ITEMS = 100;
/** Events per transaction: the head and at most two level-0 tiles and one tile per higher level stay within 100. */
export const EVENTS_PER_TRANSACTION = 90;
/** Pending events read per shard per run: many transactions' worth (one Query page stays well under 1 MB). */
const PER_SHARD = 500;

export interface SequencerOptions {
  signer: CheckpointSigner;
  origin: string;
  eventsPerTransaction?: number;
  perShard?: number;
  /** Tests: runs just before each batch's transaction (throwing there is a crash mid-batch). */
  beforeCommit?: (batch: { size: number; events: readonly PendingEvent[] }) => void | Promise<void>;
}

export interface SequencerRun {
  /** Events numbered by this run. */
  sealed: number;
  transactions: number;
  /** The log's size when the run ended (as this run knows it). */
  size: number;
  /** Another sequencer moved the head, or the index showed an event already numbered: run again. */
  stale: boolean;
  /** The head this run left (the one it read when it committed nothing); only meaningful when not stale. */
  head: LogHead;
  /** A shard had more pending than this run read, or events waited for a predecessor: a next run may find work. */
  more: boolean;
}

// In-process listeners told the log's new size after each committed batch (the benchmark's merge
// delay: when a write became covered by a signed checkpoint, without polling the head).
const sealedListeners = new Set<(size: number) => void>();
export function onSealed(listener: (size: number) => void): () => void {
  sealedListeners.add(listener);
  return () => sealedListeners.delete(listener);
}

export class Sequencer {
  /** Keys of events this sequencer numbered lately: the index may still list them for a moment. */
  private readonly recent = new Map<string, true>();

  constructor(private readonly options: SequencerOptions) {}

  private remember(key: string): void {
    this.recent.set(key, true);
    if (this.recent.size > 20_000) this.recent.delete(this.recent.keys().next().value as string);
  }

  /** The head, creating the empty log's (size 0, signed) when there is none yet. */
  async head(): Promise<LogHead> {
    const head = await readLogHead();
    if (head) return head;
    const empty = await this.signedHead(0, EMPTY_ROOT, []);
    try {
      await dynamo().send(new PutCommand({ TableName: tableName(), Item: logHeadItem(empty), ConditionExpression: "attribute_not_exists(pk)" }));
      return empty;
    } catch (error) {
      if ((error as Error).name !== "ConditionalCheckFailedException") throw error;
      return (await readLogHead())!;
    }
  }

  private async signedHead(size: number, root: Buffer, frontier: Buffer[]): Promise<LogHead> {
    const { signer, origin } = this.options;
    const [note, publicKey] = await Promise.all([signCheckpoint(signer, origin, size, root), signer.publicKey()]);
    return { size, root, frontier, at: clock.now().toISOString(), note, origin, keyName: signer.keyName, vkey: formatVkey(signer.keyName, publicKey) };
  }

  /**
   * One wake-up: reads the backlog once and numbers what it can, in as many transactions as that
   * takes. Events whose entity has an earlier event still unnumbered wait for a later run.
   */
  async run(known?: LogHead): Promise<SequencerRun> {
    // The head this sequencer left last time, when the caller has it (drain does): its condition
    // refuses the batch if anybody moved the head since, so trusting it costs one stale run at most.
    let head = known ?? (await this.head());
    const read = await readPending(this.options.perShard ?? PER_SHARD);
    const pending = read.events.filter((e) => !this.recent.has(keyOf(e)));
    const ordered = await this.order(pending);
    const perTx = this.options.eventsPerTransaction ?? EVENTS_PER_TRANSACTION;
    const out: SequencerRun = { sealed: 0, transactions: 0, size: head.size, stale: false, head, more: read.more || ordered.length < pending.length };
    const batches: PendingEvent[][] = [];
    for (let i = 0; i < ordered.length; i += perTx) batches.push(ordered.slice(i, i + perTx));
    // One batch ahead: the next batch is hashed and signed (from the head this one will leave) while
    // this one's transaction is in flight. If this one fails, the prepared one is thrown away unsent.
    let prepared = batches.length > 0 ? await this.prepare(head, batches[0]) : undefined;
    for (let b = 0; prepared; b++) {
      const committing = this.commit(prepared);
      const next = b + 1 < batches.length ? this.prepare(prepared.next, batches[b + 1]) : undefined;
      // Settle the preparation even if the commit throws, so no rejection is left unhandled.
      const [committed, following] = await Promise.all([committing, next?.catch((error: unknown) => error as Error)]);
      if (!committed) {
        out.stale = true;
        break;
      }
      if (following instanceof Error) throw following;
      head = prepared.next;
      out.sealed += prepared.batch.length;
      out.transactions += 1;
      out.size = head.size;
      out.head = head;
      prepared = following;
    }
    return out;
  }

  /**
   * The backlog in the order it is numbered: oldest first, except that an entity's n-th event never
   * comes before its (n-1)-th. An event whose predecessor is neither numbered already nor in this
   * backlog (the index has not shown it yet) is left for a later run, with the entity's later events.
   */
  private async order(pending: PendingEvent[]): Promise<PendingEvent[]> {
    const candidates = new Map(pending.map((e) => [keyOf(e), e]));
    const unknown = [...candidates.values()]
      .filter((e) => e.n > 1)
      .map((e) => ({ pk: e.pk, sk: pad(e.n - 1) }))
      .filter((k) => !candidates.has(itemKeyText(k)) && !this.recent.has(itemKeyText(k)));
    const read = unknown.length > 0 ? await batchGet(unknown, { consistent: true }) : new Map<string, Record<string, unknown>>();
    const sealedBefore = (key: string) => this.recent.has(key) || read.get(key)?.seq !== undefined;

    const sorted = [...candidates.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
    const placed = new Set<string>();
    const waiting = new Map<string, PendingEvent>(); // by the key of the predecessor each waits for
    const out: PendingEvent[] = [];
    const place = (event: PendingEvent) => {
      for (let e: PendingEvent | undefined = event; e; ) {
        const key = keyOf(e);
        out.push(e);
        placed.add(key);
        const next: PendingEvent | undefined = waiting.get(key);
        waiting.delete(key);
        e = next;
      }
    };
    for (const event of sorted) {
      if (event.n === 1) {
        place(event);
        continue;
      }
      const before = itemKeyText({ pk: event.pk, sk: pad(event.n - 1) });
      if (placed.has(before) || sealedBefore(before)) place(event);
      else waiting.set(before, event);
    }
    return out;
  }

  /** One batch's transaction: the events' seqs, the tiles, the head and its checkpoint. */
  private async prepare(head: LogHead, batch: PendingEvent[]): Promise<Prepared> {
    const sealed = batch.map((e, i) => sealEvent({ seq: head.size + i + 1, eventId: e.eventId, at: e.at, actor: e.actor, action: e.action, entityType: e.entityType, entityId: e.entityId, data: e.data }));
    const leaves = sealed.map((e) => Buffer.from(e.leafHash, "hex"));
    const appended = appendLeaves(head.size, head.frontier, leaves);
    const tiles = tileAppends(appended.nodes, head.size, batch.map(eventRef));
    const items = batch.length + tiles.length + 1;
    if (items > MAX_TRANSACTION_ITEMS) throw new Error(`a batch of ${batch.length} events needs ${items} items; lower eventsPerTransaction`);
    const next = await this.signedHead(head.size + batch.length, foldNodes(appended.frontier), appended.frontier);

    const table = tableName();
    const transactItems: TransactItem[] = [
      ...batch.map(
        (e, i): TransactItem => ({
          Update: {
            TableName: table,
            Key: { pk: e.pk, sk: e.sk },
            UpdateExpression: "SET seq = :seq, leafHash = :leaf REMOVE #ip, #is",
            // Still unnumbered: an index entry that outlived its event's numbering is refused here.
            ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(seq)",
            ExpressionAttributeNames: { "#ip": PENDING_INDEX.partitionKey, "#is": PENDING_INDEX.sortKey },
            ExpressionAttributeValues: { ":seq": sealed[i].seq, ":leaf": sealed[i].leafHash },
          },
        }),
      ),
      ...tiles.map(tileAppendItem),
      {
        Put: {
          TableName: table,
          Item: logHeadItem(next),
          ConditionExpression: "treeSize = :size",
          ExpressionAttributeValues: { ":size": head.size },
        },
      },
    ];
    return { size: head.size, batch, next, transactItems };
  }

  /** Sends one prepared batch; false when its conditions refused it (another sequencer, or a stale index entry). */
  private async commit(prepared: Prepared): Promise<boolean> {
    const { batch } = prepared;
    await this.options.beforeCommit?.({ size: prepared.size, events: batch });
    try {
      await dynamo().send(new TransactWriteCommand({ TransactItems: prepared.transactItems }));
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      // An event already numbered (the index lagged): remember it, so the next run skips it.
      batch.forEach((e, i) => {
        if (reasons[i]?.Code === "ConditionalCheckFailed") this.remember(keyOf(e));
      });
      logger.info("sequencer batch not committed", { size: prepared.size, events: batch.length, reasons: reasons.map((r) => r.Code ?? "None") });
      return false;
    }
    for (const e of batch) this.remember(keyOf(e));
    for (const listener of sealedListeners) listener(prepared.next.size);
    return true;
  }
}

interface Prepared {
  /** The log's size the batch is conditioned on. */
  size: number;
  batch: PendingEvent[];
  /** The head this batch leaves, its checkpoint signed. */
  next: LogHead;
  transactItems: TransactItem[];
}

function keyOf(e: { pk: string; sk: string }): string {
  return itemKeyText(e);
}

/**
 * Runs until the backlog is empty (or `deadline` passes): what the local loop and the Lambda do on a
 * wake-up. Returns how many events it numbered. The head is read once and then carried from run to
 * run; a run that read the whole backlog and sealed it is the last (events committed meanwhile wake
 * the sequencer again), so an idle wake-up costs one head read and one query per shard.
 */
export async function drain(sequencer: Sequencer, deadline = Number.POSITIVE_INFINITY): Promise<number> {
  let total = 0;
  let head: LogHead | undefined;
  for (let round = 0; Date.now() < deadline; round++) {
    const run = await sequencer.run(head);
    total += run.sealed;
    if (run.stale) {
      // Raced another sequencer (or a stale index entry): read the head again, after a little while.
      head = undefined;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** Math.min(round, 6))));
      continue;
    }
    head = run.head;
    if (run.sealed === 0 || !run.more) break;
  }
  return total;
}
