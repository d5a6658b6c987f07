import { BatchWriteItemCommand, DynamoDBClient, TransactWriteItemsCommand, type WriteRequest } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { env } from "../lambdas/env.ts";
import type { LicenceRecord } from "../lambdas/domain/licence.ts";
import { REGIONS } from "../lambdas/schemas/common.ts";
import { saveLicence } from "../lambdas/store/licences.ts";
import type { BenchContext, Benchmark } from "./lib/context.ts";
import { holds, reportOnly, type Figure } from "./lib/figures.ts";
import { expectStatus } from "./lib/journey.ts";
import { percentile, median } from "./lib/stats.ts";

// Metering's two figures (docs/energy.md "Figures"):
//   throughput  12 grid operators (one per region) each post 500 readings at once: readings stored
//               per second, divided by the same 12 x 500 reading-sized items written as raw
//               100-item TransactWriteItems, 12 writers at once (the floor: what the table takes
//               with nothing else done). Budget ratio >= 0.3.
//   latency     one 500-reading request, REQUESTS times one after another: p99, divided by the p99 of
//               the same 500 items in raw 100-item transactions one after another. Budget ratio <= 4.
// Every request is new readings for fresh licences, so each figure times stores, not re-posts.

const OPERATORS = REGIONS.length;
const PER_REQUEST = 500;
const LICENCES_PER_REQUEST = 25;
const MONTHS = PER_REQUEST / LICENCES_PER_REQUEST;
const REQUESTS = 20;
const ROUNDS = 3;

function rawClient(ctx: BenchContext): DynamoDBClient {
  return new DynamoDBClient({ region: env().region, endpoint: ctx.emulators.env.dynamoEndpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } });
}

const months = Array.from({ length: MONTHS }, (_, i) => new Date(Date.UTC(2024, i, 1)).toISOString().slice(0, 7));

/** A batch's licences (`tag`: 4 digits, so the numbers are PCC-BTC-2024-<tag><nn>) (written raw: the bench is about readings), and its 500 readings. */
function batch(tag: string, region: string) {
  const numbers = Array.from({ length: LICENCES_PER_REQUEST }, (_, i) => `PCC-BTC-2024-${tag}${String(i).padStart(2, "0")}`);
  const licences = numbers.map((licenceNumber, i): LicenceRecord => ({
    licenceNumber, applicationId: `bench-meter-${tag}-${i}`, holderSub: `bench-meter-${tag}-${i}`, legalName: `Bench Meter ${tag} ${i}`, category: "BITCOIN_MINING", region: region as LicenceRecord["region"],
    approvedMw: 10, roundId: "benchmeterround", status: "ACTIVE", conditions: [], issuedAt: "2024-01-01T00:00:00.000Z", expiresAt: "2026-12-31T00:00:00.000Z", termMonths: 36, version: 1, updatedAt: "2024-01-01T00:00:00.000Z", statusHistory: [],
  }));
  const readings = months.flatMap((period) => numbers.map((licenceNumber, i) => ({ licenceNumber, period, energyMwh: 5000 + i, peakMw: 9.5 })));
  return { licences, readings };
}

async function writeRaw(client: DynamoDBClient, items: Record<string, unknown>[]): Promise<void> {
  const table = env().tableName;
  for (let i = 0; i < items.length; i += 25) {
    let pending: WriteRequest[] = items.slice(i, i + 25).map((item) => ({ PutRequest: { Item: marshall(item, { removeUndefinedValues: true }) } }));
    while (pending.length > 0) pending = (await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }))).UnprocessedItems?.[table] ?? [];
  }
}

const licenceItems = (licences: LicenceRecord[]) => licences.map((l) => (saveLicence(l).item as { Put: { Item: Record<string, unknown> } }).Put.Item);

/** The floor for one batch: its 500 reading-sized items in raw 100-item conditioned transactions. */
async function rawBatch(client: DynamoDBClient, tag: string, readings: ReturnType<typeof batch>["readings"]): Promise<void> {
  const table = env().tableName;
  for (let i = 0; i < readings.length; i += 100) {
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: readings.slice(i, i + 100).map((r) => ({
          Put: {
            TableName: table,
            Item: marshall({ pk: `RAWMTR#${tag}#${r.licenceNumber}`, sk: `MTR#${r.period}`, gsi2pk: `RAWUSAGE#${tag}`, gsi2sk: `${r.period}#${r.licenceNumber}`, ...r, approvedMw: 10, allowedMw: 10, roundId: "raw", region: "KE", category: "BITCOIN_MINING", recordedAt: new Date().toISOString(), recordedBy: "raw", version: 1 }),
            ConditionExpression: "attribute_not_exists(pk)",
          },
        })),
      }),
    );
  }
}

async function post(ctx: BenchContext, region: string, readings: unknown[]) {
  const res = await ctx.api.request("POST", "/api/meter-readings", { token: { sub: `bench-grid-${region}`, groups: [], scope: `sandbox/meter.${region}` }, body: { readings } });
  expectStatus(res, 200, "post meter readings");
  if (res.json.stored !== readings.length) throw new Error(`expected ${readings.length} stored, got ${JSON.stringify(res.json)}`);
}

/** A post that may time out under load (the function's 10 s): counted, not thrown, so the run reports it. */
async function tryPost(ctx: BenchContext, region: string, readings: unknown[]): Promise<boolean> {
  try {
    await post(ctx, region, readings);
    return true;
  } catch (error) {
    ctx.log(`meter readings: ${region}: ${(error as Error).message.slice(0, 120)}`);
    return false;
  }
}

async function throughput(ctx: BenchContext, client: DynamoDBClient): Promise<Figure[]> {
  const ratios: number[] = [];
  const product: number[] = [];
  const raw: number[] = [];
  let failed = 0;
  // Warm-up (not timed): the handler module, the tokens, the connections.
  const warm = batch("7000", "KE");
  await writeRaw(client, licenceItems(warm.licences));
  await post(ctx, "KE", warm.readings);
  for (let round = 0; round < ROUNDS; round++) {
    const batches = REGIONS.map((region, r) => batch(`${round}0${String(r).padStart(2, "0")}`, region));
    await writeRaw(client, batches.flatMap((b) => licenceItems(b.licences)));
    let t = performance.now();
    const answered = (await Promise.all(batches.map((b, r) => tryPost(ctx, REGIONS[r], b.readings)))).filter((ok) => ok).length;
    failed += OPERATORS - answered;
    // Only what was stored counts (a timed-out request's readings are resent by its operator).
    const p = (answered * PER_REQUEST) / ((performance.now() - t) / 1000);
    t = performance.now();
    await Promise.all(batches.map((b, r) => rawBatch(client, `T${round}-${r}`, b.readings)));
    const f = (OPERATORS * PER_REQUEST) / ((performance.now() - t) / 1000);
    product.push(p);
    raw.push(f);
    ratios.push(p / f);
  }
  ctx.detail(
    `meter readings throughput: ${OPERATORS} operators x ${PER_REQUEST} new readings at once, ${ROUNDS} rounds; readings/s ${product.map((x) => x.toFixed(0)).join(", ")}; ` +
      `floor (raw 100-item TransactWriteItems of the same items, ${OPERATORS} writers) ${raw.map((x) => x.toFixed(0)).join(", ")} items/s.`,
  );
  const ratio = median(ratios);
  return [
    { ...reportOnly("meter readings: readings stored per second, 12 operators x 500 at once", median(product), "1/s", { floor: median(raw), note: "floor: raw 100-item transactions, 12 writers" }), budget: "ratio >= 0.3", ok: ratio >= 0.3 },
    holds("meter readings: every one of the 12 concurrent requests answered 200 within the function timeout", failed === 0, "holds", failed ? `${failed} of ${ROUNDS * OPERATORS} answered 503 (timed out)` : undefined),
  ];
}

async function latency(ctx: BenchContext, client: DynamoDBClient): Promise<Figure[]> {
  const batches = Array.from({ length: REQUESTS }, (_, i) => batch(`9${String(i).padStart(3, "0")}`, "KE"));
  const warm = batch("8000", "KE");
  await writeRaw(client, [...warm.licences, ...batches.flatMap((b) => b.licences)].map((l) => licenceItems([l])[0]));
  // Warm-up (not timed): the handler module, the token, the connections.
  await post(ctx, "KE", warm.readings);
  const product: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    let t = performance.now();
    await post(ctx, "KE", batches[i].readings);
    product.push(performance.now() - t);
    t = performance.now();
    await rawBatch(client, `L${i}`, batches[i].readings);
    raw.push(performance.now() - t);
  }
  const p99 = percentile(product, 99);
  const floor = percentile(raw, 99);
  ctx.detail(`meter readings latency: ${REQUESTS} requests of ${PER_REQUEST} new readings one after another; p50 ${median(product).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms; floor (the same items in raw 100-item transactions) p99 ${floor.toFixed(0)} ms.`);
  return [
    { ...reportOnly("meter readings: one 500-reading request, p99", p99, "ms", { floor, note: `p50 ${median(product).toFixed(0)} ms` }), budget: "ratio <= 4", ok: p99 / floor <= 4 },
    holds("meter readings: every request stored all its readings", product.length === REQUESTS, "holds"),
  ];
}

export const meterReadingsBenchmark: Benchmark = {
  name: "meter-readings",
  async run(ctx) {
    const client = rawClient(ctx);
    try {
      return [...(await throughput(ctx, client)), ...(await latency(ctx, client))];
    } finally {
      client.destroy();
    }
  },
};
