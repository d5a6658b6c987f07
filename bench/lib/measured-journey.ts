import { REQUIRED_DOCUMENTS } from "../../lambdas/schemas/application.ts";
import { declareDocument, FILES, uploadBytes } from "../../test/support/documents.ts";
import type { BenchContext } from "./context.ts";
import { onInvocation, setSizing, summarise, type DdbCall, type Invocation } from "./instrument.ts";
import { readUnits, writeUnits } from "./item-size.ts";
import { APPLICANT, applicationBody, approve, assign, BENCH_YEAR, expectStatus, MAIN_LINE, REVIEWER, submit } from "./journey.ts";
import { mean } from "./stats.ts";

// One application from draft to licence through the API, sequentially, with every handler invocation
// observed: DynamoDB units as DynamoDB reported them, the minimum the item sizes allow, S3 requests
// and handler time. Capacity and cost both read this (measured once per run). A few public and
// auditor reads are measured alongside for the capacity table; they are not part of the journey's cost.

const JOURNEYS = 4;
/** The first journey loads each handler module and opens connections: measured, then discarded. */
const WARMUP = 1;

export interface OpStats {
  routeId: string;
  /** Part of the draft-to-licence journey (counted in the cost), or a read measured for capacity only. */
  inJourney: boolean;
  /** Calls of this route per application in the journey. */
  perApplication: number;
  meanMs: number;
  /** Lambda bills each invocation in whole milliseconds, rounded up. */
  meanBilledMs: number;
  rcu: number;
  wcu: number;
  minRcu: number;
  minWcu: number;
  /** Some unit figure was computed from item sizes because DynamoDB returned no ConsumedCapacity. */
  computed: boolean;
  s3Put: number;
  s3Get: number;
  /** The DynamoDB requests of one invocation. */
  summary: string;
  /** Write units on the table itself: as DynamoDB Local reported them, and by the published rules from the item sizes. */
  tableWcuReported: number;
  tableWcuByRules: number;
  indexWcuReported: number;
}

export interface JourneyMeasure {
  ops: OpStats[];
  /** Uploads the browser sends straight to S3 per application (presigned PUT/POST). */
  clientS3PutsPerApplication: number;
}

const S3_PUT_CLASS = new Set(["PutObject", "CopyObject", "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload", "ListObjectsV2", "ListObjects"]);

function units(calls: readonly DdbCall[]) {
  let rcu = 0;
  let wcu = 0;
  let computed = false;
  let tableWcuReported = 0;
  let indexWcuReported = 0;
  let tableWcuByRules = 0;
  // The minimum: every distinct item read once, at its size and the consistency asked for; every
  // distinct item written once, at its size, doubled inside a transaction. No index writes, no re-reads.
  const reads = new Map<string, number>();
  const writes = new Map<string, { bytes: number; tx: boolean }>();
  for (const call of calls) {
    for (const r of call.reads) if (!reads.has(r.key)) reads.set(r.key, readUnits(r.bytes, call.consistent));
    for (const w of call.writes) {
      const seen = writes.get(w.key);
      writes.set(w.key, { bytes: Math.max(seen?.bytes ?? 0, w.bytes), tx: (seen?.tx ?? false) || call.transactional });
    }
    if (call.kind === "write" && !call.error) {
      tableWcuReported += call.consumed?.table ?? 0;
      indexWcuReported += call.consumed?.indexes ?? 0;
      tableWcuByRules += call.writes.reduce((n, w) => n + writeUnits(w.bytes, call.transactional), 0);
    }
    let measured = call.consumed?.total;
    if (measured === undefined) {
      if (call.error) continue;
      computed = true;
      measured =
        call.kind === "read"
          ? call.reads.reduce((n, r) => n + readUnits(r.bytes, call.consistent), 0)
          : call.writes.reduce((n, w) => n + writeUnits(w.bytes, call.transactional), 0);
    }
    if (call.kind === "read") rcu += measured;
    else wcu += measured;
  }
  const minRcu = [...reads.values()].reduce((a, b) => a + b, 0);
  const minWcu = [...writes.values()].reduce((n, w) => n + writeUnits(w.bytes, w.tx), 0);
  return { rcu, wcu, minRcu, minWcu, computed, tableWcuReported, tableWcuByRules, indexWcuReported };
}

async function oneJourney(ctx: BenchContext): Promise<{ clientPuts: number; licenceNumber: string }> {
  const { api } = ctx;
  const applicant = await api.token(APPLICANT);
  const created = expectStatus(await api.request("POST", "/api/applications", { token: APPLICANT, body: applicationBody() }), 201, "create");
  const id = created.json.id as string;
  expectStatus(await api.request("GET", `/api/applications/${id}`, { token: APPLICANT }), 200, "get application");
  let clientPuts = 0;
  for (const type of REQUIRED_DOCUMENTS.BITCOIN_MINING) {
    const bytes = FILES["application/pdf"];
    const declared = await declareDocument(api, applicant, id, type, bytes);
    const status = await uploadBytes(declared, bytes);
    if (status >= 300) throw new Error(`upload ${type}: ${status}`);
    clientPuts++;
    expectStatus(await api.request("POST", `/api/applications/${id}/documents/${declared.documentId}/confirm`, { token: APPLICANT }), 200, "confirm");
  }
  expectStatus(await submit(api, id), 200, "submit");
  expectStatus(await api.request("GET", `/api/review/applications/${id}`, { token: REVIEWER }), 200, "review get");
  expectStatus(await assign(api, id), 200, "assign");
  const approved = expectStatus(await approve(api, id), 200, "approve");
  const licenceNumber = approved.json.licenceNumber as string;
  return { clientPuts, licenceNumber };
}

const SIDE_READS = ["check-eligibility", "get-allocation", "list-register", "get-register-entry", "audit-list-events"];

async function sideReads(ctx: BenchContext, licenceNumber: string): Promise<void> {
  const { api } = ctx;
  const question = { category: MAIN_LINE.category, region: MAIN_LINE.region, requestedMw: 1, startDate: `${BENCH_YEAR}-03-01` };
  expectStatus(await api.request("POST", "/api/eligibility", { body: question }), 200, "eligibility");
  expectStatus(await api.request("GET", `/api/allocations/${ctx.round.roundId}`), 200, "get allocation");
  expectStatus(await api.request("GET", "/api/register"), 200, "register");
  expectStatus(await api.request("GET", `/api/register/${licenceNumber}`), 200, "register entry");
  expectStatus(await api.request("GET", "/api/audit/events?limit=25", { token: "auditor" }), 200, "audit events");
}

async function measure(ctx: BenchContext): Promise<JourneyMeasure> {
  type Observed = Invocation & { inJourney?: boolean };
  const seen: Observed[][] = [];
  let current: Observed[] = [];
  const stop = onInvocation((invocation) => current.push(invocation));
  setSizing(true);
  let clientPuts = 0;
  try {
    for (let j = 0; j < JOURNEYS; j++) {
      current = [];
      const result = await oneJourney(ctx);
      const journeyCalls = current.length;
      await sideReads(ctx, result.licenceNumber);
      current.forEach((inv, i) => (inv.inJourney = i < journeyCalls));
      seen.push(current);
      clientPuts = result.clientPuts;
    }
  } finally {
    setSizing(false);
    stop();
  }
  const warm = seen.slice(WARMUP).flat();
  const failed = warm.filter((i) => !i.status || i.status >= 300);
  if (failed.length) throw new Error(`journey: ${failed.map((i) => `${i.routeId} ${i.status}`).join(", ")}`);
  const byRoute = new Map<string, Observed[]>();
  for (const inv of warm) byRoute.set(inv.routeId, [...(byRoute.get(inv.routeId) ?? []), inv]);

  const ops: OpStats[] = [];
  for (const [routeId, list] of byRoute) {
    const u = list.map((inv) => units(inv.calls));
    const s3 = (inv: Invocation, put: boolean) => Object.entries(inv.s3).reduce((n, [cmd, count]) => (S3_PUT_CLASS.has(cmd) === put ? n + count : n), 0);
    ops.push({
      routeId,
      inJourney: Boolean(list[0].inJourney) && !SIDE_READS.includes(routeId),
      perApplication: list.length / (JOURNEYS - WARMUP),
      meanMs: mean(list.map((i) => i.ms)),
      meanBilledMs: mean(list.map((i) => Math.ceil(i.ms))),
      rcu: mean(u.map((x) => x.rcu)),
      wcu: mean(u.map((x) => x.wcu)),
      minRcu: mean(u.map((x) => x.minRcu)),
      minWcu: mean(u.map((x) => x.minWcu)),
      computed: u.some((x) => x.computed),
      s3Put: mean(list.map((i) => s3(i, true))),
      s3Get: mean(list.map((i) => s3(i, false))),
      summary: summarise(list[list.length - 1].calls),
      tableWcuReported: mean(u.map((x) => x.tableWcuReported)),
      tableWcuByRules: mean(u.map((x) => x.tableWcuByRules)),
      indexWcuReported: mean(u.map((x) => x.indexWcuReported)),
    });
  }
  return { ops, clientS3PutsPerApplication: clientPuts };
}

export function measuredJourney(ctx: BenchContext): Promise<JourneyMeasure> {
  return ctx.once("journey", () => measure(ctx));
}
