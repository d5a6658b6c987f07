import { useState } from "react";
import { CaseReason, ExitDecision, ExtensionDecision, QUEUE_KINDS, QueryReturn } from "../../../lambdas/schemas/supervision.ts";
import { api, enc } from "../api/client.ts";
import { Link } from "../router.tsx";
import { Alert, StatusBadge, usePageTitle } from "../ui/async.tsx";
import { FilterBar, FilterSelect, useFilters } from "../ui/filters.tsx";
import { formatDate, humanize } from "../ui/format.ts";
import { ListStatus, MoreButton, useApiPages } from "../ui/paged.tsx";
import { TableRegion } from "../ui/table.tsx";
import { TextActionForm } from "../ui/text-action-form.tsx";
import type { QueueEntry } from "./types.ts";

// The reviewer's supervision queue: filed returns to accept or query, open cases to resolve or
// escalate, extension requests and exit reports to decide; oldest first. Each action's body is
// checked against the API's own schema.

const KIND_OPTIONS = QUEUE_KINDS.map((value) => ({ value, label: humanize(value) }));

function Actions({ entry, done }: { entry: QueueEntry; done: (message: string) => void }) {
  const n = enc(entry.licenceNumber);
  const r = entry.record as Record<string, string>;
  const panel = (key: string, summary: string, form: React.ReactNode) => (
    <details className="action-panel" key={key}>
      <summary>{summary}</summary>
      {form}
    </details>
  );
  if (entry.kind === "RETURN") {
    const base = `/api/licences/${n}/returns/${enc(r.period)}`;
    return (
      <>
        <button type="button" onClick={() => void api.post(`${base}/accept`).then(() => done(`The return for ${r.period} is accepted.`))}>
          Accept {r.period}
        </button>
        {panel("q", "Query", <TextActionForm idPrefix={`q-${entry.licenceNumber}-${r.period}`} field="message" label="Question for the licensee" submitLabel="Send the query" schema={QueryReturn} onSubmit={async (body) => (await api.post(`${base}/query`, body), done("The return is queried."))} />)}
      </>
    );
  }
  if (entry.kind === "CASE") {
    return (
      <>
        {(["resolve", "escalate"] as const).map((action) =>
          panel(action, humanize(action), <TextActionForm idPrefix={`${action}-${r.caseId}`} field="reason" label="Reason" submitLabel={humanize(action)} danger={action === "escalate"} schema={CaseReason} onSubmit={async (body) => (await api.post(`/api/cases/${enc(r.caseId)}/${action}`, body), done(action === "escalate" ? "The case is escalated and the licence suspended." : "The case is resolved."))} />),
        )}
      </>
    );
  }
  if (entry.kind === "EXTENSION") {
    return (
      <>
        {(["approve", "refuse"] as const).map((decision) =>
          panel(decision, humanize(decision), <TextActionForm idPrefix={`ext-${decision}-${entry.licenceNumber}`} field="reason" label="Reason" submitLabel={humanize(decision)} schema={ExtensionDecision.pick({ reason: true })} onSubmit={async (body) => (await api.post(`/api/licences/${n}/extension/decision`, { ...body, decision }), done(`The extension is ${decision === "approve" ? "approved" : "refused"}.`))} />),
        )}
      </>
    );
  }
  return (
    <>
      {(["GRADUATED", "EXITED"] as const).map((outcome) =>
        panel(outcome, humanize(outcome), <TextActionForm idPrefix={`exit-${outcome}-${entry.licenceNumber}`} field="reason" label="Reason" submitLabel={humanize(outcome)} schema={ExitDecision.pick({ reason: true })} onSubmit={async (body) => (await api.post(`/api/licences/${n}/exit`, { ...body, outcome }), done(`The licence is ${outcome.toLowerCase()}.`))} />),
      )}
    </>
  );
}

export function SupervisionQueuePage() {
  usePageTitle("Supervision queue");
  const filters = useFilters({ kind: "" });
  const list = useApiPages<QueueEntry>("/api/supervision/queue", filters.values);
  const [message, setMessage] = useState<string | null>(null);
  const done = (m: string) => {
    setMessage(m);
    list.reload();
  };
  return (
    <section aria-labelledby="sup-title">
      <h1 id="sup-title">Supervision queue</h1>
      <div aria-live="polite">{message ? <Alert kind="success">{message}</Alert> : null}</div>
      <FilterBar label="Filter the queue">
        <FilterSelect id="sup-kind" label="Kind" options={KIND_OPTIONS} {...filters.bind("kind")} />
      </FilterBar>
      <ListStatus list={list} loading="Loading the queue" empty="Nothing waits for a reviewer." />
      {list.items.length ? (
        <TableRegion label="Supervision queue">
          <thead>
            <tr>
              <th scope="col">Since</th>
              <th scope="col">Kind</th>
              <th scope="col">Licence</th>
              <th scope="col">What</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((e) => {
              const r = e.record as Record<string, unknown>;
              return (
                <tr key={`${e.kind}-${e.licenceNumber}-${String(r.period ?? r.caseId ?? "")}`}>
                  <td>{formatDate(e.since)}</td>
                  <td>{humanize(e.kind)}</td>
                  <th scope="row">
                    <Link to={`/review/licences/${enc(e.licenceNumber)}`}>{e.licenceNumber}</Link>
                  </th>
                  <td>
                    {e.kind === "RETURN" ? `Return ${String(r.period)}` : e.kind === "CASE" ? `${humanize(String(r.kind))}${r.repeat ? " (repeat)" : ""}` : e.kind === "EXTENSION" ? `${String(r.months)} more months: ${String(r.reason)}` : String(r.summary ?? "")}{" "}
                    {typeof r.status === "string" ? <StatusBadge status={r.status} /> : null}
                  </td>
                  <td>
                    <Actions entry={e} done={done} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </TableRegion>
      ) : null}
      <MoreButton list={list} />
    </section>
  );
}
