import type { Application } from "../../../lambdas/schemas/review.ts";
import { Link } from "../router.tsx";
import { OverdueBadge, StatusBadge, usePageTitle } from "../ui/async.tsx";
import { FilterBar, FilterSelect, useFilters } from "../ui/filters.tsx";
import { CATEGORY_LABELS, formatDate, formatMw, label } from "../ui/format.ts";
import { CATEGORY_OPTIONS, QUEUE_STATUS_OPTIONS, REGION_OPTIONS } from "../ui/options.ts";
import { ListStatus, MoreButton, useApiPages } from "../ui/paged.tsx";
import { TableRegion } from "../ui/table.tsx";

export function QueuePage() {
  usePageTitle("Review queue");
  const filters = useFilters({ status: "", category: "", region: "" });
  const list = useApiPages<Application>("/api/review/queue", filters.values);
  const overdue = list.items.filter((a) => a.overdue).length;
  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">Review queue</h1>
      <p>Applications waiting for the council, the nearest decision deadline first.</p>
      <FilterBar label="Filter the queue">
        <FilterSelect id="q-status" label="Status" options={QUEUE_STATUS_OPTIONS} {...filters.bind("status")} />
        <FilterSelect id="q-category" label="Category" options={CATEGORY_OPTIONS} {...filters.bind("category")} />
        <FilterSelect id="q-region" label="Region" options={REGION_OPTIONS} {...filters.bind("region")} />
      </FilterBar>
      <ListStatus
        list={list}
        loading="Loading the queue"
        summary={list.items.length === 0 ? "Nothing is waiting." : `${list.items.length} application${list.items.length === 1 ? "" : "s"}${overdue ? `, ${overdue} overdue` : ""}.`}
      />
      {list.items.length ? (
        <TableRegion label="Queue">
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
                  {a.overdue ? <OverdueBadge /> : null}
                </td>
                <td>{a.assignedTo ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </TableRegion>
      ) : null}
      <MoreButton list={list} what="more applications" />
    </section>
  );
}
