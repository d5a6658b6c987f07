import { spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { BatchWriteItemCommand, DeleteTableCommand, DynamoDBClient, PutItemCommand, type WriteRequest } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { formatVkey, signCheckpoint } from "../lambdas/domain/checkpoint.ts";
import { appendLeaves, foldNodes } from "../lambdas/domain/merkle.ts";
import { keys } from "../lambdas/store/keys.ts";
import { logHeadItem } from "../lambdas/store/log-head.ts";
import { eventRef, tileAppends } from "../lambdas/store/log-tiles.ts";
import { localSigner } from "../lambdas/store/signers.ts";
import { PROJECT_ROOT } from "../local/paths.ts";
import { handlerEnv, type EmulatorEnv } from "../local/handler-env.ts";
import type { BenchContext, Benchmark } from "./lib/context.ts";
import { auditTrail } from "./lib/audit-trail.ts";
import { type Figure, reportOnly } from "./lib/figures.ts";
import { runPool } from "./lib/pool.ts";
import { median } from "./lib/stats.ts";

// Exporting and verifying the audit trail at 10k and 100k events, two ways:
//   file  `audit:verify FILE --checkpoint NOTE --key VKEY` on an NDJSON log sealed with
//         lambdas/domain/audit-event.ts and its signed checkpoint;
//   api   `audit:verify --url` paging GET /api/audit/events (100 a page) from a dev gateway in its own
//         process, on a table loaded with the same log by BatchWriteItem (its events, tiles and head).
// Each size N is measured as the last N events of a trail of WARMUP + N: throughput is N / the time
// from the end of the WARMUP prefix to the verifier's exit (timed by a preloaded hook). The same
// prefix in every run takes Node and tsx start-up and V8's warm-up (the first thousands of hashes
// and parses run unoptimised) out of both sizes alike, so what is compared is how the cost per event
// holds up as the trail grows, which is what the budget is about. The whole-run rate is reported too.
// Peak RSS is the verifier process's maxRSS; its floor is the same command on a one-event trail, and
// growth is measured over it. Budget: throughput at 100k within 10 % of 10k, RSS growth <= 50 MB.

const SIZES = [10_000, 100_000] as const;
const FILE_RUNS = 5;
const API_RUNS = 5;
const SERVER_WARMUP_PAGES = 600;
const RSS_BUDGET_MB = 50;
const THROUGHPUT_TOLERANCE = 0.1;
const WARMUP = 30_000;

// Preloaded into the verifier: its peak RSS at exit, the time from its first read of the trail
// (opening the file, or the first fetch) to exit, which leaves out Node and tsx start-up, and the time
// from the end of the warm-up prefix (BENCH_WARMUP_EVENTS: the file's first N lines have been read, or
// the page after seq N is being fetched) to exit.
const HOOK = `import fs, { writeSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
const WARMUP = Number(process.env.BENCH_WARMUP_EVENTS ?? 0);
let first, warm, lines = 0;
const mark = () => { first ??= performance.now(); };
const countLines = (chunk) => {
  for (let i = chunk.indexOf(10); i !== -1 && warm === undefined; i = chunk.indexOf(10, i + 1)) if (++lines >= WARMUP) warm = performance.now();
};
const createReadStream = fs.createReadStream;
fs.createReadStream = function (...args) {
  mark();
  const stream = createReadStream.apply(this, args);
  if (WARMUP > 0) stream.on("data", (chunk) => { if (warm === undefined) countLines(chunk); });
  return stream;
};
syncBuiltinESMExports();
const fetch = globalThis.fetch;
globalThis.fetch = (url, ...rest) => {
  mark();
  if (WARMUP > 0 && warm === undefined && String(url).includes("afterSeq=" + WARMUP + "&")) warm = performance.now();
  return fetch(url, ...rest);
};
process.on("exit", () => writeSync(2, "\\nBENCH_RSS " + process.resourceUsage().maxRSS + "\\nBENCH_PHASE " + (performance.now() - (first ?? 0)) +
  "\\nBENCH_WARM " + (warm === undefined ? -1 : performance.now() - warm) + "\\n"));
`;

interface Run {
  /** Wall time of the whole command. */
  ms: number;
  /** From the first read of the trail to exit. */
  phaseMs: number;
  /** From the end of the warm-up prefix to exit (NaN without one). */
  warmMs: number;
  rssMb: number;
}

function childEnv(names: EmulatorEnv | undefined, warmup = 0): NodeJS.ProcessEnv {
  return {
    ...process.env,
    LOG_LEVEL: "SILENT",
    BENCH_WARMUP_EVENTS: String(warmup),
    ...(names ? handlerEnv(names) : {}),
  };
}

/** The warm-up prefix before a measured size (the one-event floor has none). */
const warmupFor = (n: number) => (n === 1 ? 0 : WARMUP);

/** Runs the verifier on a trail of warmup + n events. */
async function verify(hook: string, args: string[], n: number): Promise<Run> {
  const warmup = warmupFor(n);
  const expectCount = warmup + n;
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", "--import", hook, "scripts/audit-verify.ts", ...args], {
    cwd: PROJECT_ROOT,
    env: childEnv(undefined, warmup),
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
  const warm = /BENCH_WARM (-?[\d.]+)/.exec(stderr);
  if (!rss || !phase || !warm) throw new Error("audit:verify: no RSS or timing line from the hook");
  const warmMs = Number(warm[1]);
  if (warmup > 0 && warmMs < 0) throw new Error(`audit:verify: the ${WARMUP}-event warm-up prefix was never passed`);
  return { ms, phaseMs: Number(phase[1]), warmMs: warmMs < 0 ? NaN : warmMs, rssMb: Number(rss[1]) / 1024 };
}

function medianRun(runs: Run[]): Run {
  return {
    ms: median(runs.map((r) => r.ms)),
    phaseMs: median(runs.map((r) => r.phaseMs)),
    warmMs: median(runs.map((r) => r.warmMs)),
    rssMb: median(runs.map((r) => r.rssMb)),
  };
}

const ORIGIN = "bench.sandbox-registry/log";

/** The log's tiles, head and signed checkpoint for a trail of `count` events. */
async function logOf(count: number, keyFile: string) {
  const signer = localSigner(keyFile, ORIGIN);
  const leaves: Buffer[] = [];
  const refs: string[] = [];
  for (const { event, key } of auditTrail(count)) {
    leaves.push(Buffer.from(event.leafHash, "hex"));
    refs.push(eventRef(key));
  }
  const appended = appendLeaves(0, [], leaves);
  const root = foldNodes(appended.frontier);
  const note = await signCheckpoint(signer, ORIGIN, count, root);
  const vkey = formatVkey(ORIGIN, await signer.publicKey());
  const tiles = tileAppends(appended.nodes, 0, refs);
  const head = logHeadItem({ size: count, root, frontier: appended.frontier, at: new Date().toISOString(), note, origin: ORIGIN, keyName: ORIGIN, vkey });
  return { note, vkey, tiles, head };
}

async function writeTrail(file: string, count: number, keyFile: string): Promise<{ noteFile: string; vkey: string }> {
  const out = createWriteStream(file);
  for (const { event } of auditTrail(count)) {
    if (!out.write(`${JSON.stringify(event)}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "close");
  const { note, vkey } = await logOf(count, keyFile);
  const noteFile = `${file}.checkpoint`;
  writeFileSync(noteFile, note);
  return { noteFile, vkey };
}

async function loadTable(client: DynamoDBClient, tableName: string, count: number, keyFile: string): Promise<void> {
  const batches: WriteRequest[][] = [];
  let batch: WriteRequest[] = [];
  const push = (item: Record<string, unknown>) => {
    batch.push({ PutRequest: { Item: marshall(item, { removeUndefinedValues: true }) } });
    if (batch.length === 25) {
      batches.push(batch);
      batch = [];
    }
  };
  for (const { event, key, n } of auditTrail(count)) push({ ...key, entity: "auditEvent", ...event, n });
  const log = await logOf(count, keyFile);
  for (const tile of log.tiles) {
    push({ ...keys.logTile(tile.level, tile.index), h: tile.hashes, count: tile.hashes.length, ...(tile.level === 0 ? { r: tile.refs } : {}) });
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
  await client.send(new PutItemCommand({ TableName: tableName, Item: marshall(log.head) }));
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

interface ApiTarget {
  n: number;
  names: EmulatorEnv;
  gateway?: Awaited<ReturnType<typeof startGatewayChild>>;
  runs: Run[];
}

/**
 * Every size gets its own table and dev gateway process, loaded and started first; then the sizes'
 * runs alternate (API_RUNS rounds). Run one size after the other and the later one is flattered:
 * DynamoDB Local's JVM keeps getting faster for minutes (by about a third here).
 */
async function viaApi(ctx: BenchContext, hook: string, client: DynamoDBClient, sizes: number[]): Promise<Map<number, Run & { serverRssMb: number }>> {
  const targets: ApiTarget[] = [];
  try {
    for (const n of sizes) {
      const target: ApiTarget = { n, names: await ctx.emulators.freshNames(), runs: [] };
      targets.push(target);
      const loadStart = performance.now();
      await loadTable(client, target.names.tableName, warmupFor(n) + n, join(ctx.tmp, "bench-log-key.json"));
      ctx.log(`audit-export: loaded ${warmupFor(n) + n} events in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);
      target.gateway = await startGatewayChild(target.names);
      // Every server serves the same SERVER_WARMUP_PAGES pages (of the trail's first events) before
      // timing: what is measured is export, not how warm a server got. Without it the larger trail's
      // server, which serves five times the pages during the runs, came out 5-12 % faster per event.
      const trail = warmupFor(target.n) + target.n;
      for (let page = 0; page < (target.n === 1 ? 1 : SERVER_WARMUP_PAGES); page++) {
        for (const path of [`/api/audit/events?afterSeq=${(page * 100) % Math.max(1, trail - 100)}&limit=100`, "/api/audit/events/head"]) {
          const res = await fetch(target.gateway.url + path, { headers: { authorization: `Bearer ${target.gateway.token}` } });
          if (!res.ok) throw new Error(`audit-export warm-up ${path}: ${res.status}`);
          await res.arrayBuffer();
        }
      }
    }
    for (let round = 0; round < API_RUNS; round++) {
      for (const target of targets) target.runs.push(await verify(hook, ["--url", target.gateway!.url, "--token", target.gateway!.token], target.n));
    }
    const results = new Map<number, Run & { serverRssMb: number }>();
    for (const target of targets) {
      const serverRssMb = await target.gateway!.stop();
      target.gateway = undefined;
      results.set(target.n, { ...medianRun(target.runs), serverRssMb });
    }
    return results;
  } finally {
    for (const target of targets) {
      await target.gateway?.stop();
      await client.send(new DeleteTableCommand({ TableName: target.names.tableName })).catch(() => {});
    }
  }
}

function pathFigures(path: string, floor: Run, runs: Map<number, Run>): Figure[] {
  // Steady: the measured N after the warm-up prefix. Whole run: prefix and N over the verifier's whole time.
  const rate = (n: number) => n / (runs.get(n)!.warmMs / 1000);
  const wholeRate = (n: number) => (warmupFor(n) + n) / (runs.get(n)!.phaseMs / 1000);
  const [small, large] = SIZES;
  const ratio = rate(large) / rate(small);
  const figures: Figure[] = [
    reportOnly(`audit export ${path}: events/s at 10k (after a ${WARMUP / 1000}k warm-up)`, rate(small), "events/s"),
    reportOnly(`audit export ${path}: events/s at 100k (after a ${WARMUP / 1000}k warm-up)`, rate(large), "events/s"),
    reportOnly(`audit export ${path}: events/s over the whole ${(WARMUP + small) / 1000}k run`, wholeRate(small), "events/s"),
    reportOnly(`audit export ${path}: events/s over the whole ${(WARMUP + large) / 1000}k run`, wholeRate(large), "events/s"),
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
      name: `audit export ${path}: peak RSS at ${n / 1000}k (+${WARMUP / 1000}k warm-up)`,
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
      const { noteFile, vkey } = await writeTrail(file, warmupFor(n) + n, join(ctx.tmp, "bench-log-key.json"));
      const runs: Run[] = [];
      for (let i = 0; i < FILE_RUNS; i++) runs.push(await verify(hook, [file, "--checkpoint", noteFile, "--key", vkey], n));
      fileRuns.set(n, medianRun(runs));
    }
    figures.push(...pathFigures("file", fileRuns.get(1)!, fileRuns));

    // API: API_RUNS per size, alternating, each size against its own loaded table and server.
    const e = ctx.emulators.env;
    const client = new DynamoDBClient({ region: e.region, endpoint: e.dynamoEndpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } });
    try {
      const apiRuns = await viaApi(ctx, hook, client, [1, ...SIZES]);
      figures.push(...pathFigures("api", apiRuns.get(1)!, apiRuns));
      const all = [1, ...SIZES];
      const times = (runs: Map<number, Run>) =>
        all.map((n) => `${(runs.get(n)!.phaseMs / 1000).toFixed(2)} s${n > 1 ? ` [${(runs.get(n)!.warmMs / 1000).toFixed(2)} s]` : ""} (${(runs.get(n)!.ms / 1000).toFixed(1)} s)`).join(" / ");
      ctx.detail(
        `audit-export: trails of ${all.map((n) => warmupFor(n) + n).join(" / ")} events (measured sizes after a ${WARMUP}-event warm-up prefix); ` +
          `the dev gateway serving the API path peaked at ${all.map((n) => `${apiRuns.get(n)!.serverRssMb.toFixed(0)} MB`).join(" / ")}; ` +
          `verifier time from its first read to exit [after the warm-up prefix] (whole command): file ${times(fileRuns)}, api ${times(apiRuns)}.`,
      );
    } finally {
      client.destroy();
    }
    return figures;
  },
};
