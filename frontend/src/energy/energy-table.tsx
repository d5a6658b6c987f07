import { StatusBadge } from "../ui/async.tsx";
import { formatNumber } from "../ui/format.ts";
import { TableRegion } from "../ui/table.tsx";
import { formatPercent, formatPeriod } from "./format.ts";
import type { EnergyMonth } from "./types.ts";

// A licence's months (GET /api/licences/{n}/energy) as the licensee and the reviewers read them.

export function EnergyTable({ label, months }: { label: string; months: EnergyMonth[] }) {
  if (months.length === 0) return <p>No month of this licence has ended yet.</p>;
  return (
    <TableRegion label={label}>
      <caption>{label}</caption>
      <thead>
        <tr>
          <th scope="col">Month</th>
          <th scope="col" className="num">
            Allowed MW
          </th>
          <th scope="col" className="num">
            Peak MW
          </th>
          <th scope="col" className="num">
            Energy MWh
          </th>
          <th scope="col" className="num">
            Load factor
          </th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {months.map((m) => (
          <tr key={m.period}>
            <th scope="row">{formatPeriod(m.period)}</th>
            <td className="num">{formatNumber(m.allowedMw)}</td>
            <td className="num">{formatNumber(m.peakMw)}</td>
            <td className="num">{formatNumber(m.energyMwh)}</td>
            <td className="num">{formatPercent(m.loadFactor)}</td>
            <td>
              <StatusBadge status={m.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </TableRegion>
  );
}
