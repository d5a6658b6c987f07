import { useState } from "react";
import type { z } from "zod";
import { checkAgainst } from "./errors.ts";
import { TextArea } from "./form.tsx";
import { SubmitForm, useSubmit } from "./submit-form.tsx";
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
  const form = useSubmit(
    () => checkAgainst(schema, { [field]: toText(text) }),
    async (body) => {
      await onSubmit(body as Record<string, string>);
      setText("");
    },
    { again: true },
  );
  return (
    <SubmitForm idPrefix={idPrefix} {...form} submitLabel={submitLabel} danger={danger}>
      <TextArea path={field} label={label} hint={hint} value={text} onValue={setText} maxLength={2000} />
    </SubmitForm>
  );
}
