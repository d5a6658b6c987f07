import type { ReactNode } from "react";
import { Link } from "../../router.tsx";
import type { FormErrors } from "../../ui/errors.ts";
import { CheckedForm } from "../../ui/submit-form.tsx";

/** A step's main action, then Back to the previous step when there is one. */
export function StepActions({ back, children }: { back?: string; children: ReactNode }) {
  return (
    <div className="actions">
      {children}
      {back ? (
        <Link to={back} className="button secondary">
          Back
        </Link>
      ) : null}
    </div>
  );
}

/** The frame every step shares: error summary, the fields, Back and Save and continue. */
export function StepForm({
  errors,
  busy,
  onSubmit,
  back,
  submitLabel = "Save and continue",
  children,
}: {
  errors: FormErrors;
  busy: boolean;
  onSubmit: () => void;
  back?: string;
  submitLabel?: string;
  children: ReactNode;
}) {
  return (
    <CheckedForm
      idPrefix="app"
      errors={errors}
      onSubmit={() => {
        if (!busy) onSubmit();
      }}
    >
      {children}
      <StepActions back={back}>
        <button type="submit" disabled={busy}>
          {busy ? "Saving…" : submitLabel}
        </button>
      </StepActions>
      <p className="hint" aria-live="polite">
        {busy ? "Saving your draft…" : ""}
      </p>
    </CheckedForm>
  );
}
