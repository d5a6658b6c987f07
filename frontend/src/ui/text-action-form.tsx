import { useState } from "react";
import type { z } from "zod";
import { fromError, fromIssues, NO_ERRORS, type FormErrors } from "./errors.ts";
import { ErrorSummary, FormErrorsProvider, TextArea } from "./form.tsx";
import { toText } from "./values.ts";

// One text box and a button: answering a request, asking for information, giving a reason.
// The body is checked against the route's own zod schema before it is sent.

export function TextActionForm({
  idPrefix,
  field,
  label,
  hint,
  submitLabel,
  schema,
  onSubmit,
  danger,
}: {
  idPrefix: string;
  field: "message" | "reason";
  label: string;
  hint?: string;
  submitLabel: string;
  schema: z.ZodType;
  onSubmit: (body: Record<string, string>) => Promise<void>;
  danger?: boolean;
}) {
  const [text, setText] = useState("");
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const body = { [field]: toText(text) };
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      setErrors(fromIssues(parsed.error.issues, [], body));
      return;
    }
    setErrors(NO_ERRORS);
    setBusy(true);
    try {
      await onSubmit(parsed.data as Record<string, string>);
      setText("");
    } catch (e) {
      setErrors(fromError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <FormErrorsProvider errors={errors} idPrefix={idPrefix}>
      <ErrorSummary />
      <form
        noValidate
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <TextArea path={field} label={label} hint={hint} value={text} onValue={setText} maxLength={2000} />
        <div className="actions">
          <button type="submit" className={danger ? "danger" : undefined} disabled={busy}>
            {busy ? "Sending…" : submitLabel}
          </button>
        </div>
      </form>
    </FormErrorsProvider>
  );
}
