import { useState } from "react";
import { api, withQuery } from "../api/client.ts";
import type { Licence, Page } from "../api/types.ts";
import { Link } from "../router.tsx";
import { LoadError, Loading, StatusBadge, usePageTitle } from "../ui/async.tsx";
import { FilterSelect } from "../ui/filter-select.tsx";
import { CATEGORY_LABELS, formatDate, formatMw, label, REGION_LABELS } from "../ui/format.ts";
import { CATEGORY_OPTIONS, LICENCE_STATUS_OPTIONS, REGION_OPTIONS } from "../ui/options.ts";
import { MoreButton, usePaged } from "../ui/paged.tsx";

export function RegisterPage() {
  usePageTitle("Public register");
  const [filters, setFilters] = useState({ category: "", region: "", status: "" });
  const list = usePaged(
    async (cursor, signal) => (await api.get<Page<Licence>>(withQuery("/api/register", { ...filters, limit: 50, cursor }), { signal })).data,
    [filters.category, filters.region, filters.status],
  );
  const filtered = !!(filters.category || filters.region || filters.status);
  return (
    <section aria-labelledby="register-title">
      <h1 id="register-title">Public register</h1>
      <p>Licensed participants of the regulatory sandbox. Personal data such as owners' ID numbers is never published.</p>
      <form className="filters" aria-label="Filter the register" onSubmit={(e) => e.preventDefault()}>
        <FilterSelect id="reg-category" label="Category" value={filters.category} options={CATEGORY_OPTIONS} onValue={(category) => setFilters({ ...filters, category })} />
        <FilterSelect id="reg-region" label="Region" value={filters.region} options={REGION_OPTIONS} onValue={(region) => setFilters({ ...filters, region })} />
        <FilterSelect id="reg-status" label="Status" value={filters.status} options={LICENCE_STATUS_OPTIONS} onValue={(status) => setFilters({ ...filters, status })} />
      </form>
      <p>
        <a href={withQuery("/api/register", { ...filters, format: "csv" })} download="register.csv">
          Download the register as CSV{filtered ? " (with these filters)" : ""}
        </a>
      </p>
      <div aria-live="polite">
        {list.loading ? <Loading what="Loading the register" /> : null}
        {!list.loading && !list.error ? (
          <p className="result-count">
            {list.items.length === 0 ? "No licences match." : `${list.items.length} licence${list.items.length === 1 ? "" : "s"} shown${list.hasMore ? ", more available" : ""}.`}
          </p>
        ) : null}
      </div>
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {list.items.length > 0 ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Register table">
          <table>
            <caption className="visually-hidden">Licensed participants</caption>
            <thead>
              <tr>
                <th scope="col">Licence</th>
                <th scope="col">Legal name</th>
                <th scope="col">Category</th>
                <th scope="col">Region</th>
                <th scope="col" className="num">
                  Approved
                </th>
                <th scope="col">Status</th>
                <th scope="col">Issued</th>
                <th scope="col">Expires</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((l) => (
                <tr key={l.licenceNumber}>
                  <th scope="row">
                    <Link to={`/register/${encodeURIComponent(l.licenceNumber)}`}>{l.licenceNumber}</Link>
                  </th>
                  <td>{l.legalName}</td>
                  <td>{label(CATEGORY_LABELS, l.category)}</td>
                  <td>{l.region ? label(REGION_LABELS, l.region) : "—"}</td>
                  <td className="num">{formatMw(l.approvedMw)}</td>
                  <td>
                    <StatusBadge status={l.status} />
                  </td>
                  <td>{formatDate(l.issuedAt)}</td>
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
