import { formatNumber } from "../ui/format.ts";
import { ChartDataTable } from "../ui/chart-data-table.tsx";

// A hand-rolled, accessible horizontal stacked bar chart: approved + remaining = total per row.
// The SVG is one image with a text summary; the same numbers follow in a real table.

export interface BarRow {
  key: string;
  label: string;
  total: number;
  approved: number;
  remaining: number;
}

const ROW = 34;
const LABEL_W = 110;
const VALUE_W = 200;
const WIDTH = 640;

export function BarChart({ id, title, rows }: { id: string; title: string; rows: BarRow[] }) {
  const max = Math.max(1, ...rows.map((r) => r.total));
  const barW = WIDTH - LABEL_W - VALUE_W;
  const height = rows.length * ROW + 8;
  const scale = (mw: number) => Math.max(0, (mw / max) * barW);
  const summary = rows.map((r) => `${r.label}: ${formatNumber(r.approved)} of ${formatNumber(r.total)} MW approved, ${formatNumber(r.remaining)} remaining`).join("; ");
  return (
    <figure className="chart">
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
        focusable="false"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary || "No allocation lines."}</desc>
        {rows.map((r, i) => {
          const y = i * ROW + 4;
          const approvedW = scale(r.approved);
          const remainingW = scale(r.remaining);
          return (
            <g key={r.key} aria-hidden="true">
              <text x={LABEL_W - 8} y={y + ROW / 2} textAnchor="end" dominantBaseline="middle" className="chart-label">
                {r.label}
              </text>
              <rect x={LABEL_W} y={y + 4} width={scale(r.total)} height={ROW - 10} className="bar-total" />
              <rect x={LABEL_W} y={y + 4} width={approvedW} height={ROW - 10} className="bar-approved" />
              <rect x={LABEL_W + approvedW} y={y + 4} width={remainingW} height={ROW - 10} className="bar-remaining" />
              <text x={LABEL_W + scale(r.total) + 6} y={y + ROW / 2} dominantBaseline="middle" className="chart-value">
                {formatNumber(r.approved)} of {formatNumber(r.total)} MW approved
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="legend" aria-hidden="true">
        <span className="swatch swatch-approved" /> approved <span className="swatch swatch-remaining" /> remaining
      </figcaption>
      <ChartDataTable
        title={title}
        rowHeader="Region"
        columns={["Total MW", "Approved MW", "Remaining MW"]}
        rows={rows.map((r) => ({ key: r.key, header: r.label, cells: [formatNumber(r.total), formatNumber(r.approved), formatNumber(r.remaining)] }))}
      />
    </figure>
  );
}
