import type { Benchmark } from "./lib/context.ts";
import { holds, reportOnly, type Figure } from "./lib/figures.ts";
import { counters } from "./lib/instrument.ts";
import { approve, expectStatus, HOT_LINE, MAIN_LINE, prepare } from "./lib/journey.ts";
import { runPool } from "./lib/pool.ts";

// 50 reviewers approve 50 applications on one allocation line at once. The line has fewer MW than
// asked for, so some approvals must be refused (409); none may over-allocate. Every commit also moves
// the audit chain head, so this is the worst case for commit()'s conflict retries.
// Floor: the same approvals one at a time on an uncontended line (approvals/second).
// Retries are counted with the bench's SDK middleware (TransactionCanceledException).

const CONCURRENT = 50;
const SEQUENTIAL = 10;

export const hotLineBenchmark: Benchmark = {
  name: "hot-line",
  async run(ctx) {
    const { api } = ctx;
    const [hot, calm] = await Promise.all([
      prepare(api, CONCURRENT, "under-review", { region: HOT_LINE.region }),
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
    const line = (round.lines as { region: string; category: string; mw: number; approvedMw: number; remainingMw: number }[]).find(
      (l) => l.region === HOT_LINE.region && l.category === HOT_LINE.category,
    )!;
    // The register filters after DynamoDB's Limit, so a filtered page may be short or empty: walk every page.
    let licensedMw = 0;
    let pages = 0;
    let cursor: string | null = null;
    do {
      const query = `region=${HOT_LINE.region}&category=${HOT_LINE.category}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const page = expectStatus(await api.request("GET", `/api/register?${query}`), 200, "register").json;
      licensedMw += (page.items as { approvedMw?: number }[]).reduce((n, l) => n + (l.approvedMw ?? 0), 0);
      cursor = page.nextCursor as string | null;
      pages++;
    } while (cursor && pages < 1000);
    const invariant =
      line.approvedMw <= line.mw &&
      line.remainingMw >= 0 &&
      Math.abs(line.mw - line.approvedMw - line.remainingMw) < 1e-9 &&
      Math.abs(line.approvedMw - approved) < 1e-9 &&
      Math.abs(licensedMw - line.approvedMw) < 1e-9 &&
      approved === Math.min(CONCURRENT, HOT_LINE.mw);

    ctx.detail(
      `hot-line: ${CONCURRENT} concurrent 1 MW approvals on a ${HOT_LINE.mw} MW line: ${approved} approved, ${refused} refused (409)` +
        `${other.length ? `, ${other.length} other (${[...new Set(other)].join(",")})` : ""} in ${seconds.toFixed(2)} s; ` +
        `${attempts} TransactWriteItems sent, ${cancelled} cancelled; line approvedMw ${line.approvedMw}, remainingMw ${line.remainingMw}, register ${licensedMw} MW (${pages} pages).`,
    );

    const figures: Figure[] = [
      reportOnly("hot line approvals/s (50 concurrent)", approved / seconds, "1/s", { floor: sequentialRate, note: "floor: one at a time, uncontended" }),
      reportOnly("hot line conflict retries per approval request", cancelled / CONCURRENT, "retries"),
      reportOnly("hot line cancelled share of transactions", attempts ? cancelled / attempts : 0, "fraction"),
      holds("hot line no over-allocation (line, licences and answers agree)", invariant, "holds"),
      holds("hot line every answer 200 or 409", other.length === 0, "no 5xx", other.length ? `${other.length} answered ${[...new Set(other)].join(",")}` : undefined),
    ];
    return figures;
  },
};
