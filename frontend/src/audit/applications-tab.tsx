import type { Application } from "../api/types.ts";
import { Link } from "../router.tsx";
import { StatusBadge } from "../ui/async.tsx";
import { FilterBar, FilterDate, FilterSelect, useFilters } from "../ui/filters.tsx";
import { CATEGORY_LABELS, formatDateTime, label } from "../ui/format.ts";
import { APPLICATION_STATUS_OPTIONS, CATEGORY_OPTIONS, REGION_OPTIONS } from "../ui/options.ts";
import { ListStatus, MoreButton, useApiPages } from "../ui/paged.tsx";
import { TableRegion } from "../ui/table.tsx";
import { TitledSection } from "../ui/titled-section.tsx";

export function ApplicationsTab() {
  const filters = useFilters({ status: "", category: "", region: "", updatedFrom: "", updatedTo: "" });
  const list = useApiPages<Application>("/api/audit/applications", filters.values);
  return (
    <TitledSection id="aapps-title" title="Applications">
      <FilterBar label="Filter applications">
        <FilterSelect id="aa-status" label="Status" options={APPLICATION_STATUS_OPTIONS} {...filters.bind("status")} />
        <FilterSelect id="aa-category" label="Category" options={CATEGORY_OPTIONS} {...filters.bind("category")} />
        <FilterSelect id="aa-region" label="Region" options={REGION_OPTIONS} {...filters.bind("region")} />
        <FilterDate id="aa-from" label="Updated from" {...filters.bind("updatedFrom")} />
        <FilterDate id="aa-to" label="Updated to" {...filters.bind("updatedTo")} />
      </FilterBar>
      <ListStatus list={list} loading="Loading applications" empty="No applications match." />
      {list.items.length ? (
        <TableRegion label="Applications">
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
        </TableRegion>
      ) : null}
      <MoreButton list={list} what="more applications" />
    </TitledSection>
  );
}
