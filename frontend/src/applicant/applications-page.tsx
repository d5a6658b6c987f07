import type { Application } from "../api/types.ts";
import { Link } from "../router.tsx";
import { StatusBadge, usePageTitle } from "../ui/async.tsx";
import { CATEGORY_LABELS, formatDate, label } from "../ui/format.ts";
import { ListStatus, MoreButton, useApiPages } from "../ui/paged.tsx";
import { TableRegion } from "../ui/table.tsx";

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
        <TableRegion label="My applications">
          <thead>
            <tr>
              <th scope="col">Organisation</th>
              <th scope="col">Category</th>
              <th scope="col">Status</th>
              <th scope="col">Last change</th>
              <th scope="col">Licence</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((a) => (
              <tr key={a.id}>
                <th scope="row">
                  <Link to={`/applications/${encodeURIComponent(a.id)}`}>{a.organisation?.legalName ?? `Draft ${a.id}`}</Link>
                </th>
                <td>{label(CATEGORY_LABELS, a.category)}</td>
                <td>
                  <StatusBadge status={a.status} />
                </td>
                <td>{formatDate(a.updatedAt)}</td>
                <td>{a.licenceNumber ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </TableRegion>
      ) : null}
      <MoreButton list={list} what="more applications" />
    </section>
  );
}
