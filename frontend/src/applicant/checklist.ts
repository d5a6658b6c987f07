import { submissionGaps, type ApplicationRecord } from "../../../lambdas/domain/application.ts";
import type { Application } from "../../../lambdas/schemas/review.ts";
import { DOCUMENT_LABELS, label } from "../ui/format.ts";
import { fieldLabel } from "./labels.ts";
import { stepOfPath, type StepId } from "./steps.ts";

// What still stands between a draft and submission, computed with the API's own completeness rule.

export interface Gap {
  path: string;
  step: StepId;
  text: string;
}

export function gapsOf(record: Application): Gap[] {
  const asRecord = { ...record, documents: record.documents ?? [], history: record.history ?? [], infoRequests: record.infoRequests ?? [] } as unknown as ApplicationRecord;
  return gapsFromErrors(submissionGaps(asRecord));
}

/** Problem `errors` (from a 409 on submit, or computed) -> checklist lines, one per field. */
export function gapsFromErrors(errors: readonly { path: string; message: string }[]): Gap[] {
  const seen = new Set<string>();
  const gaps: Gap[] = [];
  for (const e of errors) {
    if (seen.has(e.path)) continue;
    seen.add(e.path);
    const doc = /^documents\.(\w+)$/.exec(e.path);
    gaps.push({
      path: e.path,
      step: stepOfPath(e.path),
      text: doc ? `${label(DOCUMENT_LABELS, doc[1])}: upload and verify` : `${fieldLabel(e.path)}: ${e.message}`,
    });
  }
  return gaps;
}
