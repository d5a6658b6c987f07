import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { BatchWriteItemCommand, DynamoDBClient, TransactWriteItemsCommand, type WriteRequest } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { env } from "../lambdas/env.ts";
import { drain, onSealed, Sequencer } from "../lambdas/services/audit-sequencer.ts";
import { commitStats } from "../lambdas/store/commit.ts";
import { newEventId } from "../lambdas/store/event-id.ts";
import { readLogHead } from "../lambdas/store/log-head.ts";
import { pendingEventItem } from "../lambdas/store/pending-events.ts";
import { localSigner } from "../lambdas/store/signers.ts";
import { sequencerKeyFile } from "../local/sequencer-loop.ts";
import type { TestApi } from "../test/support/api.ts";
import type { BenchContext, Benchmark } from "./lib/context.ts";
import { atLeast, atMost, holds, reportOnly, type Figure } from "./lib/figures.ts";
import { setCountsOnly } from "./lib/instrument.ts";
import { applicationBody, expectStatus } from "./lib/journey.ts";
import { runPool } from "./lib/pool.ts";
import { median, percentile } from "./lib/stats.ts";

// The transparency log's three figures (docs/sequencer.md):
//   independent writes  16 creates by 16 different firms at once vs one at a time (throughput),
//                       divided by the same ratio for raw TransactWriteItems of the same two items
//                       (the record and its event); median of ROUNDS alternating rounds. Budget
//                       >= 0.8, and 0 commit retries per request (nothing shared between them).
//   sequencer           events sealed per second by one Sequencer draining a backlog of BACKLOG
//                       pending events (the local loop stopped meanwhile). Budget >= 1,000/s.
//   merge delay         creates sent at 100/s for 30 s through the gateway with the local loop
//                       running; for each, the time from its answer to the commit of the first
//                       signed head that covers its event (told in-process by onSealed, so that no
//                       polling of the head adds load to the emulator being measured). Budget p99 <= 2 s.
// The handlers' DynamoDB calls are only counted meanwhile (the capacity benchmark sizes them).

const FIRMS = 16;
const ROUNDS = 5;
const BACKLOG = 6_000;
const RATE = 100;
const SECONDS = 30;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function rawClient(ctx: BenchContext): DynamoDBClient {
  return new DynamoDBClient({ region: env().region, endpoint: ctx.emulators.env.dynamoEndpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } });
}

/** A create's transaction written raw: an application-sized record and its pending event. */
function rawCreate(client: DynamoDBClient, table: string): Promise<unknown> {
  const id = randomUUID();
  const at = new Date().toISOString();
  const record = { pk: `RAW#${id}`, sk: "APP", id, status: "DRAFT", version: 1, createdAt: at, updatedAt: at, ownerSub: `raw-${id}`, ...applicationBody() };
  const event = pendingEventItem({ eventId: newEventId(), at, actor: { sub: "raw", groups: ["applicant"] }, action: "raw.created", entityType: "raw", entityId: id, data: { category: "BITCOIN_MINING", status: "DRAFT" }, n: 1 });
  return client.send(
    new TransactWriteItemsCommand({
      TransactItems: [
        { Put: { TableName: table, Item: marshall(record, { removeUndefinedValues: true }), ConditionExpression: "attribute_not_exists(pk)" } },
        // Keyed so the sequencer leaves it alone (not under EVT#): same size, no backlog.
        { Put: { TableName: table, Item: marshall({ ...event, pk: `RAWEVT#${id}`, gsi4pk: undefined, gsi4sk: undefined }, { removeUndefinedValues: true }), ConditionExpression: "attribute_not_exists(pk)" } },
      ],
    }),
  );
}

/** Requests per second, one at a time and all at once; `make(i)` is the i-th request. */
async function scaling(make: (i: number) => Promise<unknown>): Promise<{ sequential: number; concurrent: number }> {
  let t = performance.now();
  for (let i = 0; i < FIRMS; i++) await make(i);
  const sequential = FIRMS / ((performance.now() - t) / 1000);
  t = performance.now();
  await Promise.all(Array.from({ length: FIRMS }, (_, i) => make(FIRMS + i)));
  const concurrent = FIRMS / ((performance.now() - t) / 1000);
  return { sequential, concurrent };
}

async function firmTokens(api: TestApi, round: number): Promise<string[]> {
  return Promise.all(Array.from({ length: 2 * FIRMS }, (_, i) => api.token({ sub: `firm-${round}-${i}`, groups: ["applicant"] })));
}

async function independentWrites(ctx: BenchContext): Promise<Figure[]> {
  const client = rawClient(ctx);
  const table = env().tableName;
  const ratios: number[] = [];
  const product: number[] = [];
  const raw: number[] = [];
  let requests = 0;
  const retriesBefore = commitStats.retries;
  try {
    // Warm-up: the handler module, the token cache, the connections.
    const warm = await firmTokens(ctx.api, -1);
    await Promise.all(warm.slice(0, 4).map((token) => ctx.api.request("POST", "/api/applications", { token, body: applicationBody() })));
    await Promise.all(Array.from({ length: 4 }, () => rawCreate(client, table)));
    const warmRetries = commitStats.retries;
    for (let round = 0; round < ROUNDS; round++) {
      const tokens = await firmTokens(ctx.api, round);
      const p = await scaling(async (i) => expectStatus(await ctx.api.request("POST", "/api/applications", { token: tokens[i], body: applicationBody() }), 201, "create"));
      const r = await scaling(() => rawCreate(client, table));
      requests += 2 * FIRMS;
      product.push(p.concurrent / p.sequential);
      raw.push(r.concurrent / r.sequential);
      ratios.push(p.concurrent / p.sequential / (r.concurrent / r.sequential));
    }
    const retries = commitStats.retries - warmRetries;
    ctx.detail(
      `independent writes: ${FIRMS} creates by ${FIRMS} firms, ${ROUNDS} rounds; product concurrent/sequential ${product.map((x) => x.toFixed(2)).join(", ")}; ` +
        `raw TransactWriteItems ${raw.map((x) => x.toFixed(2)).join(", ")}; commit retries ${retries} in ${requests} creates (${commitStats.retries - retriesBefore} with warm-up).`,
    );
    return [
      atLeast("independent writes: 16 firms at once vs one at a time, over raw TransactWriteItems' scaling", median(ratios), "x", 0.8, {
        note: `product ${median(product).toFixed(2)}x, raw ${median(raw).toFixed(2)}x`,
        budget: ">= 0.8",
      }),
      { ...atMost("independent writes: commit retries per request", retries / requests, "retries", 0), budget: "0" },
    ];
  } finally {
    client.destroy();
  }
}

async function sequencerRate(ctx: BenchContext): Promise<Figure[]> {
  const client = rawClient(ctx);
  const table = env().tableName;
  await ctx.sequencer.stop();
  try {
    const requests: WriteRequest[][] = [];
    const at = new Date().toISOString();
    for (let i = 0; i < BACKLOG; i += 25) {
      requests.push(
        Array.from({ length: Math.min(25, BACKLOG - i) }, (_, j) => ({
          PutRequest: {
            Item: marshall(
              pendingEventItem({ eventId: newEventId(), at, actor: { sub: "bench", groups: ["applicant"] }, action: "bench.backlog", entityType: "bench", entityId: `b-${i + j}-${randomUUID()}`, data: { i: i + j, category: "BITCOIN_MINING", status: "DRAFT" }, n: 1 }),
            ),
          },
        })),
      );
    }
    await runPool(requests.length, 4, async (i) => {
      let pending = requests[i];
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 10) throw new Error("BatchWriteItem kept returning unprocessed items");
        const { UnprocessedItems } = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
        pending = UnprocessedItems?.[table] ?? [];
      }
    });
    const before = (await readLogHead())?.size ?? 0;
    const sequencer = new Sequencer({ signer: localSigner(sequencerKeyFile(join(ctx.tmp)), env().auditLogOrigin), origin: env().auditLogOrigin });
    const start = performance.now();
    const sealed = await drain(sequencer);
    const seconds = (performance.now() - start) / 1000;
    const after = (await readLogHead())?.size ?? 0;
    const floor = await rawSealRate(client, table);
    ctx.detail(
      `sequencer: drained a backlog of ${BACKLOG} pending events (${sealed} sealed by this run, log ${before} -> ${after}) in ${seconds.toFixed(2)} s, 90 events per TransactWriteItems, 500 read per shard per wake-up; ` +
        `floor: the same 90 conditioned updates (seq, leaf hash, out of the index) per raw TransactWriteItems, nothing else, ${floor.toFixed(0)} items/s.`,
    );
    return [
      atLeast("sequencer: events sealed into the log per second, sustained", sealed / seconds, "1/s", 1000, { note: `${BACKLOG} pending; floor: raw 90-update transactions`, floor, budget: ">= 1,000/s" }),
      holds("sequencer: the whole backlog sealed", sealed >= BACKLOG && after - before === sealed, "holds"),
    ];
  } finally {
    client.destroy();
    await ctx.sequencer.start();
  }
}

/** Items per second of raw 90-item TransactWriteItems doing only the events' part of a batch. */
async function rawSealRate(client: DynamoDBClient, table: string): Promise<number> {
  const count = 1_800;
  const at = new Date().toISOString();
  const items = Array.from({ length: count }, (_, i) => {
    const item = pendingEventItem({ eventId: newEventId(), at, actor: { sub: "bench", groups: ["applicant"] }, action: "bench.raw", entityType: "bench", entityId: `raw-${i}-${randomUUID()}`, data: { i, category: "BITCOIN_MINING", status: "DRAFT" }, n: 1 });
    // In the same index, under a partition the sequencer never reads.
    return { ...item, pk: `RAW${item.pk as string}`, sk: item.sk as string, gsi4pk: `RAWPENDING#${i % 4}` };
  });
  for (let i = 0; i < count; i += 25) {
    let pending: WriteRequest[] = items.slice(i, i + 25).map((item) => ({ PutRequest: { Item: marshall(item) } }));
    while (pending.length > 0) pending = (await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }))).UnprocessedItems?.[table] ?? [];
  }
  const start = performance.now();
  for (let i = 0; i < count; i += 90) {
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: items.slice(i, i + 90).map((item, j) => ({
          Update: {
            TableName: table,
            Key: marshall({ pk: item.pk, sk: item.sk }),
            UpdateExpression: "SET seq = :s, leafHash = :l REMOVE gsi4pk, gsi4sk",
            ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(seq)",
            ExpressionAttributeValues: marshall({ ":s": i + j + 1, ":l": "f".repeat(64) }),
          },
        })),
      }),
    );
  }
  return count / ((performance.now() - start) / 1000);
}

async function mergeDelay(ctx: BenchContext): Promise<Figure[]> {
  const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => ctx.api.token({ sub: `merge-firm-${i}`, groups: ["applicant"] })));
  // Every committed head: (time, size), in order.
  const sealed: { t: number; size: number }[] = [];
  const unsubscribe = onSealed((size) => sealed.push({ t: performance.now(), size }));
  const answered: { id: string; t: number }[] = [];
  const failures: number[] = [];
  const total = RATE * SECONDS;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    inFlight.push(
      ctx.api.request("POST", "/api/applications", { token: tokens[i % tokens.length], body: applicationBody() }).then((res) => {
        if (res.status === 201) answered.push({ id: res.json.id as string, t: performance.now() });
        else failures.push(res.status);
      }),
    );
  }
  await Promise.all(inFlight);
  const sentSeconds = (performance.now() - start) / 1000;
  // Until everything is covered, then map each application's event to its seq.
  for (;;) {
    const head = await ctx.api.request("GET", "/api/audit/events/head", { token: "auditor" });
    if (head.json.pendingEvents === 0) break;
    await sleep(50);
  }
  unsubscribe();
  const seqOf = new Map<string, number>();
  const head = (await readLogHead())!;
  const ids = new Set(answered.map((a) => a.id));
  for (let after = Math.max(0, head.size - total - 500); after < head.size; ) {
    const page = expectStatus(await ctx.api.request("GET", `/api/audit/events?afterSeq=${after}&limit=100`, { token: "auditor" }), 200, "events").json;
    for (const e of page.items as { seq: number; entityId: string; action: string }[]) if (e.action === "application.created" && ids.has(e.entityId)) seqOf.set(e.entityId, e.seq);
    if (!page.items.length) break;
    after = page.items[page.items.length - 1].seq;
  }
  const delays: number[] = [];
  for (const { id, t } of answered) {
    const seq = seqOf.get(id);
    if (seq === undefined) continue;
    const covered = sealed.find((p) => p.size >= seq);
    // A head committed before the answer reached the client counts as no delay.
    if (covered) delays.push(Math.max(0, covered.t - t) / 1000);
  }
  ctx.detail(
    `merge delay: ${total} creates at ${RATE}/s sent in ${sentSeconds.toFixed(1)} s (${answered.length} answered 201, ${failures.length} other), ` +
      `${delays.length} matched to their seq; ${sealed.length} heads committed meanwhile; delay p50 ${median(delays).toFixed(3)} s, p99 ${percentile(delays, 99).toFixed(3)} s, max ${Math.max(...delays).toFixed(3)} s.`,
  );
  return [
    atMost("merge delay: write answered -> covered by a signed checkpoint, p99 at 100 writes/s for 30 s", percentile(delays, 99), "s", 2, { note: `p50 ${median(delays).toFixed(3)} s` }),
    holds("merge delay: every write answered 201 and sealed", failures.length === 0 && delays.length === total, "holds", failures.length ? `${failures.length} answered ${[...new Set(failures)].join(",")}` : undefined),
    reportOnly("merge delay: writes/s achieved", total / sentSeconds, "1/s"),
  ];
}

export const auditLogBenchmark: Benchmark = {
  name: "audit-log",
  async run(ctx) {
    setCountsOnly(true);
    try {
      return [...(await independentWrites(ctx)), ...(await sequencerRate(ctx)), ...(await mergeDelay(ctx))];
    } finally {
      setCountsOnly(false);
    }
  },
};
