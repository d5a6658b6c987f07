import type { RoundView as Round } from "../../../lambdas/schemas/allocations.ts";
import { LoadError, Loading, usePageTitle } from "../ui/async.tsx";
import { CATEGORY_LABELS, formatDate, formatMw, formatNumber, label } from "../ui/format.ts";
import { useRounds } from "../ui/use-rounds.ts";
import { Link } from "../router.tsx";
import { BarChart, type BarRow } from "./bar-chart.tsx";

export function roundTotals(round: Round) {
  return round.lines.reduce(
    (sum, l) => ({ total: sum.total + l.mw, approved: sum.approved + l.approvedMw, remaining: sum.remaining + l.remainingMw }),
    { total: 0, approved: 0, remaining: 0 },
  );
}

function RoundSection({ round }: { round: Round }) {
  const totals = roundTotals(round);
  const categories = [...new Set(round.lines.map((l) => l.category))];
  return (
    <section className="round" aria-labelledby={`round-${round.roundId}`}>
      <h2 id={`round-${round.roundId}`}>{round.name}</h2>
      {round.description ? <p>{round.description}</p> : null}
      <dl className="stats">
        <div>
          <dt>Window</dt>
          <dd>
            {formatDate(round.effectiveFrom)} – {formatDate(round.effectiveTo)}
          </dd>
        </div>
        <div>
          <dt>Tariff</dt>
          <dd>{formatNumber(round.tariffUsdCentsPerKwh)} US¢/kWh</dd>
        </div>
        <div>
          <dt>Total</dt>
          <dd>{formatMw(totals.total)}</dd>
        </div>
        <div>
          <dt>Approved</dt>
          <dd>{formatMw(totals.approved)}</dd>
        </div>
        <div>
          <dt>Remaining</dt>
          <dd>{formatMw(totals.remaining)}</dd>
        </div>
      </dl>
      {categories.map((category) => {
        const rows: BarRow[] = round.lines
          .filter((l) => l.category === category)
          .map((l) => ({ key: `${l.region}-${l.category}`, label: l.region, total: l.mw, approved: l.approvedMw, remaining: l.remainingMw }));
        return (
          <section key={category} aria-labelledby={`round-${round.roundId}-${category}`}>
            <h3 id={`round-${round.roundId}-${category}`}>{label(CATEGORY_LABELS, category)}</h3>
            <BarChart id={`chart-${round.roundId}-${category}`} title={`${round.name}, ${label(CATEGORY_LABELS, category)}: MW per region`} rows={rows} />
          </section>
        );
      })}
    </section>
  );
}

export function DashboardPage() {
  usePageTitle("Energy allocations");
  const rounds = useRounds();
  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">Energy allocations</h1>
      <p>Surplus electricity offered to the sandbox, per grid region and category: how many MW in total, how many approved, how many remain.</p>
      <p>
        How much of it is used, month by month and region by region: <Link to="/energy">energy usage</Link>.
      </p>
      <div aria-live="polite">{rounds.loading ? <Loading what="Loading allocation rounds" /> : null}</div>
      {rounds.error ? <LoadError error={rounds.error} retry={rounds.reload} /> : null}
      {rounds.data && rounds.data.length === 0 ? <p>No allocation round has been published yet.</p> : null}
      {rounds.data?.map((round) => <RoundSection key={round.roundId} round={round} />)}
    </section>
  );
}
