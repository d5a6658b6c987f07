import { useState } from "react";
import { Amendment } from "../../../lambdas/schemas/allocations.ts";
import { api, enc } from "../api/client.ts";
import type { Round } from "../api/types.ts";
import { fromError, fromIssues, NO_ERRORS, type FormErrors } from "../ui/errors.ts";
import { ErrorSummary, FormErrorsProvider, SelectField, TextArea, TextField } from "../ui/form.tsx";
import { CATEGORY_LABELS, label } from "../ui/format.ts";
import { toNumber, toText } from "../ui/values.ts";

/** Amends one line of a published round by deltaMw (negative to reduce), with a reason. */
export function AmendForm({ round, onAmended }: { round: Round; onAmended: (round: Round) => void }) {
  const [line, setLine] = useState("");
  const [deltaMw, setDeltaMw] = useState("");
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const options = round.lines.map((l) => ({ value: `${l.region}/${l.category}`, label: `${l.region}, ${label(CATEGORY_LABELS, l.category)} (${l.mw} MW, ${l.approvedMw} approved)` }));

  const submit = async () => {
    const [region, category] = line ? line.split("/") : [undefined, undefined];
    const body = { region, category, deltaMw: toNumber(deltaMw), reason: toText(reason) };
    const parsed = Amendment.safeParse(body);
    if (!parsed.success) {
      const errs = fromIssues(parsed.error.issues, [], body);
      // Region and category come from one select here.
      for (const key of ["region", "category"]) if (errs.fields[key]) errs.fields.line = errs.fields.line ?? errs.fields[key];
      delete errs.fields.region;
      delete errs.fields.category;
      setErrors(errs);
      return;
    }
    setErrors(NO_ERRORS);
    setBusy(true);
    try {
      const { data } = await api.post<Round>(`/api/allocations/${enc(round.roundId)}/amendments`, parsed.data);
      onAmended(data);
      setDeltaMw("");
      setReason("");
    } catch (e) {
      setErrors(fromError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormErrorsProvider errors={errors} idPrefix={`amend-${round.roundId}`}>
      <ErrorSummary />
      <form
        noValidate
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <SelectField path="line" label="Line" value={line} onValue={setLine} options={options} />
        <TextField path="deltaMw" label="Change in MW" inputMode="decimal" value={deltaMw} onValue={setDeltaMw} hint="Positive to add, negative to reduce; never below what is approved." className="short" />
        <TextArea path="reason" label="Reason" value={reason} onValue={setReason} maxLength={2000} rows={2} />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? "Amending…" : "Amend the line"}
          </button>
        </div>
      </form>
    </FormErrorsProvider>
  );
}
