import { useState } from "react";
import { ENERGY_CATEGORIES } from "../../../lambdas/schemas/common.ts";
import { api, enc } from "../api/client.ts";
import { navigate, useLocation } from "../router.tsx";
import { LoadError, Loading, useLoad, usePageTitle } from "../ui/async.tsx";
import { CATEGORY_LABELS, label } from "../ui/format.ts";
import { useRounds } from "../ui/use-rounds.ts";
import { formatPeriod } from "./format.ts";
import { MonthlyChart, type MonthFigures } from "./monthly-chart.tsx";
import { RegionMap } from "./region-map.tsx";
import type { Usage, UsageItem } from "./types.ts";

// Public energy usage of a round (GET /api/energy/usage?roundId=): per region for one month as a schematic
// map, and per month across the regions as a chart; each with the same figures as a table.

/** The months of a category, summed over its regions: MW and MWh add up; utilisation is per line only. */
export function monthlyTotals(items: readonly UsageItem[]): MonthFigures[] {
  const byPeriod = new Map<string, MonthFigures>();
  for (const item of items) {
    const sum = byPeriod.get(item.period) ?? { period: item.period, offeredMw: 0, approvedMw: 0, meteredMwh: 0 };
    // Whole kW and whole kWh: sums of 3-decimal figures stay exact to 3 decimals.
    sum.offeredMw = Math.round((sum.offeredMw + item.offeredMw) * 1000) / 1000;
    sum.approvedMw = Math.round((sum.approvedMw + item.approvedMw) * 1000) / 1000;
    sum.meteredMwh = Math.round((sum.meteredMwh + item.meteredMwh) * 1000) / 1000;
    byPeriod.set(item.period, sum);
  }
  return [...byPeriod.values()].sort((a, b) => a.period.localeCompare(b.period));
}

/** The month the map opens on: the latest one with anything metered, else the first. */
export function defaultPeriod(items: readonly UsageItem[]): string | undefined {
  const periods = [...new Set(items.map((i) => i.period))].sort();
  const metered = periods.filter((p) => items.some((i) => i.period === p && i.meteredMwh > 0));
  return metered.at(-1) ?? periods[0];
}

function Select({ id, label: text, value, onValue, options }: { id: string; label: string; value: string; onValue: (v: string) => void; options: { value: string; label: string }[] }) {
  return (
    <div className="field">
      <label htmlFor={id}>{text}</label>
      <select id={id} value={value} onChange={(e) => onValue(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function RoundUsage({ roundId, roundName }: { roundId: string; roundName: string }) {
  const usage = useLoad(async (signal) => (await api.get<Usage>(`/api/energy/usage?roundId=${enc(roundId)}`, { signal })).data, [roundId]);
  const [category, setCategory] = useState("");
  const [period, setPeriod] = useState("");
  const items = usage.data?.items ?? [];
  // In the schema's order, so the page opens on the same category whatever order the items came in.
  const categories = ENERGY_CATEGORIES.filter((c) => items.some((i) => i.category === c));
  const chosenCategory = categories.find((c) => c === category) ?? categories[0] ?? "";
  const ofCategory = items.filter((i) => i.category === chosenCategory);
  const periods = [...new Set(ofCategory.map((i) => i.period))].sort();
  const chosenPeriod = periods.includes(period) ? period : (defaultPeriod(ofCategory) ?? "");
  const categoryLabel = label(CATEGORY_LABELS, chosenCategory);
  return (
    <>
      <div aria-live="polite">{usage.loading ? <Loading what="Loading energy usage" /> : null}</div>
      {usage.error ? <LoadError error={usage.error} retry={usage.reload} /> : null}
      {usage.data && items.length === 0 ? <p>This round has no usage figures yet.</p> : null}
      {items.length > 0 ? (
        <>
          <div className="row filters">
            <Select id="usage-category" label="Category" value={chosenCategory} onValue={setCategory} options={categories.map((c) => ({ value: c, label: label(CATEGORY_LABELS, c) }))} />
            <Select id="usage-period" label="Month shown on the map" value={chosenPeriod} onValue={setPeriod} options={periods.map((p) => ({ value: p, label: formatPeriod(p) }))} />
          </div>
          <section aria-labelledby="usage-by-region">
            <h2 id="usage-by-region">By region, {formatPeriod(chosenPeriod)}</h2>
            <RegionMap
              id="usage-map"
              title={`${roundName}, ${categoryLabel}, ${formatPeriod(chosenPeriod)}: utilisation per region`}
              rows={ofCategory.filter((i) => i.period === chosenPeriod)}
            />
          </section>
          <section aria-labelledby="usage-by-month">
            <h2 id="usage-by-month">By month, all regions</h2>
            <MonthlyChart id="usage-months" title={`${roundName}, ${categoryLabel}: MW offered and approved, MWh metered per month`} rows={monthlyTotals(ofCategory)} />
          </section>
        </>
      ) : null}
    </>
  );
}

export function UsagePage() {
  usePageTitle("Energy usage");
  const rounds = useRounds();
  const { query } = useLocation();
  const list = rounds.data ?? [];
  const wanted = query.get("roundId") ?? "";
  const round = list.find((r) => r.roundId === wanted) ?? list[0];
  return (
    <section aria-labelledby="usage-title">
      <h1 id="usage-title">Energy usage</h1>
      <p>
        Per round, region, category and month: the MW offered (the line's MW times that month's availability), the MW approved to licences, the MWh the grid
        operators metered, and the average utilisation.
      </p>
      <div aria-live="polite">{rounds.loading ? <Loading what="Loading allocation rounds" /> : null}</div>
      {rounds.error ? <LoadError error={rounds.error} retry={rounds.reload} /> : null}
      {rounds.data && list.length === 0 ? <p>No allocation round has been published yet.</p> : null}
      {round ? (
        <>
          <Select
            id="usage-round"
            label="Round"
            value={round.roundId}
            onValue={(roundId) => navigate(`/energy?roundId=${enc(roundId)}`, { replace: true })}
            options={list.map((r) => ({ value: r.roundId, label: r.name }))}
          />
          <RoundUsage key={round.roundId} roundId={round.roundId} roundName={round.name} />
        </>
      ) : null}
    </section>
  );
}
