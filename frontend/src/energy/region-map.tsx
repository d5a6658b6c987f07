import { REGIONS, type Region } from "../../../lambdas/schemas/common.ts";
import { formatNumber, label, REGION_LABELS } from "../ui/format.ts";
import { ChartDataTable } from "../ui/chart-data-table.tsx";
import { formatPercent } from "./format.ts";

// A schematic map of the twelve grid regions: one tile each, placed roughly where the region lies
// (north at the top, Karachi at the bottom left), shaded by utilisation. No tiles or geodata are loaded;
// the SVG is one named image with a text description, and the same figures follow in a table.

export interface RegionFigures {
  region: Region;
  offeredMw: number;
  approvedMw: number;
  meteredMwh: number;
  /** A fraction; null while the line has no approved MW. */
  utilisation: number | null;
}
const percentOf = (u: number | null) => (u === null ? "none approved" : formatPercent(u));

/** Column and row of each region's tile. */
export const TILE_AT: Record<Region, readonly [number, number]> = {
  PESCO: [2, 0],
  HAZECO: [3, 0],
  TESCO: [1, 1],
  IESCO: [3, 1],
  GEPCO: [4, 1],
  QESCO: [0, 2],
  MEPCO: [2, 2],
  FESCO: [3, 2],
  LESCO: [4, 2],
  SEPCO: [1, 3],
  KE: [0, 4],
  HESCO: [1, 4],
};

const TILE = 110;
const GAP = 8;

/** Four shades, each named in the legend; a region with no line is left unshaded. */
export function band(utilisation: number): 0 | 1 | 2 | 3 {
  if (utilisation < 0.3) return 0;
  if (utilisation < 0.6) return 1;
  if (utilisation < 0.85) return 2;
  return 3;
}
const BAND_LABELS = ["under 30 %", "30 to 60 %", "60 to 85 %", "85 % or more"];

export function RegionMap({ id, title, rows }: { id: string; title: string; rows: RegionFigures[] }) {
  const byRegion = new Map(rows.map((r) => [r.region, r]));
  const width = 5 * TILE + 4 * GAP;
  const height = 5 * TILE + 4 * GAP;
  const describe = (r: RegionFigures) =>
    `${r.region}: ${formatNumber(r.offeredMw)} MW offered, ${formatNumber(r.approvedMw)} MW approved, ${formatNumber(r.meteredMwh)} MWh metered, ${percentOf(r.utilisation)} utilisation`;
  const missing = REGIONS.filter((r) => !byRegion.has(r));
  const summary = [...rows.map(describe), ...(missing.length ? [`no line in ${missing.join(", ")}`] : [])].join("; ");
  return (
    <figure className="chart region-map">
      <svg role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${width} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet" focusable="false">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        {REGIONS.map((region) => {
          const [col, row] = TILE_AT[region];
          const x = col * (TILE + GAP);
          const y = row * (TILE + GAP);
          const figures = byRegion.get(region);
          return (
            <g key={region} aria-hidden="true" data-region={region}>
              <rect x={x} y={y} width={TILE} height={TILE} rx={6} className={figures ? `tile tile-band-${band(figures.utilisation ?? 0)}` : "tile tile-none"} />
              <text x={x + TILE / 2} y={y + TILE / 2 - 10} textAnchor="middle" className="tile-label">
                {region}
              </text>
              <text x={x + TILE / 2} y={y + TILE / 2 + 14} textAnchor="middle" className="tile-value">
                {figures ? percentOf(figures.utilisation) : "no line"}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="legend" aria-hidden="true">
        {BAND_LABELS.map((text, i) => (
          <span key={text}>
            <span className={`swatch tile-band-${i}`} /> {text}{" "}
          </span>
        ))}
        <span className="swatch tile-none" /> no line
      </figcaption>
      <ChartDataTable
        title={title}
        rowHeader="Region"
        columns={["Offered MW", "Approved MW", "Metered MWh", "Utilisation"]}
        rows={rows.map((r) => ({ key: r.region, header: label(REGION_LABELS, r.region), cells: [formatNumber(r.offeredMw), formatNumber(r.approvedMw), formatNumber(r.meteredMwh), percentOf(r.utilisation)] }))}
      />
    </figure>
  );
}
