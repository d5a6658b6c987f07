import { api, withQuery } from "../api/client.ts";
import type { Licence, Page } from "../api/types.ts";
import { LoadError, Loading, StatusBadge } from "../ui/async.tsx";
import { CATEGORY_LABELS, formatDate, formatMw, label } from "../ui/format.ts";
import { MoreButton, usePaged } from "../ui/paged.tsx";
import { Timeline } from "../ui/timeline.tsx";

export function LicencesTab() {
  const list = usePaged(async (cursor, signal) => (await api.get<Page<Licence>>(withQuery("/api/audit/licences", { limit: 50, cursor }), { signal })).data, []);
  return (
    <section aria-labelledby="alic-title">
      <h2 id="alic-title">Licences</h2>
      <div aria-live="polite">{list.loading ? <Loading what="Loading licences" /> : null}</div>
      {list.error ? <LoadError error={list.error} retry={list.reload} /> : null}
      {!list.loading && !list.error && list.items.length === 0 ? <p>No licences yet.</p> : null}
      <ul className="licence-cards">
        {list.items.map((l) => (
          <li key={l.licenceNumber} className="panel">
            <h3>
              {l.licenceNumber} <StatusBadge status={l.status} />
            </h3>
            <p>
              {l.legalName} · {label(CATEGORY_LABELS, l.category)}
              {l.region ? ` · ${l.region}` : ""} · {formatMw(l.approvedMw)} · round <code>{l.roundId ?? "—"}</code> · issued {formatDate(l.issuedAt)}, expires{" "}
              {formatDate(l.expiresAt)} · application <code>{l.applicationId}</code>
            </p>
            {l.history || l.statusHistory ? (
              <details>
                <summary>Status history of {l.licenceNumber}</summary>
                <Timeline history={l.history ?? l.statusHistory} />
              </details>
            ) : null}
          </li>
        ))}
      </ul>
      <MoreButton list={list} what="more licences" />
    </section>
  );
}
