import { useState, type FormEvent } from "react";
import type { Licence } from "../../../lambdas/schemas/review.ts";
import { Link, navigate } from "../router.tsx";
import { StatusBadge, usePageTitle } from "../ui/async.tsx";
import { FilterBar, FilterSelect, useFilters } from "../ui/filters.tsx";
import { CATEGORY_LABELS, formatDate, formatMw, label } from "../ui/format.ts";
import { LICENCE_STATUS_OPTIONS, REGION_OPTIONS } from "../ui/options.ts";
import { ListStatus, MoreButton, useApiPages } from "../ui/paged.tsx";
import { TableRegion } from "../ui/table.tsx";

export function ReviewLicencesPage() {
  usePageTitle("Licences");
  const filters = useFilters({ status: "", region: "" });
  const [number, setNumber] = useState("");
  const list = useApiPages<Licence>("/api/register", filters.values);
  const open = (e: FormEvent) => {
    e.preventDefault();
    if (number.trim()) navigate(`/review/licences/${encodeURIComponent(number.trim().toUpperCase())}`);
  };
  return (
    <section aria-labelledby="lic-title">
      <h1 id="lic-title">Licences</h1>
      <form className="inline-form" onSubmit={open}>
        <div className="field">
          <label htmlFor="lic-number">Open a licence by number</label>
          <input id="lic-number" value={number} onChange={(e) => setNumber(e.target.value)} placeholder="PCC-BTC-2026-000017" />
        </div>
        <button type="submit">Open</button>
      </form>
      <FilterBar label="Filter licences">
        <FilterSelect id="lic-status" label="Status" options={LICENCE_STATUS_OPTIONS} {...filters.bind("status")} />
        <FilterSelect id="lic-region" label="Region" options={REGION_OPTIONS} {...filters.bind("region")} />
      </FilterBar>
      <ListStatus list={list} loading="Loading licences" empty="No licences match." />
      {list.items.length ? (
        <TableRegion label="Licences">
          <thead>
            <tr>
              <th scope="col">Licence</th>
              <th scope="col">Licensee</th>
              <th scope="col">Category</th>
              <th scope="col" className="num">
                MW
              </th>
              <th scope="col">Status</th>
              <th scope="col">Expires</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((l) => (
              <tr key={l.licenceNumber}>
                <th scope="row">
                  <Link to={`/review/licences/${encodeURIComponent(l.licenceNumber)}`}>{l.licenceNumber}</Link>
                </th>
                <td>{l.legalName}</td>
                <td>{label(CATEGORY_LABELS, l.category)}</td>
                <td className="num">{formatMw(l.approvedMw)}</td>
                <td>
                  <StatusBadge status={l.status} />
                </td>
                <td>{formatDate(l.expiresAt)}</td>
              </tr>
            ))}
          </tbody>
        </TableRegion>
      ) : null}
      <MoreButton list={list} what="more licences" />
    </section>
  );
}
