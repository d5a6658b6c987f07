import { useState, type ReactNode } from "react";
import { fromError, NO_ERRORS, type Checked, type FormErrors } from "./errors.ts";
import { ErrorSummary, FormErrorsProvider } from "./form.tsx";

// Forms that check their body in the browser (against the API's own zod schema) before sending it, and show
// either problem, the browser's or the server's, in one error summary.

/**
 * A form's errors, busy flag and submit. Only a body that passed `check` is sent. A form that stays on the page
 * for another go (`again`) is ready once the send succeeds; one that goes away stays busy, so it is not sent twice.
 */
export function useSubmit<T>(check: () => Checked<T>, send: (value: T) => Promise<void>, { again = false } = {}) {
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const checked = check();
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors(NO_ERRORS);
    setBusy(true);
    try {
      await send(checked.value);
      if (again) setBusy(false);
    } catch (e) {
      setErrors(fromError(e));
      setBusy(false);
    }
  };
  return { errors, busy, onSubmit: () => void submit() };
}

/** The error summary above a form the browser does not validate itself. */
export function CheckedForm({ idPrefix, errors, onSubmit, children }: { idPrefix: string; errors: FormErrors; onSubmit: () => void; children: ReactNode }) {
  return (
    <FormErrorsProvider errors={errors} idPrefix={idPrefix}>
      <ErrorSummary />
      <form
        noValidate
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        {children}
      </form>
    </FormErrorsProvider>
  );
}

/** A checked form whose one action is its submit button. */
export function SubmitForm({
  idPrefix,
  errors,
  busy,
  onSubmit,
  submitLabel,
  busyLabel = "Sending…",
  danger,
  children,
}: {
  idPrefix: string;
  errors: FormErrors;
  busy: boolean;
  onSubmit: () => void;
  submitLabel: string;
  busyLabel?: string;
  danger?: boolean;
  children: ReactNode;
}) {
  return (
    <CheckedForm idPrefix={idPrefix} errors={errors} onSubmit={onSubmit}>
      {children}
      <div className="actions">
        <button type="submit" className={danger ? "danger" : undefined} disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
      </div>
    </CheckedForm>
  );
}
