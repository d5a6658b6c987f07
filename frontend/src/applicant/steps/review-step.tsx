import { useState } from "react";
import { api, enc } from "../../api/client.ts";
import type { Application } from "../../../../lambdas/schemas/review.ts";
import { navigate } from "../../router.tsx";
import { ApplicationSummary } from "../../ui/application-summary.tsx";
import { NO_ERRORS, fromError, type FormErrors } from "../../ui/errors.ts";
import { ErrorSummary, FormErrorsProvider } from "../../ui/form.tsx";
import { setFlash } from "../../ui/flash.tsx";
import { Link } from "../../router.tsx";
import { gapsFromErrors, gapsOf } from "../checklist.ts";
import { GapList } from "../gap-list.tsx";
import { StepActions } from "./step-form.tsx";

export function ReviewStep({ record, back }: { record: Application; back?: string }) {
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const gaps = gapsOf(record);
  const draft = record.status === "DRAFT";

  const submit = async () => {
    if (gaps.length) {
      setErrors({ title: "The application is not complete yet", fields: {}, page: gaps.map((g) => g.text) });
      return;
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await api.post<Application>(`/api/applications/${enc(record.id)}/submit`);
      setFlash("Your application was submitted. The council will review it; you can follow its status here.");
      navigate(`/applications/${enc(record.id)}`);
    } catch (e) {
      const problem = fromError(e);
      // Submit's 409 names every missing field and document: show them as checklist lines, not raw paths.
      const lines = gapsFromErrors(Object.entries(problem.fields).map(([path, message]) => ({ path, message }))).map((g) => g.text);
      setErrors({ title: problem.title, fields: {}, page: [...problem.page, ...lines] });
      setBusy(false);
    }
  };

  return (
    <FormErrorsProvider errors={errors} idPrefix="app">
      <ErrorSummary />
      <ApplicationSummary record={record} />
      <h2>Still missing</h2>
      <GapList applicationId={record.id} gaps={gaps} editable />
      {draft ? (
        <StepActions back={back}>
          <button type="button" onClick={() => void submit()} disabled={busy}>
            {busy ? "Submitting…" : "Submit the application"}
          </button>
        </StepActions>
      ) : (
        <p>
          Your changes are saved. <Link to={`/applications/${enc(record.id)}`}>Go back to the application</Link> to answer the council's request.
        </p>
      )}
    </FormErrorsProvider>
  );
}
