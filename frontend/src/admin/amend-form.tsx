import { useState } from "react";
import { Amendment } from "../../../lambdas/schemas/allocations.ts";
import { api, enc } from "../api/client.ts";
import type { RoundView as Round } from "../../../lambdas/schemas/allocations.ts";
import { checkAgainst } from "../ui/errors.ts";
import { SelectField, TextArea, TextField } from "../ui/form.tsx";
import { CATEGORY_LABELS, label } from "../ui/format.ts";
import { SubmitForm, useSubmit } from "../ui/submit-form.tsx";
import { toNumber, toText } from "../ui/values.ts";

/** Amends one line of a published round by deltaMw (negative to reduce), with a reason. */
export function AmendForm({ round, onAmended }: { round: Round; onAmended: (round: Round) => void }) {
  const [line, setLine] = useState("");
  const [deltaMw, setDeltaMw] = useState("");
  const [reason, setReason] = useState("");
  const options = round.lines.map((l) => ({ value: `${l.region}/${l.category}`, label: `${l.region}, ${label(CATEGORY_LABELS, l.category)} (${l.mw} MW, ${l.approvedMw} approved)` }));

  const form = useSubmit(
    () => {
      const [region, category] = line ? line.split("/") : [undefined, undefined];
      const checked = checkAgainst(Amendment, { region, category, deltaMw: toNumber(deltaMw), reason: toText(reason) });
      if (!checked.ok) {
        const errs = checked.errors;
        // Region and category come from one select here.
        for (const key of ["region", "category"]) if (errs.fields[key]) errs.fields.line = errs.fields.line ?? errs.fields[key];
        delete errs.fields.region;
        delete errs.fields.category;
      }
      return checked;
    },
    async (amendment) => {
      const { data } = await api.post<Round>(`/api/allocations/${enc(round.roundId)}/amendments`, amendment);
      onAmended(data);
      setDeltaMw("");
      setReason("");
    },
    { again: true },
  );

  return (
    <SubmitForm idPrefix={`amend-${round.roundId}`} {...form} submitLabel="Amend the line" busyLabel="Amending…">
      <SelectField path="line" label="Line" value={line} onValue={setLine} options={options} />
      <TextField path="deltaMw" label="Change in MW" inputMode="decimal" value={deltaMw} onValue={setDeltaMw} hint="Positive to add, negative to reduce; never below what is approved." className="short" />
      <TextArea path="reason" label="Reason" value={reason} onValue={setReason} maxLength={2000} rows={2} />
    </SubmitForm>
  );
}
