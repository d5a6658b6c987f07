import { useState } from "react";
import { PublishRound } from "../../../lambdas/schemas/allocations.ts";
import { api } from "../api/client.ts";
import type { RoundView as Round } from "../../../lambdas/schemas/allocations.ts";
import { Link, navigate } from "../router.tsx";
import { usePageTitle } from "../ui/async.tsx";
import { checkAgainst } from "../ui/errors.ts";
import { setFlash } from "../ui/flash.tsx";
import { GroupError, SelectField, TextArea, TextField } from "../ui/form.tsx";
import { ENERGY_CATEGORY_OPTIONS, REGION_OPTIONS } from "../ui/options.ts";
import { SubmitForm, useSubmit } from "../ui/submit-form.tsx";
import { compact, toNumber, toText } from "../ui/values.ts";
import { AvailabilityFields, checkProfile, defaultProfile, mergeChecks, profileToSend } from "../energy/availability-fields.tsx";

interface LineForm {
  region: string;
  category: string;
  mw: string;
  maxPerApplicantMw: string;
  minRequestMw: string;
  monthlyAvailability: string[];
}

const emptyLine = (): LineForm => ({ region: "", category: "", mw: "", maxPerApplicantMw: "", minRequestMw: "", monthlyAvailability: defaultProfile() });

type RoundForm = { name: string; description: string; effectiveFrom: string; effectiveTo: string; tariff: string };

/** The round with each line's profile: the schema checks the rest, each profile is checked on its own. */
export function checkRound(form: RoundForm, lines: LineForm[]) {
  const profiles = lines.map((l, i) => checkProfile(l.monthlyAvailability, ["lines", i, "monthlyAvailability"]));
  const checked = mergeChecks(checkAgainst(PublishRound, roundBody(form, lines)), profiles);
  if (!checked.ok) return checked;
  const values = profiles.flatMap((p) => (p.ok ? [p.value] : []));
  return { ok: true as const, value: { ...checked.value, lines: checked.value.lines.map((l, i) => ({ ...l, ...profileToSend(values[i]) })) } };
}

export function roundBody(form: RoundForm, lines: LineForm[]) {
  return compact({
    name: toText(form.name),
    description: toText(form.description),
    effectiveFrom: toText(form.effectiveFrom),
    effectiveTo: toText(form.effectiveTo),
    tariffUsdCentsPerKwh: toNumber(form.tariff),
    lines: lines.map((l) =>
      compact({
        region: toText(l.region),
        category: toText(l.category),
        mw: toNumber(l.mw),
        maxPerApplicantMw: toNumber(l.maxPerApplicantMw),
        minRequestMw: toNumber(l.minRequestMw),
      }),
    ),
  });
}

export function PublishRoundPage() {
  usePageTitle("Publish a round");
  const [form, setForm] = useState({ name: "", description: "", effectiveFrom: "", effectiveTo: "", tariff: "" });
  const [lines, setLines] = useState<LineForm[]>([emptyLine()]);
  const set = (key: keyof typeof form) => (value: string) => setForm({ ...form, [key]: value });
  const setLine =
    <K extends keyof LineForm>(i: number, key: K) =>
    (value: LineForm[K]) =>
      setLines(lines.map((l, j) => (j === i ? { ...l, [key]: value } : l)));

  const publish = useSubmit(
    () => checkRound(form, lines),
    async (round) => {
      const { data } = await api.post<Round>("/api/allocations", round);
      setFlash(`Round “${data.name}” is published.`);
      navigate("/admin");
    },
  );

  return (
    <section aria-labelledby="publish-title">
      <p>
        <Link to="/admin">← Allocation rounds</Link>
      </p>
      <h1 id="publish-title">Publish an allocation round</h1>
      <p>A published round cannot be edited, only amended line by line with a reason. Check the figures before publishing.</p>
      <SubmitForm idPrefix="round" {...publish} submitLabel="Publish the round" busyLabel="Publishing…">
        <TextField path="name" label="Name" value={form.name} onValue={set("name")} maxLength={200} />
        <TextArea path="description" label="Description" optional value={form.description} onValue={set("description")} rows={2} />
        <div className="row">
          <TextField path="effectiveFrom" label="Effective from" type="date" value={form.effectiveFrom} onValue={set("effectiveFrom")} />
          <TextField path="effectiveTo" label="Effective to" type="date" value={form.effectiveTo} onValue={set("effectiveTo")} />
          <TextField path="tariffUsdCentsPerKwh" label="Tariff (US cents/kWh)" inputMode="decimal" value={form.tariff} onValue={set("tariff")} className="short" />
        </div>
        <fieldset>
          <legend>Lines</legend>
          <GroupError path="lines" label="Lines" />
          <ol className="repeat-list lines">
            {lines.map((l, i) => (
              <li key={i}>
                <fieldset>
                  <legend>Line {i + 1}</legend>
                  <GroupError path={`lines.${i}`} label={`Line ${i + 1}`} />
                  <div className="row">
                    <SelectField path={`lines.${i}.region`} label="Region" value={l.region} onValue={setLine(i, "region")} options={REGION_OPTIONS} />
                    <SelectField path={`lines.${i}.category`} label="Category" value={l.category} onValue={setLine(i, "category")} options={ENERGY_CATEGORY_OPTIONS} />
                  </div>
                  <div className="row">
                    <TextField path={`lines.${i}.mw`} label="MW" inputMode="decimal" value={l.mw} onValue={setLine(i, "mw")} className="short" />
                    <TextField path={`lines.${i}.maxPerApplicantMw`} label="Max per applicant (MW)" inputMode="decimal" value={l.maxPerApplicantMw} onValue={setLine(i, "maxPerApplicantMw")} className="short" />
                    <TextField path={`lines.${i}.minRequestMw`} label="Min request (MW)" inputMode="decimal" value={l.minRequestMw} onValue={setLine(i, "minRequestMw")} className="short" />
                  </div>
                  <AvailabilityFields path={`lines.${i}.monthlyAvailability`} legend={`Line ${i + 1}: monthly availability`} values={l.monthlyAvailability} onValues={setLine(i, "monthlyAvailability")} />
                  {lines.length > 1 ? (
                    <button type="button" className="secondary small" onClick={() => setLines(lines.filter((_, j) => j !== i))}>
                      Remove line {i + 1}
                    </button>
                  ) : null}
                </fieldset>
              </li>
            ))}
          </ol>
          <button type="button" className="secondary" onClick={() => setLines([...lines, emptyLine()])}>
            Add a line
          </button>
        </fieldset>
      </SubmitForm>
    </section>
  );
}
