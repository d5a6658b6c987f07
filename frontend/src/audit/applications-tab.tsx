import { useState } from "react";
import { api, withQuery } from "../api/client.ts";
import type { Application, Page } from "../api/types.ts";
import { Link } from "../router.tsx";
import { LoadError, Loading, StatusBadge } from "../ui/async.tsx";
import { FilterSelect } from "../ui/filter-select.tsx";
import { CATEGORY_LABELS, formatDateTime, label } from "../ui/format.ts";
import { APPLICATION_STATUS_OPTIONS, CATEGORY_OPTIONS, REGION_OPTIONS } from "../ui/options.ts";
import { MoreButton, usePaged } from "../ui/paged.tsx";

export function ApplicationsTab() {
  const [filters, setFilters] = useState({ status: "", category: "", region: "", updatedFrom: "", updatedTo: "" });
  const list = usePaged(
    async (cursor, signal) => (await api.get<Page<Application>>(withQuery("/api/audit/applications", { ...filters, limit: 50, cursor }), { signal })).data,
    [filters.status, filters.category, filters.region, filters.updatedFrom, filters.updatedTo],
  );
  return (
    <section aria-labelledby="aapps-title">
      <h2 id="aapps-title">Applications</h2>
      <form className="filters" aria-label="Filter applications" onSubmit={(e) => e.preventDefault()}>
        <FilterSelect id="aa-status" label="Status" value={filters.status} options={APPLICATION_STATUS_OPTIONS} onValue={(status) => setFilters({ ...filters, status })} />
        <FilterSelect id="aa-category" label="Category" value={filters.category} options={CATEGORY_OPTIONS} onValue={(category) => setFilters({ ...filters, category })} />
        <FilterSelect id="aa-region" label="Region" value={filters.region} options={REGION_OPTIONS} onValue={(region) => setFilters({ ...filters, region })} />
        <div className="field">
          <label htmlFor="aa-from">Updated from</label>
          <input id="aa-from" type="date" value={filters.updatedFrom} onChange={(e) => setFilters({ ...filters, updatedFrom: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="aa-to">Updated to</label>
          <input id="aa-to" type="date" value={filters.updatedTo} onChange={(e) => setFilters({ ...filters, updatedTo: e.target.value })} />
        </div>
      </form>
      <div aria-live="polite">{list.loading ? <Loading what="Loading applications" /> : null}</div>
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? <p>No applications match.</p> : null}
      {list.items.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Applications">
          <table>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">Category</th>
                <th scope="col">Status</th>
                <th scope="col">Updated</th>
                <th scope="col">Licence</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <Link to={`/audit/applications/${encodeURIComponent(a.id)}`}>{a.organisation?.legalName ?? a.id}</Link>
                  </th>
                  <td>{label(CATEGORY_LABELS, a.category)}</td>
                  <td>
                    <StatusBadge status={a.status} />
                  </td>
                  <td>{formatDateTime(a.updatedAt)}</td>
                  <td>{a.licenceNumber ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <MoreButton list={list} what="more applications" />
    </section>
  );
}
