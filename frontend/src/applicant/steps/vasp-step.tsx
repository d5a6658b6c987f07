import { useState } from "react";
import { CheckboxGroup, SelectField, TextField } from "../../ui/form.tsx";
import { CUSTODY_OPTIONS, SERVICE_OPTIONS } from "../../ui/options.ts";
import { checkVasp, vaspForm, type VaspForm } from "../draft.ts";
import { FIELD_LABELS } from "../labels.ts";
import { useSubmit } from "../../ui/submit-form.tsx";
import { StepForm } from "./step-form.tsx";
import type { StepProps } from "./types.ts";

export function VaspStep({ record, save, back }: StepProps) {
  const [form, setForm] = useState<VaspForm>(() => vaspForm(record));

  const step = useSubmit(() => checkVasp(form), (vasp) => save({ vasp }));

  return (
    <StepForm {...step} back={back}>
      <CheckboxGroup path="vasp.services" label={FIELD_LABELS["vasp.services"]} hint="Choose every service you will offer." options={SERVICE_OPTIONS} values={form.services} onValues={(services) => setForm({ ...form, services })} />
      <TextField
        path="vasp.paidUpCapitalUsd"
        label={FIELD_LABELS["vasp.paidUpCapitalUsd"]}
        inputMode="decimal"
        value={form.paidUpCapitalUsd}
        onValue={(paidUpCapitalUsd) => setForm({ ...form, paidUpCapitalUsd })}
        className="short"
      />
      <TextField
        path="vasp.complianceOfficerEmail"
        label={FIELD_LABELS["vasp.complianceOfficerEmail"]}
        type="email"
        value={form.complianceOfficerEmail}
        onValue={(complianceOfficerEmail) => setForm({ ...form, complianceOfficerEmail })}
        autoComplete="email"
      />
      <SelectField
        path="vasp.custodyModel"
        label={FIELD_LABELS["vasp.custodyModel"]}
        optional
        hint="Who holds your clients' virtual assets."
        value={form.custodyModel}
        onValue={(custodyModel) => setForm({ ...form, custodyModel })}
        options={CUSTODY_OPTIONS}
      />
    </StepForm>
  );
}
