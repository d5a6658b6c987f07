import { useState } from "react";
import { ExitReport, ExtensionRequest } from "../../../lambdas/schemas/supervision.ts";
import type { Category } from "../../../lambdas/schemas/common.ts";
import { api, enc } from "../api/client.ts";
import type { Licence } from "../../../lambdas/schemas/review.ts";
import { Alert, LoadError, Loading, StatusBadge, useApiGet, usePageTitle } from "../ui/async.tsx";
import { checkAgainst } from "../ui/errors.ts";
import { CheckboxField, TextArea, TextField } from "../ui/form.tsx";
import { formatDate } from "../ui/format.ts";
import { SubmitForm, useSubmit } from "../ui/submit-form.tsx";
import { TableRegion } from "../ui/table.tsx";
import { TitledSection } from "../ui/titled-section.tsx";
import { Link } from "../router.tsx";
import { ReturnForm } from "./return-form.tsx";
import type { Case, Plan, Return } from "./types.ts";

// The licensee's "My licence": its test plan, the returns due and filed (with the return form), its
// compliance cases and the extension and exit requests.

export function MyLicencePage({ params }: { params: Record<string, string> }) {
  const n = params.licenceNumber;
  usePageTitle(`My licence ${n}`);
  const licence = useApiGet<Licence & { testPlan?: Plan }>(`/api/licences/${enc(n)}`);
  const returns = useApiGet<{ items: Return[] }>(`/api/licences/${enc(n)}/returns`);
  const cases = useApiGet<{ items: Case[] }>(`/api/licences/${enc(n)}/cases`);
  const [open, setOpen] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const l = licence.data;
  return (
    <section aria-labelledby="my-licence-title">
      <h1 id="my-licence-title">My licence {n}</h1>
      <div aria-live="polite">{message ? <Alert kind="success">{message}</Alert> : null}</div>
      {licence.loading && !l ? <Loading what="Loading the licence" /> : null}
      {licence.error && !l ? <LoadError error={licence.error} retry={licence.reload} /> : null}
      {l ? (
        <>
          <p>
            <StatusBadge status={l.status} /> Testing window {formatDate(l.issuedAt)} to {formatDate(l.expiresAt)}; reporting {l.testPlan?.reporting.toLowerCase() ?? "monthly"}.
          </p>
          {l.category !== "VIRTUAL_ASSET_SERVICE" ? (
            <p>
              <Link to={`/licences/${enc(n)}/energy`}>Energy use and curtailments</Link>
            </p>
          ) : null}
          {l.testPlan?.milestones.length ? (
            <TitledSection id="my-milestones" title="Milestones">
              <ul>
                {l.testPlan.milestones.map((m) => (
                  <li key={m.milestoneId}>
                    {m.title} (due {m.dueDate}): <StatusBadge status={m.status} /> {m.reason ?? ""}
                  </li>
                ))}
              </ul>
            </TitledSection>
          ) : null}
          <TitledSection id="my-returns" title="Returns">
            {returns.error ? <LoadError error={returns.error} retry={returns.reload} /> : null}
            {returns.data ? (
              <TableRegion label="Returns">
                <thead>
                  <tr>
                    <th scope="col">Period</th>
                    <th scope="col">Due</th>
                    <th scope="col">Status</th>
                    <th scope="col">Filed</th>
                    <th scope="col">Action</th>
                  </tr>
                </thead>
                <tbody>
                  {returns.data.items.map((r) => (
                    <tr key={r.period}>
                      <th scope="row">{r.period}</th>
                      <td>{formatDate(r.dueAt)}</td>
                      <td>
                        <StatusBadge status={r.status} />
                        {r.queryMessage && r.status === "QUERIED" ? <p>Reviewer asks: {r.queryMessage}</p> : null}
                      </td>
                      <td>{r.filedAt ? formatDate(r.filedAt) : "-"}</td>
                      <td>{r.status !== "ACCEPTED" ? <button type="button" onClick={() => setOpen(open === r.period ? null : r.period)}>{r.filedAt ? "File again" : "File"} {r.period}</button> : null}</td>
                    </tr>
                  ))}
                </tbody>
              </TableRegion>
            ) : null}
            {open && returns.data
              ? (() => {
                  const period = returns.data.items.find((r) => r.period === open)!;
                  return (
                    <TitledSection id="my-return-form" title={`Return for ${open}`} className="panel">
                      <ReturnForm
                        licenceNumber={n}
                        category={l.category as Category}
                        period={period}
                        version={period.version}
                        onFiled={(filed) => {
                          setOpen(null);
                          setMessage(`The return for ${filed.period} is filed.${filed.casesOpened.length ? ` ${filed.casesOpened.length} compliance case(s) opened.` : ""}`);
                          returns.reload();
                          cases.reload();
                        }}
                      />
                    </TitledSection>
                  );
                })()
              : null}
          </TitledSection>
          <TitledSection id="my-cases" title="Compliance cases">
            {cases.data && cases.data.items.length === 0 ? <p>No cases.</p> : null}
            <ul>
              {(cases.data?.items ?? []).map((c) => (
                <li key={c.caseId}>
                  {c.kind.replace(/_/g, " ").toLowerCase()} opened {formatDate(c.openedAt)}
                  {c.repeat ? " (repeat)" : ""}: <StatusBadge status={c.status} /> {c.history.at(-1)?.reason ? `Reason: ${String(c.history.at(-1)?.reason)}` : ""}
                </li>
              ))}
            </ul>
          </TitledSection>
          <ExtensionForm licenceNumber={n} onDone={(m) => (setMessage(m), licence.reload())} />
          <ExitForm licenceNumber={n} onDone={(m) => (setMessage(m), licence.reload())} />
        </>
      ) : null}
    </section>
  );
}

function ExtensionForm({ licenceNumber, onDone }: { licenceNumber: string; onDone: (message: string) => void }) {
  const [months, setMonths] = useState("");
  const [reason, setReason] = useState("");
  const form = useSubmit(
    () => checkAgainst(ExtensionRequest, { months: months.trim() === "" ? undefined : Number(months), reason }),
    async (body) => {
      await api.post(`/api/licences/${enc(licenceNumber)}/extension`, body);
      onDone("The extension request is with the council.");
    },
    { again: true },
  );
  return (
    <TitledSection id="my-extension" title="Ask for an extension" className="panel">
      <p className="hint">In the last 90 days of the term, 1 to 6 more months, once.</p>
      <SubmitForm idPrefix="ext" {...form} submitLabel="Ask for the extension">
        <TextField path="months" label="Months" inputMode="numeric" value={months} onValue={setMonths} />
        <TextArea path="reason" label="Reason" value={reason} onValue={setReason} maxLength={2000} />
      </SubmitForm>
    </TitledSection>
  );
}

function ExitForm({ licenceNumber, onDone }: { licenceNumber: string; onDone: (message: string) => void }) {
  const [summary, setSummary] = useState("");
  const [transition, setTransition] = useState("");
  const [achieved, setAchieved] = useState(false);
  const [early, setEarly] = useState(false);
  const form = useSubmit(
    () => checkAgainst(ExitReport, { outcomesAchieved: achieved, summary, customersTransitioned: transition, ...(early ? { early: true } : {}) }),
    async (body) => {
      await api.post(`/api/licences/${enc(licenceNumber)}/exit-report`, body);
      onDone("The exit report is filed; a reviewer will decide the outcome.");
    },
    { again: true },
  );
  return (
    <TitledSection id="my-exit" title="Exit report" className="panel">
      <p className="hint">In the last 60 days of the term, or earlier for an early exit.</p>
      <SubmitForm idPrefix="exit" {...form} submitLabel="File the exit report">
        <CheckboxField path="outcomesAchieved" label="The test's outcomes were achieved" checked={achieved} onChecked={setAchieved} />
        <TextArea path="summary" label="Summary" value={summary} onValue={setSummary} maxLength={2000} />
        <TextArea path="customersTransitioned" label="How customers were transitioned" value={transition} onValue={setTransition} maxLength={2000} />
        <CheckboxField path="early" label="This is an early exit" checked={early} onChecked={setEarly} />
      </SubmitForm>
    </TitledSection>
  );
}
