import { useState } from "react";
import { api, withQuery } from "../api/client.ts";
import type { Application, Page } from "../api/types.ts";
import { Link } from "../router.tsx";
import { LoadError, Loading, StatusBadge, usePageTitle } from "../ui/async.tsx";
import { FilterSelect } from "../ui/filter-select.tsx";
import { CATEGORY_LABELS, formatDate, formatMw, label } from "../ui/format.ts";
import { CATEGORY_OPTIONS, QUEUE_STATUS_OPTIONS, REGION_OPTIONS } from "../ui/options.ts";
import { MoreButton, usePaged } from "../ui/paged.tsx";

export function QueuePage() {
  usePageTitle("Review queue");
  const [filters, setFilters] = useState({ status: "", category: "", region: "" });
  const list = usePaged(
    async (cursor, signal) => (await api.get<Page<Application>>(withQuery("/api/review/queue", { ...filters, limit: 50, cursor }), { signal })).data,
    [filters.status, filters.category, filters.region],
  );
  const overdue = list.items.filter((a) => a.overdue).length;
  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">Review queue</h1>
      <p>Applications waiting for the council, the nearest decision deadline first.</p>
      <form className="filters" aria-label="Filter the queue" onSubmit={(e) => e.preventDefault()}>
        <FilterSelect id="q-status" label="Status" value={filters.status} options={QUEUE_STATUS_OPTIONS} onValue={(status) => setFilters({ ...filters, status })} />
        <FilterSelect id="q-category" label="Category" value={filters.category} options={CATEGORY_OPTIONS} onValue={(category) => setFilters({ ...filters, category })} />
        <FilterSelect id="q-region" label="Region" value={filters.region} options={REGION_OPTIONS} onValue={(region) => setFilters({ ...filters, region })} />
      </form>
      <div aria-live="polite">
        {list.loading ? <Loading what="Loading the queue" /> : null}
        {!list.loading && !list.error ? (
          <p className="result-count">
            {list.items.length === 0 ? "Nothing is waiting." : `${list.items.length} application${list.items.length === 1 ? "" : "s"}${overdue ? `, ${overdue} overdue` : ""}.`}
          </p>
        ) : null}
      </div>
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {list.items.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Queue">
          <table>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">Category</th>
                <th scope="col">Region</th>
                <th scope="col" className="num">
                  Requested
                </th>
                <th scope="col">Status</th>
                <th scope="col">Due</th>
                <th scope="col">Assigned to</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((a) => (
                <tr key={a.id} className={a.overdue ? "overdue" : undefined}>
                  <th scope="row">
                    <Link to={`/review/applications/${encodeURIComponent(a.id)}`}>{a.organisation?.legalName ?? a.id}</Link>
                  </th>
                  <td>{label(CATEGORY_LABELS, a.category)}</td>
                  <td>{a.energy?.region ?? "—"}</td>
                  <td className="num">{a.energy?.requestedMw !== undefined ? formatMw(a.energy.requestedMw) : "—"}</td>
                  <td>
                    <StatusBadge status={a.status} />
                  </td>
                  <td>
                    {formatDate(a.effectiveDueAt ?? a.dueAt)}
                    {a.overdue ? (
                      <>
                        {" "}
                        <span className="badge badge-overdue">overdue</span>
                      </>
                    ) : null}
                  </td>
                  <td>{a.assignedTo ?? "—"}</td>
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
