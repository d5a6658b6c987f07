import type { Application } from "../../../lambdas/schemas/review.ts";
import { Link } from "../router.tsx";
import { ApplicationTable } from "../ui/application-table.tsx";
import { usePageTitle } from "../ui/async.tsx";
import { formatDate } from "../ui/format.ts";
import { ListStatus, MoreButton, useApiPages } from "../ui/paged.tsx";

export function ApplicationsPage() {
  usePageTitle("My applications");
  const list = useApiPages<Application>("/api/applications");
  return (
    <section aria-labelledby="apps-title">
      <h1 id="apps-title">My applications</h1>
      <p>
        <Link to="/applications/new" className="button">
          Start a new application
        </Link>
      </p>
      <ListStatus list={list} loading="Loading your applications" empty="You have no applications yet." />
      {list.items.length ? (
        <ApplicationTable
          label="My applications"
          items={list.items}
          href={(id) => `/applications/${encodeURIComponent(id)}`}
          unnamed={(a) => `Draft ${a.id}`}
          updatedHeading="Last change"
          formatUpdated={formatDate}
        />
      ) : null}
      <MoreButton list={list} what="more applications" />
    </section>
  );
}
