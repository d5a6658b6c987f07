import { formatNumber } from "../ui/format.ts";
import { ChartDataTable } from "../ui/chart-data-table.tsx";
import { formatPeriod } from "./format.ts";

// Offered and approved MW per month as paired columns, with the MWh metered written under each month.
// One named image with a text description; the same three figures per month follow in a table.

export interface MonthFigures {
  period: string;
  offeredMw: number;
  approvedMw: number;
  meteredMwh: number;
}

const SLOT = 52;
const PLOT_H = 180;
const TOP = 10;
const AXIS_H = 44;

export function MonthlyChart({ id, title, rows }: { id: string; title: string; rows: MonthFigures[] }) {
  const max = Math.max(1, ...rows.map((r) => Math.max(r.offeredMw, r.approvedMw)));
  const width = Math.max(1, rows.length) * SLOT;
  const height = TOP + PLOT_H + AXIS_H;
  const scale = (mw: number) => Math.max(0, (mw / max) * PLOT_H);
  const barW = (SLOT - 12) / 2;
  const summary =
    rows.map((r) => `${formatPeriod(r.period)}: ${formatNumber(r.offeredMw)} MW offered, ${formatNumber(r.approvedMw)} MW approved, ${formatNumber(r.meteredMwh)} MWh metered`).join("; ") ||
    "No months in this round.";
  return (
    <figure className="chart monthly-chart">
      <svg role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${width} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet" focusable="false">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        {rows.map((r, i) => {
          const x = i * SLOT + 6;
          const base = TOP + PLOT_H;
          return (
            <g key={r.period} aria-hidden="true">
              <rect x={x} y={base - scale(r.offeredMw)} width={barW} height={scale(r.offeredMw)} className="bar-offered" />
              <rect x={x + barW} y={base - scale(r.approvedMw)} width={barW} height={scale(r.approvedMw)} className="bar-approved" />
              <text x={x + barW} y={base + 16} textAnchor="middle" className="chart-label">
                {formatPeriod(r.period).slice(0, 3)}
              </text>
              <text x={x + barW} y={base + 34} textAnchor="middle" className="chart-value">
                {formatNumber(r.meteredMwh)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="legend" aria-hidden="true">
        <span className="swatch swatch-offered" /> MW offered <span className="swatch swatch-approved" /> MW approved; under each month, MWh metered
      </figcaption>
      <ChartDataTable
        title={title}
        rowHeader="Month"
        columns={["Offered MW", "Approved MW", "Metered MWh"]}
        rows={rows.map((r) => ({ key: r.period, header: formatPeriod(r.period), cells: [formatNumber(r.offeredMw), formatNumber(r.approvedMw), formatNumber(r.meteredMwh)] }))}
      />
    </figure>
  );
}
