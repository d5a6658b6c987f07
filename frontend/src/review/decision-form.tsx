import { useState } from "react";
import { Decision } from "../../../lambdas/schemas/review.ts";
import { checkAgainst } from "../ui/errors.ts";
import { GroupError, TextArea, TextField } from "../ui/form.tsx";
import { SubmitForm, useSubmit } from "../ui/submit-form.tsx";
import { fromNumber, toNumber, toText, compact } from "../ui/values.ts";

// A decision: approve (MW, conditions, term), reject or return, always with a reason.

export type DecisionKind = "approve" | "reject" | "return";

export function DecisionForm({
  idPrefix,
  decision,
  submitLabel,
  requestedMw,
  withTerms,
  onSubmit,
}: {
  idPrefix: string;
  decision: DecisionKind;
  submitLabel: string;
  requestedMw?: number;
  /** First approvals set MW, conditions and term; a second approval confirms them. */
  withTerms: boolean;
  onSubmit: (body: Record<string, unknown>) => Promise<void>;
}) {
  const [reason, setReason] = useState("");
  const [approvedMw, setApprovedMw] = useState(fromNumber(requestedMw));
  const [termMonths, setTermMonths] = useState("12");
  const [conditions, setConditions] = useState<string[]>([]);

  const form = useSubmit(() => {
    const terms =
      decision === "approve" && withTerms
        ? {
            approvedMw: toNumber(approvedMw),
            termMonths: toNumber(termMonths),
            conditions: conditions.map((c) => c.trim()).filter(Boolean),
          }
        : {};
    return checkAgainst(Decision, compact({ decision, reason: toText(reason), ...terms }));
  }, onSubmit);

  return (
    <SubmitForm idPrefix={idPrefix} {...form} submitLabel={submitLabel} danger={decision === "reject"}>
      {decision === "approve" && withTerms ? (
        <>
          <TextField path="approvedMw" label="Approved MW" inputMode="decimal" value={approvedMw} onValue={setApprovedMw} className="short" hint={requestedMw !== undefined ? `Requested: ${requestedMw} MW.` : undefined} />
          <TextField path="termMonths" label="Sandbox term (months)" inputMode="numeric" value={termMonths} onValue={setTermMonths} className="short" hint="1 to 60 months." />
          <fieldset>
            <legend>Conditions</legend>
            <GroupError path="conditions" label="Conditions" />
            <ol className="repeat-list">
              {conditions.map((c, i) => (
                <li key={i}>
                  <TextField path={`conditions.${i}`} label={`Condition ${i + 1}`} value={c} onValue={(v) => setConditions(conditions.map((x, j) => (j === i ? v : x)))} />
                  <button type="button" className="secondary small" onClick={() => setConditions(conditions.filter((_, j) => j !== i))}>
                    Remove condition {i + 1}
                  </button>
                </li>
              ))}
            </ol>
            <button type="button" className="secondary" onClick={() => setConditions([...conditions, ""])}>
              Add a condition
            </button>
          </fieldset>
        </>
      ) : null}
      <TextArea path="reason" label="Reason" hint="Recorded in the audit trail and shown to the applicant." value={reason} onValue={setReason} maxLength={2000} />
    </SubmitForm>
  );
}
