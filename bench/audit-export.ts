import { spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { BatchWriteItemCommand, DeleteTableCommand, DynamoDBClient, PutItemCommand, type WriteRequest } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { keys } from "../lambdas/store/keys.ts";
import { PROJECT_ROOT } from "../local/paths.ts";
import { handlerEnv, type EmulatorEnv } from "../local/handler-env.ts";
import type { BenchContext, Benchmark } from "./lib/context.ts";
import { auditTrail } from "./lib/audit-trail.ts";
import { type Figure, reportOnly } from "./lib/figures.ts";
import { runPool } from "./lib/pool.ts";
import { median } from "./lib/stats.ts";

// Exporting and verifying the audit trail at 10k and 100k events, two ways:
//   file  `audit:verify FILE` on an NDJSON trail sealed with lambdas/domain/audit-chain.ts;
//   api   `audit:verify --url` paging GET /api/audit/events (100 a page) from a dev gateway in its own
//         process, on a table loaded with the same trail by BatchWriteItem (plus its chain head).
// Throughput is events / the verifier's own reading-and-checking time (from its first read of the
// trail to its exit, timed by a preloaded hook), so Node and tsx start-up do not flatter the larger
// trail. Peak RSS is the verifier process's maxRSS; its floor is the same command on a one-event
// trail, and growth is measured over it. Budget: throughput at 100k within 10 % of 10k, RSS growth
// <= 50 MB.

const SIZES = [10_000, 100_000] as const;
const FILE_RUNS = 5;
const RSS_BUDGET_MB = 50;
const THROUGHPUT_TOLERANCE = 0.1;

// Preloaded into the verifier: its peak RSS at exit, and the time from its first read of the trail
// (opening the file, or the first fetch) to exit, which leaves out Node and tsx start-up.
const HOOK = `import fs, { writeSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
let first;
const mark = () => { first ??= performance.now(); };
const createReadStream = fs.createReadStream;
fs.createReadStream = function (...args) { mark(); return createReadStream.apply(this, args); };
syncBuiltinESMExports();
const fetch = globalThis.fetch;
globalThis.fetch = (...args) => { mark(); return fetch(...args); };
process.on("exit", () => writeSync(2, "\\nBENCH_RSS " + process.resourceUsage().maxRSS + "\\nBENCH_PHASE " + (performance.now() - (first ?? 0)) + "\\n"));
`;

interface Run {
  /** Wall time of the whole command. */
  ms: number;
  /** From the first read of the trail to exit. */
  phaseMs: number;
  rssMb: number;
}

function childEnv(names: EmulatorEnv | undefined): NodeJS.ProcessEnv {
  return {
    ...process.env,
    LOG_LEVEL: "SILENT",
    ...(names ? handlerEnv(names) : {}),
  };
}

async function verify(hook: string, args: string[], expectCount: number): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", "--import", hook, "scripts/audit-verify.ts", ...args], {
    cwd: PROJECT_ROOT,
    env: childEnv(undefined),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const [code] = (await once(child, "exit")) as [number | null];
  const ms = performance.now() - started;
  if (code !== 0 || !stdout.startsWith(`ok ${expectCount} events`)) {
    throw new Error(`audit:verify ${args.join(" ").slice(0, 80)} exited ${code}: ${stdout.slice(0, 300)} ${stderr.slice(-500)}`);
  }
  const rss = /BENCH_RSS (\d+)/.exec(stderr);
  const phase = /BENCH_PHASE ([\d.]+)/.exec(stderr);
  if (!rss || !phase) throw new Error("audit:verify: no RSS or timing line from the hook");
  return { ms, phaseMs: Number(phase[1]), rssMb: Number(rss[1]) / 1024 };
}

async function writeTrail(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  for (const event of auditTrail(count)) {
    if (!out.write(`${JSON.stringify(event)}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "close");
}

async function loadTable(client: DynamoDBClient, tableName: string, count: number): Promise<void> {
  const batches: WriteRequest[][] = [];
  let batch: WriteRequest[] = [];
  let last = { seq: 0, hash: "", at: "" };
  for (const event of auditTrail(count)) {
    batch.push({ PutRequest: { Item: marshall({ ...keys.auditEvent(event.seq), ...event }) } });
    if (batch.length === 25) {
      batches.push(batch);
      batch = [];
    }
    last = { seq: event.seq, hash: event.hash, at: event.at };
  }
  if (batch.length) batches.push(batch);
  await runPool(batches.length, 4, async (i) => {
    let pending: WriteRequest[] = batches[i];
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 10) throw new Error("BatchWriteItem kept returning unprocessed items");
      const { UnprocessedItems } = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
      pending = UnprocessedItems?.[tableName] ?? [];
    }
  });
  await client.send(new PutItemCommand({ TableName: tableName, Item: marshall({ ...keys.auditHead(), ...last }) }));
}

async function startGatewayChild(names: EmulatorEnv): Promise<{ url: string; token: string; stop(): Promise<number> }> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/lib/gateway-child.ts"], { cwd: PROJECT_ROOT, env: childEnv(names), stdio: ["ignore", "pipe", "inherit"] });
  let stdout = "";
  const ready = new Promise<{ url: string; token: string }>((resolve, reject) => {
    child.stdout.on("data", (d) => {
      stdout += d;
      const line = /BENCH_GATEWAY (.+)\n/.exec(stdout);
      if (line) resolve(JSON.parse(line[1]));
    });
    child.once("exit", (code) => reject(new Error(`gateway child exited ${code}`)));
  });
  const { url, token } = await ready;
  return {
    url,
    token,
    async stop() {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
      const rss = /BENCH_RSS (\d+)/.exec(stdout);
      return rss ? Number(rss[1]) / 1024 : NaN;
    },
  };
}

async function viaApi(ctx: BenchContext, hook: string, client: DynamoDBClient, count: number): Promise<Run & { serverRssMb: number }> {
  const names = await ctx.emulators.freshNames();
  try {
    const loadStart = performance.now();
    await loadTable(client, names.tableName, count);
    ctx.log(`audit-export: loaded ${count} events in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);
    const gateway = await startGatewayChild(names);
    try {
      // Load both handler modules before timing: what is measured is export, not a cold start.
      for (const path of ["/api/audit/events?limit=1", "/api/audit/events/head"]) {
        const res = await fetch(gateway.url + path, { headers: { authorization: `Bearer ${gateway.token}` } });
        if (!res.ok) throw new Error(`audit-export warm-up ${path}: ${res.status}`);
        await res.arrayBuffer();
      }
      const run = await verify(hook, ["--url", gateway.url, "--token", gateway.token], count);
      return { ...run, serverRssMb: await gateway.stop() };
    } catch (error) {
      await gateway.stop();
      throw error;
    }
  } finally {
    await client.send(new DeleteTableCommand({ TableName: names.tableName })).catch(() => {});
  }
}

function pathFigures(path: string, floor: Run, runs: Map<number, Run>): Figure[] {
  const rate = (n: number) => n / (runs.get(n)!.phaseMs / 1000);
  const [small, large] = SIZES;
  const ratio = rate(large) / rate(small);
  const figures: Figure[] = [
    reportOnly(`audit export ${path}: events/s at 10k`, rate(small), "events/s"),
    reportOnly(`audit export ${path}: events/s at 100k`, rate(large), "events/s"),
    {
      name: `audit export ${path}: throughput 100k vs 10k`,
      value: Number(ratio.toFixed(3)),
      unit: "x",
      budget: `within ${THROUGHPUT_TOLERANCE * 100} %`,
      ok: Math.abs(ratio - 1) <= THROUGHPUT_TOLERANCE,
    },
  ];
  for (const n of SIZES) {
    const r = runs.get(n)!;
    figures.push({
      name: `audit export ${path}: peak RSS at ${n / 1000}k`,
      value: Number(r.rssMb.toFixed(1)),
      unit: "MB",
      floor: Number(floor.rssMb.toFixed(1)),
      ratio: Number((r.rssMb / floor.rssMb).toFixed(3)),
      budget: `<= +${RSS_BUDGET_MB} MB`,
      ok: r.rssMb - floor.rssMb <= RSS_BUDGET_MB,
    });
  }
  return figures;
}

export const auditExportBenchmark: Benchmark = {
  name: "audit-export",
  async run(ctx) {
    const hookFile = join(ctx.tmp, "verifier-hook.mjs");
    writeFileSync(hookFile, HOOK);
    const hook = pathToFileURL(hookFile).href;
    const figures: Figure[] = [];

    // File: the median of FILE_RUNS runs per size (cheap), floor included.
    const fileRuns = new Map<number, Run>();
    for (const n of [1, ...SIZES]) {
      const file = join(ctx.tmp, `trail-${n}.ndjson`);
      await writeTrail(file, n);
      const runs: Run[] = [];
      for (let i = 0; i < FILE_RUNS; i++) runs.push(await verify(hook, [file], n));
      fileRuns.set(n, { ms: median(runs.map((r) => r.ms)), phaseMs: median(runs.map((r) => r.phaseMs)), rssMb: median(runs.map((r) => r.rssMb)) });
    }
    figures.push(...pathFigures("file", fileRuns.get(1)!, fileRuns));

    // API: one run per size (100k events is 1,000 pages).
    const e = ctx.emulators.env;
    const client = new DynamoDBClient({ region: e.region, endpoint: e.dynamoEndpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } });
    try {
      const apiRuns = new Map<number, Run & { serverRssMb: number }>();
      for (const n of [1, ...SIZES]) apiRuns.set(n, await viaApi(ctx, hook, client, n));
      figures.push(...pathFigures("api", apiRuns.get(1)!, apiRuns));
      ctx.detail(
        `audit-export: the dev gateway serving the API path peaked at ${[1, ...SIZES].map((n) => `${apiRuns.get(n)!.serverRssMb.toFixed(0)} MB (${n} events)`).join(", ")}; ` +
          `verifier time (first read to exit; whole command in brackets) file ${[1, ...SIZES].map((n) => `${(fileRuns.get(n)!.phaseMs / 1000).toFixed(2)} s (${(fileRuns.get(n)!.ms / 1000).toFixed(1)} s)`).join(" / ")}, ` +
          `api ${[1, ...SIZES].map((n) => `${(apiRuns.get(n)!.phaseMs / 1000).toFixed(2)} s (${(apiRuns.get(n)!.ms / 1000).toFixed(1)} s)`).join(" / ")} for 1 / 10k / 100k events.`,
      );
    } finally {
      client.destroy();
    }
    return figures;
  },
};
