import { useState } from "react";
import { NO_ERRORS, fromError, type FormErrors } from "../../ui/errors.ts";
import { CheckboxGroup, TextField } from "../../ui/form.tsx";
import { SERVICE_OPTIONS } from "../../ui/options.ts";
import { checkVasp, vaspForm, type VaspForm } from "../draft.ts";
import { FIELD_LABELS } from "../labels.ts";
import { StepForm } from "./step-form.tsx";
import type { StepProps } from "./types.ts";

export function VaspStep({ record, save, back }: StepProps) {
  const [form, setForm] = useState<VaspForm>(() => vaspForm(record));
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const checked = checkVasp(form);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors(NO_ERRORS);
    setBusy(true);
    try {
      await save({ vasp: checked.value });
    } catch (e) {
      setErrors(fromError(e));
      setBusy(false);
    }
  };

  return (
    <StepForm errors={errors} busy={busy} onSubmit={() => void submit()} back={back}>
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
    </StepForm>
  );
}
