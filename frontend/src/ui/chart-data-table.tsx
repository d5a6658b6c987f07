import type { ReactNode } from "react";
import { TableRegion } from "./table.tsx";

/**
 * The table every chart carries with the same figures (a chart alone is not accessible): a caption
 * "<title>: data", one row header column, then numeric columns.
 */
export function ChartDataTable({ title, rowHeader, columns, rows }: { title: string; rowHeader: string; columns: readonly string[]; rows: readonly { key: string; header: ReactNode; cells: readonly ReactNode[] }[] }) {
  return (
    <TableRegion label={`${title}: data table`}>
      <caption>{title}: data</caption>
      <thead>
        <tr>
          <th scope="col">{rowHeader}</th>
          {columns.map((column) => (
            <th key={column} scope="col" className="num">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.header}</th>
            {r.cells.map((cell, i) => (
              <td key={columns[i]} className="num">
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </TableRegion>
  );
}
