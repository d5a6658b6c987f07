import { useState } from "react";
import { SelectField, TextArea, TextField } from "../../ui/form.tsx";
import { CATEGORY_OPTIONS } from "../../ui/options.ts";
import { checkOrganisation, organisationForm, type OrganisationForm } from "../draft.ts";
import { FIELD_LABELS } from "../labels.ts";
import { useSubmit } from "../../ui/submit-form.tsx";
import { StepForm } from "./step-form.tsx";
import type { StepProps } from "./types.ts";
import { fromIssues } from "../../ui/errors.ts";
import { Category } from "../../../../lambdas/schemas/common.ts";

export function OrganisationStep({ record, save, back, initialCategory }: StepProps & { initialCategory?: string }) {
  const [form, setForm] = useState<OrganisationForm>(() => organisationForm(record));
  const [category, setCategory] = useState(record?.category ?? initialCategory ?? "");
  const set = (key: keyof OrganisationForm) => (value: string) => setForm({ ...form, [key]: value });

  // The category is only chosen with the first save, so it is checked beside the organisation fields.
  const checkWithCategory = (): ReturnType<typeof checkOrganisation> => {
    const checked = checkOrganisation(form);
    const categoryOk = record ? null : Category.safeParse(category || undefined);
    const categoryErrors = categoryOk && !categoryOk.success ? fromIssues(categoryOk.error.issues, ["category"], category || undefined).fields : {};
    if (!checked.ok || Object.keys(categoryErrors).length) {
      return { ok: false, errors: { title: "Please correct the highlighted fields", page: [], fields: { ...categoryErrors, ...(checked.ok ? {} : checked.errors.fields) } } };
    }
    return checked;
  };
  const step = useSubmit(checkWithCategory, (organisation) => save({ organisation }, record ? undefined : category));

  return (
    <StepForm {...step} back={back}>
      {record ? null : (
        <SelectField
          path="category"
          label="What are you applying for?"
          value={category}
          onValue={setCategory}
          options={CATEGORY_OPTIONS}
          hint="This decides the rest of the form and cannot be changed later."
        />
      )}
      <TextField path="organisation.legalName" label={FIELD_LABELS["organisation.legalName"]} value={form.legalName} onValue={set("legalName")} autoComplete="organization" maxLength={200} />
      <TextField path="organisation.registrationNumber" label={FIELD_LABELS["organisation.registrationNumber"]} value={form.registrationNumber} onValue={set("registrationNumber")} maxLength={200} />
      <TextField path="organisation.taxNumber" label={FIELD_LABELS["organisation.taxNumber"]} value={form.taxNumber} onValue={set("taxNumber")} maxLength={200} />
      <TextArea path="organisation.address" label={FIELD_LABELS["organisation.address"]} value={form.address} onValue={set("address")} autoComplete="street-address" maxLength={500} rows={3} />
      <TextField
        path="organisation.contactEmail"
        label={FIELD_LABELS["organisation.contactEmail"]}
        type="email"
        value={form.contactEmail}
        onValue={set("contactEmail")}
        autoComplete="email"
        maxLength={200}
      />
    </StepForm>
  );
}
