import type { Actor } from "../lambdas/domain/actor.ts";
import { METER_SCOPE_PREFIX } from "../lambdas/routes.ts";
import { acknowledgeCurtailment, respondCurtailment } from "../lambdas/services/curtailment-actions.ts";
import { declareCurtailment } from "../lambdas/services/curtailments.ts";
import { getLicence } from "../lambdas/store/licences.ts";
import { limitMw } from "../lambdas/domain/curtailment.ts";
import { withClockBack } from "./seed-supervision.ts";

// The demo's past curtailment, ILLUSTRATIVE ONLY: the region's grid operator declared an evening
// curtailment a few weeks ago in the miner's region, the miner (the region's only curtailable demo
// licence) acknowledged it before the start, and the operator answered after the end with a draw
// under the bar: COMPLIED. Each step runs through the same services as the API, on the clock set back.

const APPLICANT_A: Actor = { sub: "applicant-a", groups: ["applicant"], scopes: [] };
const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const DECLARED_DAYS_AGO = 40;
const REDUCTION_PERCENT = 50;

export async function seedDemoCurtailment(minerLicence: string): Promise<void> {
  const licence = await getLicence(minerLicence, true);
  if (!licence?.region || licence.status !== "ACTIVE" || licence.approvedMw === undefined) return;
  const grid: Actor = { sub: `${licence.region.toLowerCase()}-grid-operator-demo`, groups: [], scopes: [`${METER_SCOPE_PREFIX}${licence.region}`] };
  const declaredAt = Date.now() - DECLARED_DAYS_AGO * DAY_MS;
  const startsAt = new Date(declaredAt + 26 * HOUR_MS).toISOString();
  const endsAt = new Date(declaredAt + 30 * HOUR_MS).toISOString();
  const declared = await withClockBack(DECLARED_DAYS_AGO, () =>
    declareCurtailment({ region: licence.region!, startsAt, endsAt, reductionPercent: REDUCTION_PERCENT, reason: "Illustrative demo: evening peak after a hydro shortfall; reduce load by half." }, grid),
  );
  if (!declared.targets.includes(minerLicence)) return;
  await withClockBack(DECLARED_DAYS_AGO - 0.5, () => acknowledgeCurtailment(declared.curtailmentId, minerLicence, APPLICANT_A));
  // Under the bar by a little: 0.5 MW below approved x (1 - 50 %).
  const averageMw = Math.max(0, limitMw(licence.approvedMw, REDUCTION_PERCENT) - 0.5);
  const answers = declared.targets.map((licenceNumber) => ({ licenceNumber, averageMw: licenceNumber === minerLicence ? averageMw : 0 }));
  await withClockBack(DECLARED_DAYS_AGO - 2, () => respondCurtailment(declared.curtailmentId, { responses: answers }, grid));
}
