import type { Actor } from "../domain/actor.ts";
import { NotFound } from "../domain/errors.ts";
import { monthFactor, monthUsage, nextMonth, scaledMw, utilisation } from "../domain/energy.ts";
import { periodOf } from "../domain/periods.ts";
import { compareLines } from "../domain/rounds.ts";
import { toMw } from "../schemas/common.ts";
import type { EnergyUsage, LicenceEnergy } from "../schemas/energy.ts";
import { clock } from "../store/clock.ts";
import { listLicenceReadings, listRoundReadings, listAuditReadings } from "../store/meter-readings.ts";
import { readLine, readRound } from "../store/rounds.ts";
import { energySettings } from "./energy-settings.ts";
import { asReader, readLicence } from "./supervision-access.ts";

// What the readings say: a licence's months (its licensee and reviewers) and a round's usage (public).

/** Months from `first` to `last` inclusive (`YYYY-MM`), bounded by a licence term or a round window. */
function months(first: string, last: string): string[] {
  const out: string[] = [];
  for (let p = first; p <= last && out.length < 1200; p = nextMonth(p)) out.push(p);
  return out;
}

/** The month before the one holding `now`: the last month that has ended. */
const lastEndedMonth = (now: string) => {
  const d = new Date(now);
  return periodOf(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString(), "MONTHLY");
};

/**
 * Every month of the licence that has ended, from its month of issue to its last month of term (or the
 * last ended month, if sooner). A month with a reading is judged against the approved MW and allowed MW
 * it was recorded with (a later variation does not rewrite the past); a month without one shows what
 * is allowed now, and MISSING.
 */
export async function licenceEnergy(licenceNumber: string, actor: Actor): Promise<LicenceEnergy> {
  const licence = asReader(await readLicence(licenceNumber), actor);
  if (licence.approvedMw === undefined || !licence.roundId || !licence.region) return { items: [] };
  const settings = energySettings();
  const [readings, line] = await Promise.all([listLicenceReadings(licenceNumber), readLine(licence.roundId, licence.region, licence.category)]);
  const byMonth = new Map(readings.map((r) => [r.period, r]));
  const end = [periodOf(licence.expiresAt, "MONTHLY"), lastEndedMonth(clock.now().toISOString())].sort()[0];
  const approvedMw = licence.approvedMw;
  const items = months(periodOf(licence.issuedAt, "MONTHLY"), end).map((period) => {
    const r = byMonth.get(period);
    if (r) return monthUsage({ period, approvedMw: r.approvedMw, allowedMw: r.allowedMw, reading: r }, settings);
    return monthUsage({ period, approvedMw, allowedMw: scaledMw(approvedMw, line ? monthFactor(line.monthlyAvailability, period) : 1) }, settings);
  });
  return { items };
}

/**
 * A round's usage per line and month of its window: offered = line MW x the month's factor, approved
 * = the line's approved MW, metered = the sum of its licences' readings, utilisation = metered MWh
 * over (approved MW x hours). Reads the round's readings from their index (docs/energy.md "Usage").
 */
export async function energyUsage(roundId: string): Promise<EnergyUsage> {
  const round = await readRound(roundId);
  if (!round) throw new NotFound(`There is no allocation round ${roundId}.`);
  const metered = new Map<string, number>();
  for (const r of await listRoundReadings(roundId)) {
    const key = `${r.region}#${r.category}#${r.period}`;
    // Sums in kWh: integers, so the total does not drift with the order of addition.
    metered.set(key, (metered.get(key) ?? 0) + Math.round(r.energyMwh * 1000));
  }
  const window = months(round.meta.effectiveFrom.slice(0, 7), round.meta.effectiveTo.slice(0, 7));
  const items = round.lines
    .sort(compareLines)
    .flatMap((line) =>
      window.map((period) => {
        const approvedMw = toMw(line.approvedKw);
        const meteredMwh = toMw(metered.get(`${line.region}#${line.category}#${period}`) ?? 0);
        return {
          region: line.region,
          category: line.category,
          period,
          offeredMw: scaledMw(toMw(line.totalKw), monthFactor(line.monthlyAvailability, period)),
          approvedMw,
          meteredMwh,
          utilisation: utilisation(meteredMwh, approvedMw, period),
        };
      }),
    );
  return { items };
}

export function listMeterReadingsForAuditor(filters: { licenceNumber?: string; period?: string }, limit: number, cursor?: string) {
  return listAuditReadings(filters, limit, cursor);
}
