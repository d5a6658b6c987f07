import { useRef } from "react";
import { api, ApiError, enc } from "../api/client.ts";
import type { Application } from "../../../lambdas/schemas/review.ts";
import { Link, navigate } from "../router.tsx";
import { Alert, LoadError, Loading, usePageTitle } from "../ui/async.tsx";
import { CATEGORY_LABELS, label } from "../ui/format.ts";
import { DocumentsPanel } from "./documents-panel.tsx";
import { stepsFor, type StepId } from "./steps.ts";
import { EnergyStep } from "./steps/energy-step.tsx";
import { OrganisationStep } from "./steps/organisation-step.tsx";
import { OwnersStep } from "./steps/owners-step.tsx";
import { ReviewStep } from "./steps/review-step.tsx";
import { VaspStep } from "./steps/vasp-step.tsx";
import { ifMatchOf, useApplication, type Versioned } from "./use-application.ts";
import { FormErrorsProvider } from "../ui/form.tsx";
import { NO_ERRORS } from "../ui/errors.ts";

// The multi-step form. Each step saves the draft (POST the first time, then PATCH with If-Match) and
// moves on; the URL names the step, so Back, reload and bookmarks work.

const EDITABLE = new Set(["DRAFT", "INFO_REQUESTED"]);

function StepNav({ record, steps, current }: { record: Application | null; steps: ReturnType<typeof stepsFor>; current: StepId }) {
  return (
    <nav aria-label="Application steps" className="steps">
      <ol>
        {steps.map((s, i) => (
          <li key={s.id} aria-current={s.id === current ? "step" : undefined}>
            {record && s.id !== current ? (
              <Link to={`/applications/${enc(record.id)}/edit/${s.id}`}>
                {i + 1}. {s.title}
              </Link>
            ) : (
              <span>
                {i + 1}. {s.title}
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function Wizard({
  versioned,
  step,
  onSaved,
  initialCategory,
}: {
  versioned: Versioned | null;
  step: StepId;
  onSaved: (record: Application, etag: string | null) => void;
  initialCategory?: string;
}) {
  const record = versioned?.record ?? null;
  const category = record?.category ?? initialCategory ?? "";
  const steps = stepsFor(category || "BITCOIN_MINING");
  const index = Math.max(0, steps.findIndex((s) => s.id === step));
  const current = steps[index];
  const latest = useRef(versioned);
  latest.current = versioned;
  const stepUrl = (id: string, to: StepId) => `/applications/${enc(id)}/edit/${to}`;
  const back = record && index > 0 ? stepUrl(record.id, steps[index - 1].id) : record ? `/applications/${enc(record.id)}` : "/applications";

  const save = async (sections: Record<string, unknown>, newCategory?: string) => {
    const known = latest.current;
    let saved: { data: Application; etag: string | null };
    if (!known) {
      saved = await api.post<Application>("/api/applications", { category: newCategory, ...sections });
    } else {
      try {
        saved = await api.patch<Application>(`/api/applications/${enc(known.record.id)}`, sections, { ifMatch: ifMatchOf(known), idempotent: false });
      } catch (e) {
        if (e instanceof ApiError && e.status === 412) {
          // Someone (another tab?) saved in between: take their version, keep what is typed, let the user decide.
          const fresh = await api.get<Application>(`/api/applications/${enc(known.record.id)}`);
          onSaved(fresh.data, fresh.etag);
        }
        throw e;
      }
    }
    onSaved(saved.data, saved.etag);
    navigate(stepUrl(saved.data.id, steps[Math.min(index + 1, steps.length - 1)].id));
  };

  if (record && !EDITABLE.has(record.status)) {
    return (
      <Alert kind="info" title="This application can no longer be changed">
        <p>
          It is {record.status.replace(/_/g, " ").toLowerCase()}. <Link to={`/applications/${enc(record.id)}`}>See its status</Link>.
        </p>
      </Alert>
    );
  }

  let body: React.ReactNode;
  if (current.id === "organisation") body = <OrganisationStep record={record} save={save} back={back} initialCategory={initialCategory} />;
  else if (!record) body = <Alert>Start with the organisation step.</Alert>;
  else if (current.id === "owners") body = <OwnersStep record={record} save={save} back={back} />;
  else if (current.id === "energy") body = <EnergyStep record={record} save={save} back={back} />;
  else if (current.id === "vasp") body = <VaspStep record={record} save={save} back={back} />;
  else if (current.id === "documents")
    body = (
      <FormErrorsProvider errors={NO_ERRORS} idPrefix="app">
        <DocumentsPanel record={record} editable onRecord={onSaved} />
        <div className="actions">
          <Link to={stepUrl(record.id, "review")} className="button">
            Continue
          </Link>
          <Link to={back} className="button secondary">
            Back
          </Link>
        </div>
      </FormErrorsProvider>
    );
  else body = <ReviewStep record={record} back={back} />;

  return (
    <section aria-labelledby="wizard-title">
      <p>
        <Link to={record ? `/applications/${enc(record.id)}` : "/applications"}>← {record ? "Application overview" : "My applications"}</Link>
      </p>
      <h1 id="wizard-title">
        {record ? `${record.organisation?.legalName ?? "Draft"}: ${current.title}` : "New application"}
        <span className="subtitle">
          Step {index + 1} of {steps.length}
          {category ? ` · ${label(CATEGORY_LABELS, category)}` : ""}
        </span>
      </h1>
      <StepNav record={record} steps={steps} current={current.id} />
      {/* Steps are keyed so moving on starts the next step from the saved record. */}
      <div key={current.id}>{body}</div>
    </section>
  );
}

export function EditApplicationPage({ params }: { params: Record<string, string> }) {
  const app = useApplication(params.id);
  usePageTitle("Edit application");
  if (app.loading && !app.data) return <Loading what="Loading the application" />;
  if (app.error || !app.data) return <LoadError error={app.error} retry={app.reload} />;
  return <Wizard versioned={app.data} step={params.step as StepId} onSaved={app.update} />;
}
