import { useState, type FormEvent } from "react";
import { api, withQuery } from "../api/client.ts";
import type { Licence, Page } from "../api/types.ts";
import { Link, navigate } from "../router.tsx";
import { LoadError, Loading, StatusBadge, usePageTitle } from "../ui/async.tsx";
import { FilterSelect } from "../ui/filter-select.tsx";
import { CATEGORY_LABELS, formatDate, formatMw, label } from "../ui/format.ts";
import { LICENCE_STATUS_OPTIONS, REGION_OPTIONS } from "../ui/options.ts";
import { MoreButton, usePaged } from "../ui/paged.tsx";

export function ReviewLicencesPage() {
  usePageTitle("Licences");
  const [filters, setFilters] = useState({ status: "", region: "" });
  const [number, setNumber] = useState("");
  const list = usePaged(
    async (cursor, signal) => (await api.get<Page<Licence>>(withQuery("/api/register", { ...filters, limit: 50, cursor }), { signal })).data,
    [filters.status, filters.region],
  );
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
      <form className="filters" aria-label="Filter licences" onSubmit={(e) => e.preventDefault()}>
        <FilterSelect id="lic-status" label="Status" value={filters.status} options={LICENCE_STATUS_OPTIONS} onValue={(status) => setFilters({ ...filters, status })} />
        <FilterSelect id="lic-region" label="Region" value={filters.region} options={REGION_OPTIONS} onValue={(region) => setFilters({ ...filters, region })} />
      </form>
      <div aria-live="polite">{list.loading ? <Loading what="Loading licences" /> : null}</div>
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {!list.loading && list.items.length === 0 && !list.error ? <p>No licences match.</p> : null}
      {list.items.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Licences">
          <table>
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
          </table>
        </div>
      ) : null}
      <MoreButton list={list} what="more licences" />
    </section>
  );
}
