import { useState } from "react";
import { FileReturn } from "../../../lambdas/schemas/supervision.ts";
import { isEnergyCategory, type Category } from "../../../lambdas/schemas/common.ts";
import { enc, request } from "../api/client.ts";
import { checkAgainst } from "../ui/errors.ts";
import { CheckboxField, TextArea, TextField } from "../ui/form.tsx";
import { SubmitForm, useSubmit } from "../ui/submit-form.tsx";
import type { Return } from "./types.ts";

// The licensee's return for one period: the category's KPIs, complaints, safeguards and the named
// officer's attestation, checked against the API's own FileReturn schema (the same messages).

const KPIS: Record<"energy" | "vasp", { key: string; label: string }[]> = {
  energy: [
    { key: "energyMwh", label: "Energy used (MWh)" },
    { key: "peakMw", label: "Peak demand (MW)" },
    { key: "uptimePercent", label: "Uptime (%)" },
    { key: "pue", label: "PUE (data centres)" },
  ],
  vasp: [
    { key: "customers", label: "Customers" },
    { key: "clientAssetsUsd", label: "Client assets (USD)" },
    { key: "transactionsCount", label: "Transactions (count)" },
    { key: "transactionsUsd", label: "Transactions (USD)" },
  ],
};

const numberOrText = (text: string): number | string | undefined => (text.trim() === "" ? undefined : Number.isNaN(Number(text)) ? text : Number(text));

export function ReturnForm({ licenceNumber, category, period, version, onFiled }: { licenceNumber: string; category: Category; period: Return; version: number; onFiled: (r: Return & { casesOpened: { caseId: string; kind: string }[] }) => void }) {
  const kpiFields = KPIS[isEnergyCategory(category) ? "energy" : "vasp"];
  const [kpis, setKpis] = useState<Record<string, string>>({});
  const [complaints, setComplaints] = useState("0");
  const [safeguardsMet, setSafeguardsMet] = useState(true);
  const [narrative, setNarrative] = useState("");
  const [name, setName] = useState("");
  const [title, setTitle] = useState("");
  const form = useSubmit(
    () =>
      checkAgainst(FileReturn, {
        kpis: Object.fromEntries(Object.entries(kpis).map(([k, v]) => [k, numberOrText(v)]).filter(([, v]) => v !== undefined)),
        complaints: numberOrText(complaints),
        safeguardsMet,
        ...(narrative.trim() ? { narrative } : {}),
        attestation: { name, title },
      }),
    async (body) => {
      const { data } = await request<Return & { casesOpened: { caseId: string; kind: string }[] }>("PUT", `/api/licences/${enc(licenceNumber)}/returns/${enc(period.period)}`, { body, ifMatch: `"${version}"` });
      onFiled(data);
    },
    { again: true },
  );
  return (
    <SubmitForm idPrefix={`ret-${period.period}`} {...form} submitLabel={period.filedAt ? "File again" : "File the return"}>
      {kpiFields.map((f) => (
        <TextField key={f.key} path={`kpis.${f.key}`} label={f.label} optional inputMode="decimal" value={kpis[f.key] ?? ""} onValue={(v) => setKpis({ ...kpis, [f.key]: v })} />
      ))}
      <TextField path="complaints" label="Complaints received" inputMode="numeric" value={complaints} onValue={setComplaints} />
      <CheckboxField path="safeguardsMet" label="Every safeguard of the licence was met" checked={safeguardsMet} onChecked={setSafeguardsMet} />
      <TextArea path="narrative" label="Narrative" optional value={narrative} onValue={setNarrative} maxLength={2000} />
      <TextField path="attestation.name" label="Attested by (name)" value={name} onValue={setName} />
      <TextField path="attestation.title" label="Their title" value={title} onValue={setTitle} />
    </SubmitForm>
  );
}
