import type { Actor } from "../lambdas/domain/actor.ts";
import { monthFactor, scaledMw, hoursInMonth, previousMonth } from "../lambdas/domain/energy.ts";
import { periodOf } from "../lambdas/domain/periods.ts";
import { METER_SCOPE_PREFIX } from "../lambdas/routes.ts";
import { postMeterReadings } from "../lambdas/services/meter-readings.ts";
import { clock } from "../lambdas/store/clock.ts";
import { getLicence } from "../lambdas/store/licences.ts";
import { readLine } from "../lambdas/store/rounds.ts";

// The demo's meter readings, ILLUSTRATIVE ONLY: the miner's region's grid operator posted the last
// three ended months of the miner's licence: two ordinary months, then one whose peak went 10 % over
// what the month's availability allowed, which opened an OVERDRAW case. Through the same service as
// POST /api/meter-readings.

export async function seedDemoEnergy(minerLicence: string): Promise<void> {
  const licence = await getLicence(minerLicence, true);
  if (!licence?.region || !licence.roundId || licence.approvedMw === undefined) return;
  const line = await readLine(licence.roundId, licence.region, licence.category);
  const grid: Actor = { sub: `${licence.region.toLowerCase()}-grid-operator-demo`, groups: [], scopes: [`${METER_SCOPE_PREFIX}${licence.region}`] };
  const first = periodOf(licence.issuedAt, "MONTHLY");
  const last = previousMonth(periodOf(clock.now().toISOString(), "MONTHLY"));
  const months = [previousMonth(previousMonth(last)), previousMonth(last), last].filter((p) => p >= first);
  const approvedMw = licence.approvedMw;
  const readings = months.map((period, i) => {
    const allowedMw = scaledMw(approvedMw, line ? monthFactor(line.monthlyAvailability, period) : 1);
    const overdraw = i === months.length - 1;
    // An ordinary month peaks at 90 % of what is allowed, the overdrawn one 10 % above it; the average
    // draw stays above the UNDERUSE bar (and below the peak) even in a 40 % summer month.
    const peakMw = Math.round(allowedMw * (overdraw ? 1.1 : 0.9) * 1000) / 1000;
    const energyMwh = Math.round(Math.max(allowedMw * 0.7, approvedMw * 0.32) * hoursInMonth(period) * 1000) / 1000;
    return { licenceNumber: minerLicence, period, energyMwh, peakMw };
  });
  if (readings.length > 0) await postMeterReadings({ readings }, grid);
}
