import type { BenchContext, Benchmark } from "./lib/context.ts";
import { holds, ratioAtLeast, reportOnly, type Figure } from "./lib/figures.ts";
import { counters } from "./lib/instrument.ts";
import { approve, expectStatus, HOT_LINES, MAIN_LINE, prepare } from "./lib/journey.ts";
import { runPool } from "./lib/pool.ts";
import { median } from "./lib/stats.ts";

// 50 reviewers approve 50 applications on one allocation line at once. The line has fewer MW than
// asked for, so some approvals must be refused (409); none may over-allocate. Every approval writes
// the line and the licence-number counter, both hot by design: the worst case for commit()'s
// conflict retries. Budget: approvals/s at least 0.3x the floor, the same approvals one at a time on
// an uncontended line, measured just before. One round per hot line (HOT_LINES), the median judged:
// a single round of ten seconds moves by +-20 % on a shared machine.
// Retries are counted with the bench's SDK middleware (TransactionCanceledException).

const CONCURRENT = 50;
const SEQUENTIAL = 10;

interface RoundResult {
  ratio: number;
  rate: number;
  sequentialRate: number;
  retries: number;
  cancelledShare: number;
  invariant: boolean;
  other: number[];
  detail: string;
}

async function hotRound(ctx: BenchContext, line: (typeof HOT_LINES)[number]): Promise<RoundResult> {
  const { api } = ctx;
  const [hot, calm] = await Promise.all([
    prepare(api, CONCURRENT, "under-review", { region: line.region }),
    prepare(api, SEQUENTIAL, "under-review", { region: MAIN_LINE.region }),
  ]);

  const seqStart = performance.now();
  await runPool(calm.length, 1, async (i) => expectStatus(await approve(api, calm[i]), 200, "sequential approve"));
  const sequentialRate = calm.length / ((performance.now() - seqStart) / 1000);

  const before = { ...counters };
  const start = performance.now();
  const answers = await Promise.all(hot.map((id) => approve(api, id)));
  const seconds = (performance.now() - start) / 1000;
  const cancelled = counters.transactCancelled - before.transactCancelled;
  const attempts = counters.transactWrites - before.transactWrites;

  const statuses = answers.map((a) => a.status);
  const approved = statuses.filter((s) => s === 200).length;
  const refused = statuses.filter((s) => s === 409).length;
  const other = statuses.filter((s) => s !== 200 && s !== 409);

  // The line as the public API shows it, and the licences the register lists on it.
  const round = expectStatus(await api.request("GET", `/api/allocations/${ctx.round.roundId}`), 200, "round").json;
  const shown = (round.lines as { region: string; category: string; mw: number; approvedMw: number; remainingMw: number }[]).find(
    (l) => l.region === line.region && l.category === line.category,
  )!;
  // The register filters after DynamoDB's Limit, so a filtered page may be short or empty: walk every page.
  let licensedMw = 0;
  let pages = 0;
  let cursor: string | null = null;
  do {
    const query = `region=${line.region}&category=${line.category}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const page = expectStatus(await api.request("GET", `/api/register?${query}`), 200, "register").json;
    licensedMw += (page.items as { approvedMw?: number }[]).reduce((n, l) => n + (l.approvedMw ?? 0), 0);
    cursor = page.nextCursor as string | null;
    pages++;
  } while (cursor && pages < 1000);
  const invariant =
    shown.approvedMw <= shown.mw &&
    shown.remainingMw >= 0 &&
    Math.abs(shown.mw - shown.approvedMw - shown.remainingMw) < 1e-9 &&
    Math.abs(shown.approvedMw - approved) < 1e-9 &&
    Math.abs(licensedMw - shown.approvedMw) < 1e-9 &&
    approved === Math.min(CONCURRENT, line.mw);
  const rate = approved / seconds;
  return {
    ratio: rate / sequentialRate,
    rate,
    sequentialRate,
    retries: cancelled / CONCURRENT,
    cancelledShare: attempts ? cancelled / attempts : 0,
    invariant,
    other,
    detail:
      `${line.region}: ${approved} approved, ${refused} refused (409)${other.length ? `, ${other.length} other (${[...new Set(other)].join(",")})` : ""} in ${seconds.toFixed(2)} s ` +
      `(${rate.toFixed(2)}/s vs ${sequentialRate.toFixed(2)}/s one at a time: ${(rate / sequentialRate).toFixed(3)}x); ${attempts} TransactWriteItems sent, ${cancelled} cancelled; ` +
      `line approvedMw ${shown.approvedMw}, remainingMw ${shown.remainingMw}, register ${licensedMw} MW (${pages} pages)`,
  };
}

export const hotLineBenchmark: Benchmark = {
  name: "hot-line",
  async run(ctx) {
    const rounds: RoundResult[] = [];
    for (const line of HOT_LINES) rounds.push(await hotRound(ctx, line));
    // The round with the median ratio is the figure: its rate over its own floor.
    const judged = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)];
    const other = rounds.flatMap((r) => r.other);
    ctx.detail(`hot-line: ${CONCURRENT} concurrent 1 MW approvals on a ${HOT_LINES[0].mw} MW line, ${rounds.length} rounds: ${rounds.map((r) => r.detail).join("; ")}.`);
    const figures: Figure[] = [
      ratioAtLeast("hot line approvals/s (50 concurrent) vs one at a time, the median round", judged.rate, "1/s", judged.sequentialRate, 0.3, {
        note: `floor: one at a time, uncontended; round ratios ${rounds.map((r) => r.ratio.toFixed(3)).join(", ")}`,
      }),
      reportOnly("hot line conflict retries per approval request", median(rounds.map((r) => r.retries)), "retries"),
      reportOnly("hot line cancelled share of transactions", median(rounds.map((r) => r.cancelledShare)), "fraction"),
      holds("hot line no over-allocation (line, licences and answers agree)", rounds.every((r) => r.invariant), "holds"),
      holds("hot line every answer 200 or 409", other.length === 0, "no 5xx", other.length ? `${other.length} answered ${[...new Set(other)].join(",")}` : undefined),
    ];
    return figures;
  },
};
