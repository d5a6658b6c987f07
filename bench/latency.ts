import { randomUUID } from "node:crypto";
import { DynamoDBClient, GetItemCommand, TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";
import type { ApiResponse } from "../test/support/api.ts";
import { keys } from "../lambdas/store/keys.ts";
import type { BenchContext, Benchmark } from "./lib/context.ts";
import { ratioAtMost, reportOnly, type Figure } from "./lib/figures.ts";
import { counters, onInvocation, setCountsOnly } from "./lib/instrument.ts";
import { addDocuments, APPLICANT, applicationBody, approve, assign, BENCH_YEAR, createDraft, expectStatus, MAIN_LINE, submit } from "./lib/journey.ts";
import { runPool, timedPool } from "./lib/pool.ts";
import { percentile } from "./lib/stats.ts";

// Latency through the dev gateway (HTTP, JWT check, the handler, DynamoDB Local) at concurrency 4,
// p50 and p99 of SAMPLES requests per operation, each against a floor measured the same way (same
// process, same concurrency, same count, in alternating blocks):
// - writes: a raw TransactWriteItems with as many items as the operation's own transaction.
//   Budget p50 <= 1.5x, p99 <= 3x.
// - reads: a route that does one GetItem through the same gateway and middlewares, of the same
//   access (public: GET /api/register/{licenceNumber}; auditor: GET /api/audit/checkpoint), checked
//   to make exactly one DynamoDB call. Budget p50 <= 1.5x, p99 <= 2x. A raw GetItem is shown beside.

const SAMPLES = 200;
const BLOCKS = 4;
const WARMUP = 8;
const CONCURRENCY = 4;

interface Op {
  name: string;
  kind: "read" | "write";
  /** The input of each of `count` requests, prepared untimed. */
  prepare(ctx: BenchContext, count: number): Promise<unknown[]>;
  request(ctx: BenchContext, input: unknown, index: number): Promise<ApiResponse>;
  expect: number;
  /** Shown for calibration, not judged. */
  reportOnly?: boolean;
  /** What a request answered, for the next operation of the pipeline. */
  keep?(response: ApiResponse, input: unknown): void;
  /** Reads: the one-GetItem route of the same access that is its floor. */
  floorRoute?: FloorRoute;
}

interface FloorRoute {
  name: string;
  routeId: string;
  prepare?(ctx: BenchContext): Promise<void>;
  request(ctx: BenchContext): Promise<ApiResponse>;
}

const BUDGETS = { read: { p50: 1.5, p99: 2 }, write: { p50: 1.5, p99: 3 } } as const;

/**
 * The write operations form a pipeline so that no application is prepared twice: the drafts that
 * `create` makes get their documents and are submitted by `submit`, then assigned and approved by
 * `approve` (which leaves the licences `register` lists).
 */
function pipeline(): Op[] {
  const drafts: string[] = [];
  const submitted: string[] = [];
  // A licence the approvals issued, found once (untimed) from the register.
  let licence: string | undefined;
  const publicFloor: FloorRoute = {
    name: "GET /api/register/{licenceNumber}",
    routeId: "get-register-entry",
    prepare: async (ctx) => {
      licence ??= (expectStatus(await ctx.api.request("GET", "/api/register?limit=1"), 200, "register").json.items as { licenceNumber: string }[])[0]?.licenceNumber;
      if (!licence) throw new Error("latency: the register is empty, no licence for the read floor");
    },
    request: (ctx) => ctx.api.request("GET", `/api/register/${encodeURIComponent(licence!)}`),
  };
  const auditorFloor: FloorRoute = {
    name: "GET /api/audit/checkpoint",
    routeId: "audit-get-checkpoint",
    request: (ctx) => ctx.api.request("GET", "/api/audit/checkpoint", { token: "auditor" }),
  };
  return [
    {
      name: "create",
      kind: "write",
      prepare: async (_ctx, count) => Array(count).fill(null),
      request: (ctx) => ctx.api.request("POST", "/api/applications", { token: APPLICANT, body: applicationBody() }),
      expect: 201,
      keep: (res) => void drafts.push(res.json.id as string),
    },
    {
      name: "submit",
      kind: "write",
      prepare: async (ctx, count) => {
        const ids = drafts.splice(0, count);
        if (ids.length < count) throw new Error("latency: create left too few drafts");
        await runPool(ids.length, CONCURRENCY, (i) => addDocuments(ctx.api, ids[i]));
        return ids;
      },
      request: (ctx, id) => submit(ctx.api, id as string),
      expect: 200,
      keep: (_res, id) => void submitted.push(id as string),
    },
    {
      name: "approve",
      kind: "write",
      prepare: async (ctx, count) => {
        const ids = submitted.splice(0, count);
        if (ids.length < count) throw new Error("latency: submit left too few applications");
        await runPool(ids.length, CONCURRENCY, async (i) => expectStatus(await assign(ctx.api, ids[i]), 200, "assign"));
        return ids;
      },
      request: (ctx, id) => approve(ctx.api, id as string),
      expect: 200,
    },
    {
      name: "eligibility",
      kind: "read",
      prepare: async (_ctx, count) => Array(count).fill(null),
      request: (ctx, _input, i) =>
        ctx.api.request("POST", "/api/eligibility", {
          body: { category: MAIN_LINE.category, region: MAIN_LINE.region, requestedMw: 1 + (i % 50), startDate: `${BENCH_YEAR}-03-01` },
        }),
      expect: 200,
      floorRoute: publicFloor,
    },
    {
      name: "register",
      kind: "read",
      prepare: async (_ctx, count) => Array(count).fill(null),
      request: (ctx) => ctx.api.request("GET", "/api/register?limit=25"),
      expect: 200,
      floorRoute: publicFloor,
    },
    {
      name: "audit events",
      kind: "read",
      prepare: async (_ctx, count) => Array(count).fill(null),
      request: (ctx, _input, i) => ctx.api.request("GET", `/api/audit/events?afterSeq=${(i * 7) % 500}&limit=25`, { token: "auditor" }),
      expect: 200,
      floorRoute: auditorFloor,
    },
    {
      // The dev gateway's own cost (HTTP in and out, routing, no handler, no DynamoDB): what every
      // figure above pays on top of its handler, and which its floor does not.
      name: "gateway only (GET /api/dev/jwks.json)",
      kind: "read",
      reportOnly: true,
      prepare: async (_ctx, count) => Array(count).fill(null),
      request: (ctx) => ctx.api.request("GET", "/api/dev/jwks.json"),
      expect: 200,
      floorRoute: publicFloor,
    },
  ];
}

function rawClient(ctx: BenchContext): DynamoDBClient {
  const e = ctx.emulators.env;
  // The handlers' client settings (lambdas/store/clients.ts), without the app around it.
  return new DynamoDBClient({ region: e.region, endpoint: e.dynamoEndpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 3 });
}

/** The write floor: a TransactWriteItems of `items` new ~1 KB items. */
function writeFloor(ctx: BenchContext, client: DynamoDBClient, items: number): (i: number) => Promise<void> {
  const table = ctx.emulators.env.tableName;
  return async (i: number): Promise<void> => {
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: Array.from({ length: items }, (_, j) => ({
          Put: {
            TableName: table,
            Item: { pk: { S: `BENCHFLOOR#${randomUUID()}` }, sk: { S: `ITEM#${j}` }, n: { N: String(i) }, payload: { S: "x".repeat(900) } },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        })),
      }),
    );
  };
}

/** A raw GetItem of a real application item at the same concurrency: shown beside the read floors. */
async function rawGetItem(ctx: BenchContext, client: DynamoDBClient): Promise<Figure[]> {
  const key = keys.application(await createDraft(ctx.api));
  const get = () => client.send(new GetItemCommand({ TableName: ctx.emulators.env.tableName, Key: { pk: { S: key.pk }, sk: { S: key.sk } } }));
  await timedPool(WARMUP, CONCURRENCY, get);
  const { ms } = await timedPool(SAMPLES, CONCURRENCY, get);
  const note = "no gateway, no handler: what DynamoDB Local alone answers in";
  return [reportOnly("latency raw GetItem p50", percentile(ms, 50), "ms", { note }), reportOnly("latency raw GetItem p99", percentile(ms, 99), "ms", { note })];
}

export const latencyBenchmark: Benchmark = {
  name: "latency",
  async run(ctx) {
    const client = rawClient(ctx);
    const figures: Figure[] = [];
    // The handlers' DynamoDB calls are counted (commit retries, transaction sizes), not sized.
    setCountsOnly(true);
    try {
      for (const op of pipeline()) {
        const inputs = await op.prepare(ctx, WARMUP + SAMPLES);
        // The operation's own transaction size, as its handler sent it.
        const txItems: number[] = [];
        const stop = onInvocation((inv) => {
          for (const call of inv.calls) if (call.command === "TransactWriteItems" && !call.cancelled && !call.error) txItems.push(call.requestItems);
        });
        let unexpected = 0;
        const call = async (i: number) => {
          const res = await op.request(ctx, inputs[i], i);
          if (res.status !== op.expect) unexpected++;
          else op.keep?.(res, inputs[i]);
          return res.status;
        };
        const ms: number[] = [];
        const floor: number[] = [];
        const before = { ...counters };
        let floorName: string;
        // Reads: every floor-route invocation's DynamoDB calls, to prove it does one GetItem.
        const floorCalls: string[][] = [];
        const stopFloor = op.floorRoute
          ? onInvocation((inv) => {
              if (inv.routeId === op.floorRoute!.routeId) floorCalls.push(inv.calls.map((c) => c.command));
            })
          : undefined;
        try {
          await timedPool(WARMUP, CONCURRENCY, call);
          let floorSend: (i: number) => Promise<unknown>;
          if (op.kind === "write") {
            // The floor's transaction size is the operation's own, known after its first requests.
            if (txItems.length === 0) throw new Error(`latency ${op.name}: no TransactWriteItems observed`);
            const items = Math.max(...txItems);
            floorName = `TransactWriteItems of ${items}`;
            floorSend = writeFloor(ctx, client, items);
          } else {
            const route = op.floorRoute;
            if (!route) throw new Error(`latency ${op.name}: a read needs its one-GetItem floor route`);
            await route.prepare?.(ctx);
            floorName = `${route.name} (one GetItem through the gateway)`;
            floorSend = async () => expectStatus(await route.request(ctx), 200, route.name);
          }
          await timedPool(WARMUP, CONCURRENCY, floorSend);
          // Blocks of the operation and of its floor alternate, so that load from elsewhere on a
          // shared machine falls on both alike.
          const block = SAMPLES / BLOCKS;
          for (let b = 0; b < BLOCKS; b++) {
            ms.push(...(await timedPool(block, CONCURRENCY, (i) => call(WARMUP + b * block + i))).ms);
            floor.push(...(await timedPool(block, CONCURRENCY, (i) => floorSend(b * block + i))).ms);
          }
        } finally {
          stop();
          stopFloor?.();
        }
        const notOne = floorCalls.filter((calls) => calls.length !== 1 || calls[0] !== "GetItem");
        if (op.floorRoute && (floorCalls.length === 0 || notOne.length > 0)) {
          throw new Error(`latency ${op.name}: the floor route ${op.floorRoute.name} is not one GetItem (${notOne[0]?.join(", ") ?? "no invocation seen"})`);
        }
        const retries = (counters.transactCancelled - before.transactCancelled) / (WARMUP + SAMPLES);
        const note = `floor ${floorName}${op.kind === "write" ? `; ${retries.toFixed(2)} commit retries per request` : ""}`;
        const budget = BUDGETS[op.kind];
        const p50 = ratioAtMost(`latency ${op.name} p50`, percentile(ms, 50), "ms", percentile(floor, 50), budget.p50, { note });
        const p99 = ratioAtMost(`latency ${op.name} p99`, percentile(ms, 99), "ms", percentile(floor, 99), budget.p99, { note });
        if (unexpected) {
          for (const f of [p50, p99]) {
            f.ok = false;
            f.note = `${f.note}; ${unexpected} answers were not ${op.expect}`;
          }
        }
        if (op.reportOnly) {
          figures.push(
            reportOnly(`latency ${op.name} p50`, p50.value, "ms", { floor: p50.floor, note }),
            reportOnly(`latency ${op.name} p99`, p99.value, "ms", { floor: p99.floor, note }),
          );
        } else figures.push(p50, p99);
        ctx.log(`latency ${op.name}: p50 ${p50.value} ms (floor ${p50.floor}), p99 ${p99.value} ms (floor ${p99.floor})`);
      }
      figures.push(...(await rawGetItem(ctx, client)));
    } finally {
      setCountsOnly(false);
      client.destroy();
    }
    return figures;
  },
};
