import { useState } from "react";
import { actionsFor, findTransition, type ApplicationAction } from "../../../lambdas/domain/workflow.ts";
import { RequestInfo } from "../../../lambdas/schemas/review.ts";
import { api, enc } from "../api/client.ts";
import type { Application } from "../../../lambdas/schemas/review.ts";
import { useSession } from "../auth/use-session.ts";
import { Link } from "../router.tsx";
import { ApplicationSubtitle, ApplicationSummary } from "../ui/application-summary.tsx";
import { Alert, LoadError, Loading, OverdueBadge, useApiGet, usePageTitle } from "../ui/async.tsx";
import { DocumentLink } from "../ui/document-link.tsx";
import { describeError } from "../ui/errors.ts";
import { DOCUMENT_LABELS, formatBytes, formatDate, formatMw, label } from "../ui/format.ts";
import { InfoRequests } from "../ui/info-requests.tsx";
import { TextActionForm } from "../ui/text-action-form.tsx";
import { Timeline } from "../ui/timeline.tsx";
import { TitledSection } from "../ui/titled-section.tsx";
import { DecisionForm } from "./decision-form.tsx";

function ActionPanel({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <details className="action-panel">
      <summary>{title}</summary>
      {children}
    </details>
  );
}

/** The reviewer's actions for the record's state, straight from the workflow table, minus the guards we can see. */
export function visibleActions(record: Application, me: string | undefined): { actions: ApplicationAction[]; notes: string[] } {
  const notes: string[] = [];
  let actions = actionsFor(record.status, "reviewer");
  if (record.submittedBy && record.submittedBy === me) {
    notes.push("You submitted this application, so you cannot act on it as a reviewer.");
    actions = [];
  }
  if (actions.includes("confirm-approval") && record.firstApproval?.by === me) {
    notes.push("You gave the first approval; a different reviewer must confirm it.");
    actions = actions.filter((a) => a !== "confirm-approval");
  }
  if (actions.includes("assign") && record.assignedTo === me) actions = actions.filter((a) => a !== "assign");
  return { actions, notes };
}

export function ReviewApplicationPage({ params }: { params: Record<string, string> }) {
  const id = params.id;
  const session = useSession();
  const loaded = useApiGet<Application>(`/api/review/applications/${enc(id)}`);
  const [message, setMessage] = useState<string | null>(null);
  const [assignError, setAssignError] = useState<string | null>(null);
  const record = loaded.data;
  usePageTitle(record?.organisation?.legalName ? `Review: ${record.organisation.legalName}` : "Review");
  if (loaded.loading && !record) return <Loading what="Loading the application" />;
  if (loaded.error && !record) return <LoadError error={loaded.error} retry={loaded.reload} />;
  if (!record) return null;

  const { actions, notes } = visibleActions(record, session?.sub);
  const path = `/api/review/applications/${enc(record.id)}`;
  const act = async (action: string, body: unknown, done: string) => {
    const { data } = await api.post<Application>(`${path}/${action}`, body);
    loaded.setData(data);
    setMessage(done);
  };
  const labelOf = (action: ApplicationAction) => findTransition(record.status, action)?.label ?? action;

  return (
    <section aria-labelledby="review-title">
      <p>
        <Link to="/review">← Review queue</Link>
      </p>
      <h1 id="review-title">
        {record.organisation?.legalName ?? record.id}
        <ApplicationSubtitle record={record}>{record.overdue ? <OverdueBadge /> : null}</ApplicationSubtitle>
      </h1>
      <div aria-live="polite">{message ? <Alert kind="success">{message}</Alert> : null}</div>
      <dl className="stats">
        <div>
          <dt>Submitted</dt>
          <dd>{formatDate(record.submittedAt)}</dd>
        </div>
        <div>
          <dt>Decision due</dt>
          <dd>{formatDate(record.effectiveDueAt ?? record.dueAt)}</dd>
        </div>
        <div>
          <dt>Assigned to</dt>
          <dd>{record.assignedTo ?? "nobody yet"}</dd>
        </div>
        {record.energy?.requestedMw !== undefined ? (
          <div>
            <dt>Requested</dt>
            <dd>{formatMw(record.energy.requestedMw)}</dd>
          </div>
        ) : null}
        {record.firstApproval ? (
          <div>
            <dt>First approval</dt>
            <dd>
              {record.firstApproval.by}
              {record.firstApproval.approvedMw !== undefined ? `, ${formatMw(record.firstApproval.approvedMw)}` : ""}
            </dd>
          </div>
        ) : null}
        {record.licenceNumber ? (
          <div>
            <dt>Licence</dt>
            <dd>
              <Link to={`/review/licences/${enc(record.licenceNumber)}`}>{record.licenceNumber}</Link>
            </dd>
          </div>
        ) : null}
      </dl>

      <TitledSection id="actions-title" title="Actions" className="panel">
        {notes.map((n) => (
          <p key={n} className="hint">
            {n}
          </p>
        ))}
        {actions.length === 0 ? <p>No reviewer action is possible while the application is {record.status.replace(/_/g, " ").toLowerCase()}.</p> : null}
        {actions.includes("assign") ? (
          <p>
            <button
              type="button"
              onClick={() => {
                setAssignError(null);
                act("assign", undefined, "The application is assigned to you.").catch((e) => setAssignError(describeError(e)));
              }}
            >
              {labelOf("assign")}
            </button>
            {assignError ? <span role="alert" className="field-error"> {assignError}</span> : null}
          </p>
        ) : null}
        {actions.includes("request-info") ? (
          <ActionPanel title={labelOf("request-info")}>
            <TextActionForm
              idPrefix="ri"
              field="message"
              label="What do you need from the applicant?"
              submitLabel="Send the request"
              schema={RequestInfo}
              onSubmit={(body) => act("request-info", body, "The request was sent; the deadline pauses until the applicant answers.")}
            />
          </ActionPanel>
        ) : null}
        {actions.includes("approve") ? (
          <ActionPanel title={labelOf("approve")}>
            <DecisionForm
              idPrefix="approve"
              decision="approve"
              withTerms
              requestedMw={record.energy?.requestedMw}
              submitLabel="Approve"
              onSubmit={(body) => act("decision", body, "Approved.")}
            />
          </ActionPanel>
        ) : null}
        {actions.includes("confirm-approval") ? (
          <ActionPanel title={labelOf("confirm-approval")}>
            <DecisionForm idPrefix="confirm" decision="approve" withTerms={false} submitLabel="Confirm the approval" onSubmit={(body) => act("decision", body, "Approval confirmed; the licence is issued.")} />
          </ActionPanel>
        ) : null}
        {actions.includes("return") ? (
          <ActionPanel title={labelOf("return")}>
            <DecisionForm idPrefix="return" decision="return" withTerms={false} submitLabel="Return for review" onSubmit={(body) => act("decision", body, "Returned for review.")} />
          </ActionPanel>
        ) : null}
        {actions.includes("reject") ? (
          <ActionPanel title={labelOf("reject")}>
            <DecisionForm idPrefix="reject" decision="reject" withTerms={false} submitLabel="Reject" onSubmit={(body) => act("decision", body, "Rejected.")} />
          </ActionPanel>
        ) : null}
      </TitledSection>

      <TitledSection id="docs-title" title="Documents">
        {record.documents?.length ? (
          <ul className="document-list">
            {record.documents.map((d) => (
              <li key={d.documentId}>
                <strong>{label(DOCUMENT_LABELS, d.type)}</strong>: {d.fileName} ({formatBytes(d.sizeBytes)}, {d.status.toLowerCase().replace(/_/g, " ")})
                <br />
                <span className="hash">SHA-256 {d.sha256}</span>{" "}
                {d.status === "VERIFIED" ? <DocumentLink endpoint={`${path}/documents/${enc(d.documentId)}`} fileName={d.fileName} /> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No documents.</p>
        )}
      </TitledSection>

      <TitledSection id="ri-title" title="Information requests">
        <InfoRequests requests={record.infoRequests} />
      </TitledSection>

      <TitledSection id="answers-title" title="The application">
        <ApplicationSummary record={record} headingLevel={3} />
      </TitledSection>

      <TitledSection id="hist-title" title="Status history">
        <Timeline history={record.history} />
      </TitledSection>
    </section>
  );
}
