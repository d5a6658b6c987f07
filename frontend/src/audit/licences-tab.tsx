import type { Licence } from "../../../lambdas/schemas/review.ts";
import { StatusBadge } from "../ui/async.tsx";
import { CATEGORY_LABELS, formatDate, formatMw, label } from "../ui/format.ts";
import { ListStatus, MoreButton, useApiPages } from "../ui/paged.tsx";
import { Timeline } from "../ui/timeline.tsx";
import { TitledSection } from "../ui/titled-section.tsx";

export function LicencesTab() {
  const list = useApiPages<Licence>("/api/audit/licences");
  return (
    <TitledSection id="alic-title" title="Licences">
      <ListStatus list={list} loading="Loading licences" empty="No licences yet." />
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
            {l.statusHistory ? (
              <details>
                <summary>Status history of {l.licenceNumber}</summary>
                <Timeline history={l.statusHistory} />
              </details>
            ) : null}
          </li>
        ))}
      </ul>
      <MoreButton list={list} what="more licences" />
    </TitledSection>
  );
}
