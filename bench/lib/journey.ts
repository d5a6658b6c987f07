import type { ApiResponse, Persona, TestApi } from "../../test/support/api.ts";
import { completeApplication } from "../../test/support/applications.ts";
import { uploadAllRequired } from "../../test/support/documents.ts";
import { runPool } from "./pool.ts";

// Drives applications through the real API (dev gateway, dev-issuer tokens) to the stage a benchmark
// needs. Every bench application asks for 1 MW on a line of the bench's own round, far in the
// future so it never meets the demo data or the tests' rounds.

export const BENCH_YEAR = 2031;
/** A line big enough for every approval the latency and capacity runs make. */
export const MAIN_LINE = { region: "PESCO", category: "BITCOIN_MINING" } as const;
/** The contended line of the hot-line run: fewer MW than applications, so the last ones must be refused. */
export const HOT_LINE = { region: "TESCO", category: "BITCOIN_MINING", mw: 40 } as const;
/** The hot-line benchmark's lines, one per round: HOT_LINE and two more alike in other regions. */
export const HOT_LINES = [HOT_LINE, { ...HOT_LINE, region: "IESCO" }, { ...HOT_LINE, region: "GEPCO" }] as const;

export interface BenchRound {
  roundId: string;
}

export function expectStatus(res: ApiResponse, expected: number, what: string): ApiResponse {
  if (res.status !== expected) throw new Error(`${what}: expected ${expected}, got ${res.status} ${res.text.slice(0, 300)}`);
  return res;
}

export async function publishBenchRound(api: TestApi): Promise<BenchRound> {
  const res = await api.request("POST", "/api/allocations", {
    token: "admin",
    body: {
      name: `Bench round ${BENCH_YEAR}`,
      effectiveFrom: `${BENCH_YEAR}-01-01`,
      effectiveTo: `${BENCH_YEAR}-12-31`,
      tariffUsdCentsPerKwh: 8,
      lines: [
        { ...MAIN_LINE, mw: 100_000, maxPerApplicantMw: 1_000, minRequestMw: 1 },
        ...HOT_LINES.map((line) => ({ region: line.region, category: line.category, mw: line.mw, maxPerApplicantMw: 10, minRequestMw: 1 })),
      ],
    },
  });
  expectStatus(res, 201, "publish the bench round");
  return { roundId: res.json.roundId as string };
}

export function applicationBody(region: string = MAIN_LINE.region) {
  return completeApplication("BITCOIN_MINING", { energy: { region, requestedMw: 1, startDate: `${BENCH_YEAR}-03-01`, curtailable: true } });
}

export const APPLICANT: Persona = "applicantA";
export const REVIEWER: Persona = "reviewer1";

export async function createDraft(api: TestApi, region?: string): Promise<string> {
  const res = expectStatus(await api.request("POST", "/api/applications", { token: APPLICANT, body: applicationBody(region) }), 201, "create");
  return res.json.id as string;
}

export async function addDocuments(api: TestApi, id: string): Promise<void> {
  await uploadAllRequired(api, await api.token(APPLICANT), id, "BITCOIN_MINING");
}

export async function submit(api: TestApi, id: string): Promise<ApiResponse> {
  return api.request("POST", `/api/applications/${id}/submit`, { token: APPLICANT });
}

export async function assign(api: TestApi, id: string): Promise<ApiResponse> {
  return api.request("POST", `/api/review/applications/${id}/assign`, { token: REVIEWER });
}

export async function approve(api: TestApi, id: string): Promise<ApiResponse> {
  return api.request("POST", `/api/review/applications/${id}/decision`, { token: REVIEWER, body: { decision: "approve", reason: "Meets every criterion (bench)" } });
}

export type Stage = "complete" | "submitted" | "under-review";

/** `count` applications at `stage`, prepared `concurrency` at a time (not timed). */
export async function prepare(api: TestApi, count: number, stage: Stage, opts: { region?: string; concurrency?: number } = {}): Promise<string[]> {
  return runPool(count, opts.concurrency ?? 4, async () => {
    const id = await createDraft(api, opts.region);
    await addDocuments(api, id);
    if (stage === "complete") return id;
    expectStatus(await submit(api, id), 200, "submit");
    if (stage === "submitted") return id;
    expectStatus(await assign(api, id), 200, "assign");
    return id;
  });
}
