import type { FormEvent, ReactNode } from "react";
import { Link } from "../../router.tsx";
import type { FormErrors } from "../../ui/errors.ts";
import { ErrorSummary, FormErrorsProvider } from "../../ui/form.tsx";

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
    <FormErrorsProvider errors={errors} idPrefix="app">
      <ErrorSummary />
      <form
        noValidate
        className="stack"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (!busy) onSubmit();
        }}
      >
        {children}
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? "Saving…" : submitLabel}
          </button>
          {back ? (
            <Link to={back} className="button secondary">
              Back
            </Link>
          ) : null}
        </div>
        <p className="hint" aria-live="polite">
          {busy ? "Saving your draft…" : ""}
        </p>
      </form>
    </FormErrorsProvider>
  );
}
