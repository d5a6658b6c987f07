import { useState } from "react";
import { EligibilityResult } from "../../public/eligibility-result.tsx";
import { CheckboxField, GroupError, SelectField, TextField } from "../../ui/form.tsx";
import { REGION_OPTIONS } from "../../ui/options.ts";
import { checkEnergy, energyForm, type AcceleratorForm, type EnergyForm, type MachineForm } from "../draft.ts";
import { FIELD_LABELS } from "../labels.ts";
import { useEligibility } from "../use-eligibility.ts";
import { useSubmit } from "../../ui/submit-form.tsx";
import { StepForm } from "./step-form.tsx";
import type { StepProps } from "./types.ts";

const COOLING = [
  { value: "AIR", label: "Air" },
  { value: "HYDRO", label: "Hydro (water)" },
  { value: "IMMERSION", label: "Immersion" },
];
const TIERS = ["I", "II", "III", "IV"].map((t) => ({ value: t, label: `Tier ${t}` }));

function EligibilityAside({ category, form }: { category: string; form: EnergyForm }) {
  const eligibility = useEligibility(category, form.region, form.requestedMw, form.startDate);
  return (
    <aside className="aside-panel" aria-label="Eligibility of this request" aria-live="polite" aria-busy={eligibility.busy}>
      <h3>Eligibility</h3>
      {eligibility.busy ? <p>Checking…</p> : null}
      {eligibility.result ? <EligibilityResult result={eligibility.result} /> : null}
      {eligibility.error ? <p className="field-error">{eligibility.error}</p> : null}
      {!eligibility.busy && !eligibility.result && !eligibility.error ? <p className="hint">Choose a region, MW and start date to check against the published round.</p> : null}
    </aside>
  );
}

export function EnergyStep({ record, save, back }: StepProps) {
  const category = record?.category ?? "BITCOIN_MINING";
  const mining = category === "BITCOIN_MINING";
  const [form, setForm] = useState<EnergyForm>(() => energyForm(record));
  const set = <K extends keyof EnergyForm>(key: K) => (value: EnergyForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const setMachine = (i: number, key: keyof MachineForm) => (value: string) => set("machines")(form.machines.map((m, j) => (j === i ? { ...m, [key]: value } : m)));
  const setAccelerator = (i: number, key: keyof AcceleratorForm) => (value: string) =>
    set("accelerators")(form.accelerators.map((a, j) => (j === i ? { ...a, [key]: value } : a)));

  const step = useSubmit(() => checkEnergy(category, form), (energy) => save({ energy }));

  return (
    <StepForm {...step} back={back}>
      <SelectField path="energy.region" label={FIELD_LABELS["energy.region"]} value={form.region} onValue={set("region")} options={REGION_OPTIONS} />
      <div className="field-with-aside">
        <div>
          <TextField
            path="energy.requestedMw"
            label={FIELD_LABELS["energy.requestedMw"]}
            inputMode="decimal"
            value={form.requestedMw}
            onValue={set("requestedMw")}
            hint="More than 0 and at most 5,000 MW, up to 3 decimals."
            className="short"
          />
          <TextField path="energy.startDate" label={FIELD_LABELS["energy.startDate"]} type="date" value={form.startDate} onValue={set("startDate")} />
        </div>
        <EligibilityAside category={category} form={form} />
      </div>
      <CheckboxField
        path="energy.curtailable"
        label="The site can curtail its load when the grid asks"
        checked={form.curtailable}
        onChecked={set("curtailable")}
      />
      <fieldset className="details">
        <legend>{mining ? "Mining site details" : "Data centre details"} (optional)</legend>
        <GroupError path="energy.details" label="Site details" />
        {mining ? (
          <>
            <h3>Machines</h3>
            <ol className="repeat-list">
              {form.machines.map((m, i) => (
                <li key={i}>
                  <fieldset>
                    <legend>Machine model {i + 1}</legend>
                    <TextField path={`energy.details.machines.${i}.model`} label="Model" value={m.model} onValue={setMachine(i, "model")} />
                    <TextField path={`energy.details.machines.${i}.count`} label="Count" inputMode="numeric" value={m.count} onValue={setMachine(i, "count")} className="short" />
                    <TextField
                      path={`energy.details.machines.${i}.efficiencyJPerTh`}
                      label="Efficiency (J/TH)"
                      inputMode="decimal"
                      value={m.efficiencyJPerTh}
                      onValue={setMachine(i, "efficiencyJPerTh")}
                      className="short"
                    />
                    <button type="button" className="secondary small" onClick={() => set("machines")(form.machines.filter((_, j) => j !== i))}>
                      Remove machine model {i + 1}
                    </button>
                  </fieldset>
                </li>
              ))}
            </ol>
            <button type="button" className="secondary" onClick={() => set("machines")([...form.machines, { model: "", count: "", efficiencyJPerTh: "" }])}>
              Add a machine model
            </button>
            <TextField
              path="energy.details.expectedHashrateThs"
              label="Expected hashrate (TH/s)"
              optional
              inputMode="decimal"
              value={form.expectedHashrateThs}
              onValue={set("expectedHashrateThs")}
              className="short"
            />
            <SelectField path="energy.details.cooling" label="Cooling" optional value={form.cooling} onValue={set("cooling")} options={COOLING} />
          </>
        ) : (
          <>
            <h3>Accelerators</h3>
            <ol className="repeat-list">
              {form.accelerators.map((a, i) => (
                <li key={i}>
                  <fieldset>
                    <legend>Accelerator model {i + 1}</legend>
                    <TextField path={`energy.details.accelerators.${i}.model`} label="Model" value={a.model} onValue={setAccelerator(i, "model")} />
                    <TextField path={`energy.details.accelerators.${i}.count`} label="Count" inputMode="numeric" value={a.count} onValue={setAccelerator(i, "count")} className="short" />
                    <button type="button" className="secondary small" onClick={() => set("accelerators")(form.accelerators.filter((_, j) => j !== i))}>
                      Remove accelerator model {i + 1}
                    </button>
                  </fieldset>
                </li>
              ))}
            </ol>
            <button type="button" className="secondary" onClick={() => set("accelerators")([...form.accelerators, { model: "", count: "" }])}>
              Add an accelerator model
            </button>
            <TextField path="energy.details.targetPue" label="Target PUE" optional inputMode="decimal" value={form.targetPue} onValue={set("targetPue")} hint="Between 1 and 3." className="short" />
            <SelectField path="energy.details.tier" label="Tier" optional value={form.tier} onValue={set("tier")} options={TIERS} />
          </>
        )}
      </fieldset>
    </StepForm>
  );
}
