import type { Actor } from "../domain/actor.ts";
import { NotFound } from "../domain/errors.ts";
import { licenceView, testPlanOf, type LicenceRecord } from "../domain/licence.ts";
import { MILESTONE_WORKFLOW, type MilestoneAction } from "../domain/supervision-workflows.ts";
import { saveLicence } from "../store/licences.ts";
import { noSuchLicence, ownFirmRefusal, readLicence } from "./supervision-access.ts";
import { firmOfLicence } from "./licences.ts";
import { runTransition } from "./transition-engine.ts";

// A reviewer marks each of the test plan's milestones once: MET, MISSED or WAIVED, with a reason.
// The milestone lives in the licence's test plan (at most 20), so the licence is what is written.

export function markMilestone(licenceNumber: string, milestoneId: string, status: MilestoneAction, reason: string, actor: Actor) {
  return runTransition({
    actor,
    table: MILESTONE_WORKFLOW,
    action: status,
    entityType: "milestone",
    entityId: `${licenceNumber}/${milestoneId}`,
    notFound: noSuchLicence,
    repository: { read: () => readLicence(licenceNumber), save: saveLicence },
    stateOf: (l) => {
      if (!l) return undefined;
      const m = testPlanOf(l).milestones.find((x) => x.milestoneId === milestoneId);
      if (!m) throw new NotFound("No such milestone.");
      return m.status;
    },
    guard: (_g, l) => ownFirmRefusal(l!, actor),
    firmOf: (l) => (l ? firmOfLicence(l) : undefined),
    apply: (l, row, now) => {
      const plan = testPlanOf(l!);
      const next: LicenceRecord = {
        ...l!,
        testPlan: { ...plan, milestones: plan.milestones.map((m) => (m.milestoneId === milestoneId ? { ...m, status: row.next as MilestoneAction, reason, markedAt: now, markedBy: actor.sub } : m)) },
        version: l!.version + 1,
        updatedAt: now,
      };
      return { next, data: { licenceNumber, milestoneId, reason }, result: licenceView(next) };
    },
  });
}
