import { useState } from "react";
import { actionsFor, licenceActionsFor } from "../../../lambdas/domain/workflow.ts";
import { MessageBody } from "../../../lambdas/schemas/application.ts";
import { ReasonBody, type LicenceStatus } from "../../../lambdas/schemas/review.ts";
import { api, enc } from "../api/client.ts";
import type { Application, Licence } from "../../../lambdas/schemas/review.ts";
import { LicenceDetails } from "../public/licence-details.tsx";
import { Link } from "../router.tsx";
import { ApplicationSubtitle, ApplicationSummary } from "../ui/application-summary.tsx";
import { Alert, LoadError, Loading, useApiGet, usePageTitle } from "../ui/async.tsx";
import { describeError } from "../ui/errors.ts";
import { Flash } from "../ui/flash.tsx";
import { formatDate } from "../ui/format.ts";
import { InfoRequests } from "../ui/info-requests.tsx";
import { TextActionForm } from "../ui/text-action-form.tsx";
import { Timeline } from "../ui/timeline.tsx";
import { gapsOf } from "./checklist.ts";
import { DocumentsPanel } from "./documents-panel.tsx";
import { GapList } from "./gap-list.tsx";
import { useApplication } from "./use-application.ts";
import { FormErrorsProvider } from "../ui/form.tsx";
import { NO_ERRORS } from "../ui/errors.ts";
import { TitledSection } from "../ui/titled-section.tsx";

function LicenceSection({ licenceNumber }: { licenceNumber: string }) {
  const licence = useApiGet<Licence>(`/api/register/${enc(licenceNumber)}`);
  const [done, setDone] = useState<string | null>(null);
  const canSurrender = licence.data && licenceActionsFor(licence.data.status as LicenceStatus, "applicant").includes("surrender");
  return (
    <TitledSection id="licence-title" title="Your licence" className="panel">
      {licence.loading && !licence.data ? <Loading what="Loading the licence" /> : null}
      {licence.error ? <LoadError error={licence.error} retry={licence.reload} /> : null}
      {licence.data ? (
        <>
          <LicenceDetails licence={licence.data} />
          <p>
            <Link to={`/register/${enc(licenceNumber)}`}>See it in the public register</Link>
          </p>
          <p>
            <Link to={`/licences/${enc(licenceNumber)}`}>My licence: returns, cases, extension and exit</Link>
          </p>
        </>
      ) : null}
      {done ? <Alert kind="success">{done}</Alert> : null}
      {canSurrender ? (
        <details>
          <summary>Surrender this licence</summary>
          <p>Surrendering gives the licence and its MW back to the council. It cannot be undone.</p>
          <TextActionForm
            idPrefix="surrender"
            field="reason"
            label="Why are you surrendering the licence?"
            submitLabel="Surrender the licence"
            schema={ReasonBody}
            danger
            onSubmit={async (body) => {
              await api.post(`/api/licences/${enc(licenceNumber)}/surrender`, body);
              setDone("The licence was surrendered.");
              licence.reload();
            }}
          />
        </details>
      ) : null}
    </TitledSection>
  );
}

function Withdraw({ record, onDone }: { record: Application; onDone: (record: Application, etag: string | null) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const withdraw = async () => {
    setBusy(true);
    setError(null);
    try {
      const { data, etag } = await api.post<Application>(`/api/applications/${enc(record.id)}/withdraw`);
      onDone(data, etag);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };
  return (
    <div className="withdraw">
      {confirming ? (
        <div role="group" aria-labelledby="withdraw-question" className="confirm">
          <p id="withdraw-question">Withdraw this application? This cannot be undone.</p>
          <button type="button" className="danger" onClick={() => void withdraw()} disabled={busy}>
            Yes, withdraw it
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)} autoFocus>
            Keep it
          </button>
        </div>
      ) : (
        <button type="button" className="secondary" onClick={() => setConfirming(true)}>
          Withdraw the application
        </button>
      )}
      {error ? <p role="alert" className="field-error">{error}</p> : null}
    </div>
  );
}

export function ApplicationPage({ params }: { params: Record<string, string> }) {
  const app = useApplication(params.id);
  const record = app.data?.record;
  usePageTitle(record?.organisation?.legalName ? `Application: ${record.organisation.legalName}` : "Application");
  if (app.loading && !record) return <Loading what="Loading the application" />;
  if (app.error && !record) return <LoadError error={app.error} retry={app.reload} />;
  if (!record) return null;

  const actions = actionsFor(record.status, "applicant");
  const editable = record.status === "DRAFT" || record.status === "INFO_REQUESTED";
  const gaps = record.status === "DRAFT" ? gapsOf(record) : [];
  const openRequests = record.openInfoRequests ?? record.infoRequests?.filter((r) => !r.respondedAt && r.response === undefined) ?? [];
  const firstGapStep = gaps[0]?.step ?? "review";

  return (
    <section aria-labelledby="application-title">
      <p>
        <Link to="/applications">← My applications</Link>
      </p>
      <h1 id="application-title">
        {record.organisation?.legalName ?? "Untitled draft"}
        <ApplicationSubtitle record={record} />
      </h1>
      <Flash />
      <dl className="stats">
        <div>
          <dt>Reference</dt>
          <dd>
            <code>{record.id}</code>
          </dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatDate(record.createdAt)}</dd>
        </div>
        {record.submittedAt ? (
          <div>
            <dt>Submitted</dt>
            <dd>{formatDate(record.submittedAt)}</dd>
          </div>
        ) : null}
        {record.dueAt ? (
          <div>
            <dt>Decision due</dt>
            <dd>{formatDate(record.dueAt)}</dd>
          </div>
        ) : null}
      </dl>

      {record.status === "DRAFT" ? (
        <TitledSection id="todo-title" title="Before you can submit" className="panel">
          <GapList applicationId={record.id} gaps={gaps} editable />
          <p>
            <Link to={`/applications/${enc(record.id)}/edit/${gaps.length ? firstGapStep : "review"}`} className="button">
              {gaps.length ? "Continue the application" : "Check and submit"}
            </Link>
          </p>
        </TitledSection>
      ) : null}

      {record.status === "INFO_REQUESTED" || openRequests.length ? (
        <TitledSection id="requests-title" title="The council asks for information" className="panel attention">
          <InfoRequests requests={openRequests} />
          <p>
            You may also <Link to={`/applications/${enc(record.id)}/edit/organisation`}>change your answers</Link> or upload documents below
            before you reply.
          </p>
          {actions.includes("respond") ? (
            <TextActionForm
              idPrefix="respond"
              field="message"
              label="Your answer"
              submitLabel="Send the answer"
              schema={MessageBody}
              onSubmit={async (body) => {
                const { data, etag } = await api.post<Application>(`/api/applications/${enc(record.id)}/respond`, body);
                app.update(data, etag);
              }}
            />
          ) : null}
        </TitledSection>
      ) : null}

      {record.licenceNumber ? <LicenceSection licenceNumber={record.licenceNumber} /> : null}
      {record.decisionReason && (record.status === "REJECTED" || record.status === "APPROVED") ? (
        <Alert kind="info" title="The council's reasons">
          <p>{record.decisionReason}</p>
        </Alert>
      ) : null}

      <FormErrorsProvider errors={NO_ERRORS} idPrefix="docs">
        <DocumentsPanel record={record} editable={editable} onRecord={app.update} />
      </FormErrorsProvider>

      <TitledSection id="history-title" title="Status history">
        <Timeline history={record.history} />
      </TitledSection>

      {(record.infoRequests?.length ?? 0) > openRequests.length ? (
        <TitledSection id="all-requests-title" title="All information requests">
          <InfoRequests requests={record.infoRequests} />
        </TitledSection>
      ) : null}

      <details className="answers">
        <summary>Your answers</summary>
        <ApplicationSummary record={record} headingLevel={3} />
      </details>

      {actions.includes("withdraw") ? <Withdraw record={record} onDone={app.update} /> : null}
    </section>
  );
}
