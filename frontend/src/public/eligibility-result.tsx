import type { EligibilityAnswer as Eligibility } from "../../../lambdas/schemas/allocations.ts";
import { formatMw } from "../ui/format.ts";

export function EligibilityResult({ result }: { result: Eligibility }) {
  return (
    <div className={`eligibility ${result.eligible ? "eligible" : "not-eligible"}`}>
      <p className="eligibility-verdict">
        <strong>{result.eligible ? "Eligible" : "Not eligible"}</strong>
        {typeof result.remainingMw === "number" ? <> · {formatMw(result.remainingMw)} remaining on this line</> : null}
      </p>
      {result.reasons.length > 0 ? (
        <ul>
          {result.reasons.map((reason, i) => (
            <li key={i}>{reason}</li>
          ))}
        </ul>
      ) : null}
      {result.roundId ? <p className="hint">Round {result.roundId}</p> : null}
    </div>
  );
}
