import { api, withQuery } from "../api/client.ts";
import type { Application, Page } from "../api/types.ts";
import { Link } from "../router.tsx";
import { LoadError, Loading, StatusBadge, usePageTitle } from "../ui/async.tsx";
import { CATEGORY_LABELS, formatDate, label } from "../ui/format.ts";
import { MoreButton, usePaged } from "../ui/paged.tsx";

export function ApplicationsPage() {
  usePageTitle("My applications");
  const list = usePaged(async (cursor, signal) => (await api.get<Page<Application>>(withQuery("/api/applications", { limit: 50, cursor }), { signal })).data, []);
  return (
    <section aria-labelledby="apps-title">
      <h1 id="apps-title">My applications</h1>
      <p>
        <Link to="/applications/new" className="button">
          Start a new application
        </Link>
      </p>
      <div aria-live="polite">{list.loading ? <Loading what="Loading your applications" /> : null}</div>
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? <p>You have no applications yet.</p> : null}
      {list.items.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="My applications">
          <table>
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
          </table>
        </div>
      ) : null}
      <MoreButton list={list} what="more applications" />
    </section>
  );
}
