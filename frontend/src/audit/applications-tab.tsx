import type { Application } from "../../../lambdas/schemas/review.ts";
import { ApplicationTable } from "../ui/application-table.tsx";
import { FilterBar, FilterDate, FilterSelect, useFilters } from "../ui/filters.tsx";
import { formatDateTime } from "../ui/format.ts";
import { APPLICATION_STATUS_OPTIONS, CATEGORY_OPTIONS, REGION_OPTIONS } from "../ui/options.ts";
import { ListStatus, MoreButton, useApiPages } from "../ui/paged.tsx";
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
        <ApplicationTable
          label="Applications"
          items={list.items}
          href={(id) => `/audit/applications/${encodeURIComponent(id)}`}
          unnamed={(a) => a.id}
          updatedHeading="Updated"
          formatUpdated={formatDateTime}
        />
      ) : null}
      <MoreButton list={list} what="more applications" />
    </TitledSection>
  );
}
