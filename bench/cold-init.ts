import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { routeById, type RouteDef } from "../lambdas/routes.ts";
import { PERSONAS } from "../test/support/api.ts";
import { FILES, sha256Hex } from "../test/support/documents.ts";
import type { BenchContext, Benchmark } from "./lib/context.ts";
import { bundles } from "./lib/bundle.ts";
import { ratioAtMost, reportOnly, type Figure } from "./lib/figures.ts";
import { handlerEnv } from "../local/handler-env.ts";
import { applicationBody, createDraft, prepare } from "./lib/journey.ts";
import { lambdaEvent, type EventSpec } from "./lib/lambda-event.ts";
import { median } from "./lib/stats.ts";

const run = promisify(execFile);

// Cold init: a fresh `node` process per sample imports the CDK-shaped bundle and invokes it once with
// a realistic event against the running emulators; the figure is the time from process start to the
// handler's answer (performance.now() in the child), median of SAMPLES processes. Floor: an empty
// handler bundled and measured the same way. Samples are interleaved across routes so that drift on
// a shared machine lands on every route alike.

export const SAMPLES = 20;

/**
 * A representative subset, one per kind of work (public read, create, presigned upload, the heaviest
 * transaction, an auditor list, a GSI list): all 37 routes x 20 processes would take minutes on two cores.
 */
const SUBSET = ["get-allocation", "create-application", "create-document", "review-decision", "audit-list-events", "list-register"];

const RUNNER = `import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [bundle, eventFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, "utf8"));
const context = { functionName: "bench", functionVersion: "$LATEST", awsRequestId: "bench", memoryLimitInMB: "512",
  getRemainingTimeInMillis: () => 29000, callbackWaitsForEmptyEventLoop: true };
const t0 = performance.now();
const mod = await import(pathToFileURL(bundle).href);
const t1 = performance.now();
const result = await mod.handler(event, context);
const t2 = performance.now();
process.stdout.write("\\nBENCH_RESULT " + JSON.stringify({ total: t2, importMs: t1 - t0, invokeMs: t2 - t1, status: result && result.statusCode }) + "\\n");
process.exit(0);
`;

interface Sample {
  total: number;
  importMs: number;
  invokeMs: number;
  status?: number;
}

/** One event per sample: routes that change state need their own record per invocation. */
async function eventsFor(ctx: BenchContext, route: RouteDef, count: number): Promise<EventSpec[]> {
  const applicant = PERSONAS.applicantA;
  const same = (spec: EventSpec) => Array.from({ length: count }, () => spec);
  switch (route.id) {
    case "get-allocation":
      return same({ pathParameters: { roundId: ctx.round.roundId } });
    case "list-register":
    case "list-allocations":
    case "health":
    case "openapi":
      return same({});
    case "create-application":
      return same({ who: applicant, body: applicationBody() });
    case "create-document": {
      const ids = await Promise.all(Array.from({ length: count }, () => createDraft(ctx.api)));
      const pdf = FILES["application/pdf"];
      return ids.map((id) => ({
        who: applicant,
        pathParameters: { id },
        body: { type: "AML_CFT_POLICY", fileName: "aml.pdf", contentType: "application/pdf", sizeBytes: pdf.length, sha256: sha256Hex(pdf) },
      }));
    }
    case "review-decision": {
      const ids = await prepare(ctx.api, count, "under-review");
      return ids.map((id) => ({ who: PERSONAS.reviewer1, pathParameters: { id }, body: { decision: "approve", reason: "Meets every criterion (bench)" } }));
    }
    case "audit-list-events":
      return same({ who: PERSONAS.auditor, query: { limit: "25" } });
    default:
      throw new Error(`cold-init has no event for ${route.id}; add one in bench/cold-init.ts`);
  }
}

function childEnv(ctx: BenchContext): NodeJS.ProcessEnv {
  const e = ctx.emulators.env;
  return {
    PATH: process.env.PATH,
    // What the stack sets on every function (lib/route-function.ts), pointed at the emulators.
    NODE_OPTIONS: "--enable-source-maps",
    ...handlerEnv(e),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    LOG_LEVEL: "INFO",
  };
}

async function sample(runner: string, bundle: string, eventFile: string, env: NodeJS.ProcessEnv): Promise<Sample> {
  const { stdout } = await run(process.execPath, [runner, bundle, eventFile], { env, maxBuffer: 16 * 1024 * 1024, timeout: 60_000 });
  const line = stdout.split("\n").find((l) => l.startsWith("BENCH_RESULT "));
  if (!line) throw new Error(`cold-init: no result from ${bundle}: ${stdout.slice(-500)}`);
  return JSON.parse(line.slice("BENCH_RESULT ".length)) as Sample;
}

export const coldInitBenchmark: Benchmark = {
  name: "cold-init",
  async run(ctx) {
    const built = await bundles(ctx);
    const dir = join(ctx.tmp, "cold-init");
    mkdirSync(dir, { recursive: true });
    const runner = join(dir, "runner.mjs");
    writeFileSync(runner, RUNNER);
    const env = childEnv(ctx);

    // Prepare one event file per (route, sample); the empty handler takes any event.
    const targets: { id: string; bundle: string; events: string[] }[] = [];
    const emptyEvent = join(dir, "empty.json");
    writeFileSync(emptyEvent, JSON.stringify(lambdaEvent(routeById("health"))));
    targets.push({ id: "empty", bundle: built.floors.empty.file, events: Array(SAMPLES).fill(emptyEvent) });
    // Not a route: the DynamoDB client alone, to show how much of a route's cold start the SDK takes.
    targets.push({ id: "floor: DynamoDB client + GetItem", bundle: built.floors.dynamodb.file, events: Array(SAMPLES).fill(emptyEvent) });
    // Not deployed: the same client shipped the two other ways (lib/function-defaults.ts says why the layer).
    targets.push({ id: "floor: DynamoDB client + GetItem, SDK from the runtime", bundle: built.floors.dynamodbRuntimeSdk.file, events: Array(SAMPLES).fill(emptyEvent) });
    targets.push({ id: "floor: DynamoDB client + GetItem, SDK bundled in", bundle: built.floors.dynamodbSdkBundled.file, events: Array(SAMPLES).fill(emptyEvent) });
    for (const id of SUBSET) {
      const route = routeById(id);
      const specs = await eventsFor(ctx, route, SAMPLES);
      const files = specs.map((spec, i) => {
        const file = join(dir, `${id}-${i}.json`);
        writeFileSync(file, JSON.stringify(lambdaEvent(route, spec)));
        return file;
      });
      targets.push({ id, bundle: built.routes.get(id)!.file, events: files });
    }

    const samples = new Map<string, Sample[]>(targets.map((t) => [t.id, []]));
    for (let i = 0; i < SAMPLES; i++) {
      for (const target of targets) samples.get(target.id)!.push(await sample(runner, target.bundle, target.events[i], env));
    }

    const floor = median(samples.get("empty")!.map((s) => s.total));
    const figures: Figure[] = [];
    for (const target of targets.slice(1)) {
      const list = samples.get(target.id)!;
      const bad = list.filter((s) => !s.status || s.status >= 300);
      const value = median(list.map((s) => s.total));
      const note = `import ${median(list.map((s) => s.importMs)).toFixed(0)} ms + first call ${median(list.map((s) => s.invokeMs)).toFixed(0)} ms`;
      // The SDK floors are not deployed functions: they show how much of a route's time the SDK takes.
      const figure = target.id.startsWith("floor:")
        ? reportOnly(`cold init ${target.id}`, value, "ms", { floor, note })
        : ratioAtMost(`cold init ${target.id}`, value, "ms", floor, 2, { maxOver: 100, note });
      if (bad.length) {
        figure.ok = false;
        figure.note = `${note}; ${bad.length}/${list.length} answered ${[...new Set(bad.map((s) => s.status))].join(",")}`;
      }
      figures.push(figure);
    }
    return figures;
  },
};
