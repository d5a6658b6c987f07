import { useState } from "react";
import { Amendment } from "../../../lambdas/schemas/allocations.ts";
import { api, enc } from "../api/client.ts";
import type { RoundView as Round } from "../../../lambdas/schemas/allocations.ts";
import { checkAgainst } from "../ui/errors.ts";
import { CheckboxField, SelectField, TextArea, TextField } from "../ui/form.tsx";
import { CATEGORY_LABELS, label } from "../ui/format.ts";
import { SubmitForm, useSubmit } from "../ui/submit-form.tsx";
import { toNumber, toText } from "../ui/values.ts";
import { AvailabilityFields, checkProfile, defaultProfile, mergeChecks } from "../energy/availability-fields.tsx";
import type { WithAvailability } from "../energy/types.ts";

/**
 * Amends one line of a published round by deltaMw (negative to reduce), with a reason; optionally with a new
 * monthly availability profile, which starts from the line's current one.
 */
export function AmendForm({ round, onAmended }: { round: Round; onAmended: (round: Round) => void }) {
  const [line, setLine] = useState("");
  const [deltaMw, setDeltaMw] = useState("");
  const [reason, setReason] = useState("");
  const [changeProfile, setChangeProfile] = useState(false);
  const [profile, setProfile] = useState<string[]>(defaultProfile());
  const lineProfile = (key: string) => {
    const found = round.lines.find((l) => `${l.region}/${l.category}` === key) as WithAvailability<Round["lines"][number]> | undefined;
    return defaultProfile(found?.monthlyAvailability);
  };
  const chooseLine = (key: string) => {
    setLine(key);
    setProfile(lineProfile(key));
  };
  const options = round.lines.map((l) => ({ value: `${l.region}/${l.category}`, label: `${l.region}, ${label(CATEGORY_LABELS, l.category)} (${l.mw} MW, ${l.approvedMw} approved)` }));

  const form = useSubmit(
    () => {
      const [region, category] = line ? line.split("/") : [undefined, undefined];
      const main = checkAgainst(Amendment, { region, category, deltaMw: toNumber(deltaMw), reason: toText(reason) });
      const availability = changeProfile ? checkProfile(profile, ["monthlyAvailability"]) : null;
      const merged = mergeChecks(main, availability ? [availability] : []);
      const checked = merged.ok && availability?.ok ? { ok: true as const, value: { ...merged.value, monthlyAvailability: availability.value } } : merged;
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
      setChangeProfile(false);
    },
    { again: true },
  );

  return (
    <SubmitForm idPrefix={`amend-${round.roundId}`} {...form} submitLabel="Amend the line" busyLabel="Amending…">
      <SelectField path="line" label="Line" value={line} onValue={chooseLine} options={options} />
      <TextField path="deltaMw" label="Change in MW" inputMode="decimal" value={deltaMw} onValue={setDeltaMw} hint="Positive to add, negative to reduce; never below what is approved." className="short" />
      <TextArea path="reason" label="Reason" value={reason} onValue={setReason} maxLength={2000} rows={2} />
      <CheckboxField path="changeProfile" label="Also change the monthly availability" checked={changeProfile} onChecked={setChangeProfile} />
      {changeProfile ? <AvailabilityFields path="monthlyAvailability" legend="Monthly availability" values={profile} onValues={setProfile} /> : null}
    </SubmitForm>
  );
}
