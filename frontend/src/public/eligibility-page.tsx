import { useState, type FormEvent } from "react";
import { EligibilityRequest } from "../../../lambdas/schemas/allocations.ts";
import { api } from "../api/client.ts";
import type { EligibilityAnswer as Eligibility } from "../../../lambdas/schemas/allocations.ts";
import { usePageTitle } from "../ui/async.tsx";
import { fromError, fromIssues, NO_ERRORS, type FormErrors } from "../ui/errors.ts";
import { ErrorSummary, FormErrorsProvider, SelectField, TextField } from "../ui/form.tsx";
import { ENERGY_CATEGORY_OPTIONS, REGION_OPTIONS } from "../ui/options.ts";
import { toNumber, toText } from "../ui/values.ts";
import { EligibilityResult } from "./eligibility-result.tsx";

export function EligibilityPage() {
  usePageTitle("Check eligibility");
  const [form, setForm] = useState({ category: "", region: "", requestedMw: "", startDate: "" });
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [result, setResult] = useState<Eligibility | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (value: string) => setForm({ ...form, [key]: value });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = { category: toText(form.category), region: toText(form.region), requestedMw: toNumber(form.requestedMw), startDate: toText(form.startDate) };
    const parsed = EligibilityRequest.safeParse(body);
    if (!parsed.success) {
      setErrors(fromIssues(parsed.error.issues, [], body));
      setResult(null);
      return;
    }
    setErrors(NO_ERRORS);
    setBusy(true);
    try {
      setResult((await api.post<Eligibility>("/api/eligibility", parsed.data, { idempotent: false })).data);
    } catch (e) {
      setErrors(fromError(e));
      setResult(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="eligibility-title">
      <h1 id="eligibility-title">Check eligibility</h1>
      <p>See whether a request for surplus electricity could be met before you apply. Nothing is reserved by this check.</p>
      <FormErrorsProvider errors={errors} idPrefix="elig">
        <ErrorSummary />
        <form onSubmit={(e) => void submit(e)} noValidate className="stack">
          <SelectField path="category" label="Category" value={form.category} onValue={set("category")} options={ENERGY_CATEGORY_OPTIONS} />
          <SelectField path="region" label="Grid region" value={form.region} onValue={set("region")} options={REGION_OPTIONS} />
          <TextField path="requestedMw" label="Requested MW" inputMode="decimal" value={form.requestedMw} onValue={set("requestedMw")} hint="Up to 3 decimals, e.g. 12.5" />
          <TextField path="startDate" label="Start date" type="date" value={form.startDate} onValue={set("startDate")} />
          <button type="submit" disabled={busy}>
            {busy ? "Checking…" : "Check"}
          </button>
        </form>
      </FormErrorsProvider>
      <div aria-live="polite" className="result-region">
        {result ? <EligibilityResult result={result} /> : null}
      </div>
    </section>
  );
}
