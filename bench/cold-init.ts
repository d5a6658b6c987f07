import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROUTES, routeById, type RouteDef } from "../lambdas/routes.ts";
import { PERSONAS } from "../test/support/api.ts";
import { FILES, sha256Hex } from "../test/support/documents.ts";
import type { BenchContext, Benchmark } from "./lib/context.ts";
import { bundles } from "./lib/bundle.ts";
import { ratioAtMost, reportOnly, type Figure } from "./lib/figures.ts";
import { handlerEnv } from "../local/handler-env.ts";
import { applicationBody, BENCH_YEAR, createDraft, MAIN_LINE, prepare } from "./lib/journey.ts";
import { lambdaEvent, type EventSpec } from "./lib/lambda-event.ts";
import { median } from "./lib/stats.ts";

const run = promisify(execFile);

// Cold init: for every deployed route, a fresh `node` process per sample imports the CDK-shaped bundle
// and invokes it once with a realistic event against the running emulators (planFor says which); the
// figure is the time from process start to the handler's answer (performance.now() in the child),
// median of SAMPLES processes. Budget floor: a handler that builds the same SDK clients and Powertools utilities and makes one call (POWERTOOLS_FLOORS), bundled and measured the same way; the empty handler is reported beside it. Samples are
// interleaved across routes so that drift on a shared machine lands on every route alike.

export const SAMPLES = 20;

/** The floors a route's cold init is budgeted against (<= 1.3x): the one with the clients it builds. */
const POWERTOOLS_FLOORS = {
  dynamodb: "floor: DynamoDB client + Powertools Logger and Metrics + GetItem",
  s3: "floor: DynamoDB and S3 clients + presigner + Powertools Logger and Metrics + GetItem",
} as const;

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

/**
 * What each sample of a route sends, and the answer that shows it went through the whole cold path
 * ("answered": any answer but a 5xx, for routes probed generically: a list's 200 or a refusal).
 */
interface Plan {
  events: EventSpec[];
  expect: number | "answered";
}

/** A caller the route admits: its first group's persona, or a machine client of its first scope. */
function callerFor(route: RouteDef): EventSpec["who"] {
  const access = route.access;
  if (access.public) return undefined;
  const personas = Object.values(PERSONAS) as readonly NonNullable<EventSpec["who"]>[];
  const byGroup = personas.find((p) => p.groups?.some((g) => (access.groups as readonly string[]).includes(g)));
  if (byGroup) return byGroup;
  const scope = access.scopes?.[0];
  return scope ? { sub: "bench-machine", groups: [], scope } : undefined;
}

// Ids nothing has: a request for them still runs the whole cold path (imports, SDK client, the reads
// that find nothing) without changing state, so every route can be sampled 20 times.
const MISSING_ID = "bench-cold-init-missing";
const MISSING_LICENCE = `PCC-BTC-${BENCH_YEAR}-999999`;
const REASON = { reason: "Cold-init benchmark probe" };

/**
 * One event per sample. Routes whose real work is the point (create, presign, approve, the lists)
 * get real requests, each sample on its own record where state changes; every other route is probed
 * for something missing (404) or refused (409 for a round overlapping the bench's), which reads what
 * a real request reads before it writes.
 */
async function planFor(ctx: BenchContext, route: RouteDef, count: number): Promise<Plan> {
  const { applicantA: applicant, reviewer1: reviewer, auditor, admin } = PERSONAS;
  const same = (spec: EventSpec, expect: number): Plan => ({ events: Array.from({ length: count }, () => spec), expect });
  // The route's own path parameters only: the params schemas are strict.
  const missingParams = Object.fromEntries([...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name, name === "licenceNumber" ? MISSING_LICENCE : MISSING_ID]));
  const missing = (who: EventSpec["who"], body?: unknown, headers?: Record<string, string>): Plan => same({ who, pathParameters: missingParams, body, headers }, 404);
  switch (route.id) {
    case "health":
    case "openapi":
    case "list-allocations":
    case "list-register":
      return same({}, 200);
    case "get-allocation":
      return same({ pathParameters: { roundId: ctx.round.roundId } }, 200);
    case "check-eligibility":
      return same({ body: { category: MAIN_LINE.category, region: MAIN_LINE.region, requestedMw: 1, startDate: `${BENCH_YEAR}-03-01` } }, 200);
    case "list-applications":
      return same({ who: applicant }, 200);
    case "review-queue":
      return same({ who: reviewer }, 200);
    case "audit-list-applications":
    case "audit-list-licences":
    case "audit-events-head":
      return same({ who: auditor }, 200);
    case "audit-list-events":
      return same({ who: auditor, query: { limit: "25" } }, 200);
    case "create-application":
      return same({ who: applicant, body: applicationBody() }, 201);
    case "create-document": {
      const ids = await Promise.all(Array.from({ length: count }, () => createDraft(ctx.api)));
      const pdf = FILES["application/pdf"];
      const body = { type: "AML_CFT_POLICY", fileName: "aml.pdf", contentType: "application/pdf", sizeBytes: pdf.length, sha256: sha256Hex(pdf) };
      return { events: ids.map((id) => ({ who: applicant, pathParameters: { id }, body })), expect: 201 };
    }
    case "review-decision": {
      const ids = await prepare(ctx.api, count, "under-review");
      return { events: ids.map((id) => ({ who: reviewer, pathParameters: { id }, body: { decision: "approve", reason: "Meets every criterion (bench)" } })), expect: 200 };
    }
    case "publish-round":
      // The bench round's own dates: refused as overlapping after the round index is read.
      return same({ who: admin, body: { name: "Overlapping", effectiveFrom: `${BENCH_YEAR}-01-01`, effectiveTo: `${BENCH_YEAR}-12-31`, tariffUsdCentsPerKwh: 8, lines: [{ ...MAIN_LINE, mw: 1, maxPerApplicantMw: 1, minRequestMw: 1 }] } }, 409);
    case "amend-round":
      return missing(admin, { ...MAIN_LINE, deltaMw: 1, ...REASON });
    case "get-register-entry":
      return missing(undefined);
    case "get-application":
    case "check-application-eligibility":
    case "confirm-document":
    case "get-document":
    case "submit-application":
    case "withdraw-application":
      return missing(applicant);
    case "update-application":
      return missing(applicant, { energy: applicationBody().energy }, { "if-match": '"1"' });
    case "respond-application":
      return missing(applicant, { message: "Cold-init benchmark probe" });
    case "surrender-licence":
      return missing(applicant, REASON);
    case "review-get-application":
    case "review-get-document":
    case "review-assign":
    case "get-licence":
      return missing(reviewer);
    case "review-request-info":
      return missing(reviewer, { message: "Cold-init benchmark probe" });
    case "suspend-licence":
    case "reinstate-licence":
    case "revoke-licence":
      return missing(reviewer, REASON);
    case "audit-get-application":
    case "audit-get-document":
      return missing(auditor);
    default: {
      // Every other route: a caller it admits asks for a record nothing has, or lists (a GET without
      // parameters), or is refused for the body or query it lacks. A refused body answers before the first read, so those samples show
      // the import and the middleware stack but not the first DynamoDB call: give a route a plan of
      // its own above when its first read matters.
      const who = callerFor(route);
      return { events: Array.from({ length: count }, () => ({ who, pathParameters: missingParams })), expect: "answered" };
    }
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
    // expect: the status every sample must answer (the floors answer 200).
    const targets: { id: string; bundle: string; events: string[]; expect?: Plan["expect"] }[] = [];
    const emptyEvent = join(dir, "empty.json");
    writeFileSync(emptyEvent, JSON.stringify(lambdaEvent(routeById("health"))));
    targets.push({ id: "empty", bundle: built.floors.empty.file, events: Array(SAMPLES).fill(emptyEvent) });
    // Not a route: the DynamoDB client alone, to show how much of a route's cold start the SDK takes.
    targets.push({ id: "floor: DynamoDB client + GetItem", bundle: built.floors.dynamodb.file, events: Array(SAMPLES).fill(emptyEvent) });
    // Not deployed: the same client shipped the two other ways (lib/function-defaults.ts says why the layer).
    targets.push({ id: "floor: DynamoDB client + GetItem, SDK from the runtime", bundle: built.floors.dynamodbRuntimeSdk.file, events: Array(SAMPLES).fill(emptyEvent) });
    targets.push({ id: "floor: DynamoDB client + GetItem, SDK bundled in", bundle: built.floors.dynamodbSdkBundled.file, events: Array(SAMPLES).fill(emptyEvent) });
    // The budget's floors: the same SDK clients and Powertools utilities as a route, one call.
    targets.push({ id: POWERTOOLS_FLOORS.dynamodb, bundle: built.floors.powertoolsDynamodb.file, events: Array(SAMPLES).fill(emptyEvent) });
    targets.push({ id: POWERTOOLS_FLOORS.s3, bundle: built.floors.powertoolsS3.file, events: Array(SAMPLES).fill(emptyEvent) });
    const floorOf = new Map<string, string>();
    for (const route of ROUTES.filter((r) => built.routes.has(r.id))) {
      const plan = await planFor(ctx, route, SAMPLES);
      const files = plan.events.map((spec, i) => {
        const file = join(dir, `${route.id}-${i}.json`);
        writeFileSync(file, JSON.stringify(lambdaEvent(route, spec)));
        return file;
      });
      targets.push({ id: route.id, bundle: built.routes.get(route.id)!.file, events: files, expect: plan.expect });
      floorOf.set(route.id, route.touches.documents || route.touches.checkpoints ? POWERTOOLS_FLOORS.s3 : POWERTOOLS_FLOORS.dynamodb);
    }

    const samples = new Map<string, Sample[]>(targets.map((t) => [t.id, []]));
    for (let i = 0; i < SAMPLES; i++) {
      for (const target of targets) samples.get(target.id)!.push(await sample(runner, target.bundle, target.events[i], env));
    }

    const floor = median(samples.get("empty")!.map((s) => s.total));
    const floorMs = (id: string) => median(samples.get(id)!.map((s) => s.total));
    const figures: Figure[] = [];
    for (const target of targets.slice(1)) {
      const list = samples.get(target.id)!;
      const expected = target.expect ?? 200;
      const bad = list.filter((s) => (expected === "answered" ? !(s.status !== undefined && s.status < 500) : s.status !== expected));
      const value = median(list.map((s) => s.total));
      const note = `import ${median(list.map((s) => s.importMs)).toFixed(0)} ms + first call ${median(list.map((s) => s.invokeMs)).toFixed(0)} ms`;
      // The SDK floors are not deployed functions: they show how much of a route's time the SDK takes.
      const figure = target.id.startsWith("floor:")
        ? reportOnly(`cold init ${target.id}`, value, "ms", { floor, note })
        : ratioAtMost(`cold init ${target.id}`, value, "ms", floorMs(floorOf.get(target.id)!), 1.3, { note: `${note}; vs ${floorOf.get(target.id)}; ${(value / floor).toFixed(2)}x an empty process` });
      if (bad.length) {
        figure.ok = false;
        figure.note = `${note}; ${bad.length}/${list.length} answered ${[...new Set(bad.map((s) => s.status))].join(",")}`;
      }
      figures.push(figure);
    }
    return figures;
  },
};
