import { useState } from "react";
import { licenceActionsFor, LICENCE_WORKFLOW, type LicenceAction } from "../../../lambdas/domain/workflow.ts";
import { ReasonBody, type LicenceStatus } from "../../../lambdas/schemas/review.ts";
import { api, enc } from "../api/client.ts";
import type { Licence } from "../../../lambdas/schemas/review.ts";
import { LicenceDetails } from "../public/licence-details.tsx";
import { Link } from "../router.tsx";
import { Alert, LoadError, Loading, useApiGet, usePageTitle } from "../ui/async.tsx";
import { TextActionForm } from "../ui/text-action-form.tsx";
import { Timeline } from "../ui/timeline.tsx";
import { TitledSection } from "../ui/titled-section.tsx";
import { MarkMilestone } from "../../../lambdas/schemas/supervision.ts";
import type { Plan } from "../supervision/types.ts";

const DONE: Partial<Record<LicenceAction, string>> = {
  suspend: "The licence is suspended.",
  reinstate: "The licence is active again.",
  revoke: "The licence is revoked; its MW are back on the allocation line.",
};

export function ReviewLicencePage({ params }: { params: Record<string, string> }) {
  const licenceNumber = params.licenceNumber;
  usePageTitle(`Licence ${licenceNumber}`);
  const loaded = useApiGet<Licence>(`/api/licences/${enc(licenceNumber)}`);
  const [message, setMessage] = useState<string | null>(null);
  const licence = loaded.data;
  const actions = licence ? licenceActionsFor(licence.status as LicenceStatus, "reviewer") : [];
  return (
    <section aria-labelledby="licence-title">
      <p>
        <Link to="/review/licences">← Licences</Link>
      </p>
      <h1 id="licence-title">Licence {licenceNumber}</h1>
      <div aria-live="polite">{message ? <Alert kind="success">{message}</Alert> : null}</div>
      {loaded.loading && !licence ? <Loading what="Loading the licence" /> : null}
      {loaded.error && !licence ? <LoadError error={loaded.error} retry={loaded.reload} /> : null}
      {licence ? (
        <>
          <LicenceDetails licence={licence} />
          {licence.applicationId ? (
            <p>
              <Link to={`/review/applications/${enc(licence.applicationId)}`}>Open the application</Link>
            </p>
          ) : null}
          {licence.category !== "VIRTUAL_ASSET_SERVICE" ? (
            <p>
              <Link to={`/review/licences/${enc(licenceNumber)}/energy`}>Utilisation month by month</Link>
            </p>
          ) : null}
          <TitledSection id="lic-actions" title="Actions" className="panel">
            {actions.length === 0 ? <p>No action is possible on a {licence.status.toLowerCase()} licence.</p> : null}
            {actions.map((action) => {
              const row = LICENCE_WORKFLOW.find((t) => t.from === licence.status && t.action === action);
              return (
                <details className="action-panel" key={action}>
                  <summary>{row?.label ?? action}</summary>
                  <TextActionForm
                    idPrefix={`lic-${action}`}
                    field="reason"
                    label="Reason"
                    hint="Recorded in the audit trail and shown to the licensee."
                    submitLabel={row?.label ?? action}
                    schema={ReasonBody}
                    danger={action === "revoke"}
                    onSubmit={async (body) => {
                      const { data } = await api.post<Licence>(`/api/licences/${enc(licenceNumber)}/${action}`, body);
                      loaded.setData(data);
                      setMessage(DONE[action] ?? "Done.");
                    }}
                  />
                </details>
              );
            })}
          </TitledSection>
          <Milestones licence={licence} onMarked={(data) => (loaded.setData(data), setMessage("The milestone is marked."))} />
          {licence.statusHistory ? (
            <TitledSection id="lic-history" title="Status history">
              <Timeline history={licence.statusHistory} />
            </TitledSection>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

/** The test plan's milestones; a reviewer marks each PENDING one MET, MISSED or WAIVED with a reason. */
function Milestones({ licence, onMarked }: { licence: Licence; onMarked: (licence: Licence) => void }) {
  const plan = licence.testPlan as Plan | undefined;
  if (!plan?.milestones.length) return null;
  return (
    <TitledSection id="lic-milestones" title="Milestones" className="panel">
      <ul>
        {plan.milestones.map((m) => (
          <li key={m.milestoneId}>
            {m.title} (due {m.dueDate}): {m.status}
            {m.reason ? `: ${m.reason}` : ""}
            {m.status === "PENDING"
              ? (["MET", "MISSED", "WAIVED"] as const).map((status) => (
                  <details className="action-panel" key={status}>
                    <summary>Mark {status.toLowerCase()}</summary>
                    <TextActionForm
                      idPrefix={`ms-${m.milestoneId}-${status}`}
                      field="reason"
                      label="Reason"
                      submitLabel={`Mark ${status.toLowerCase()}`}
                      schema={MarkMilestone.pick({ reason: true })}
                      onSubmit={async (body) => {
                        const { data } = await api.post<Licence>(`/api/licences/${enc(licence.licenceNumber)}/milestones/${enc(m.milestoneId)}`, { ...body, status });
                        onMarked(data);
                      }}
                    />
                  </details>
                ))
              : null}
          </li>
        ))}
      </ul>
    </TitledSection>
  );
}
