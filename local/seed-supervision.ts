import type { Actor } from "../lambdas/domain/actor.ts";
import { nextPeriod, periodEnd, periodOf } from "../lambdas/domain/periods.ts";
import { fileReturn, markLateReturns } from "../lambdas/services/returns.ts";
import { clock } from "../lambdas/store/clock.ts";
import { getLicence } from "../lambdas/store/licences.ts";

// The demo's supervision history: the seeded firms are licensed months before today (the seed runs
// on a clock set back, so every event still comes after the one before it), the miner files its first
// return on time and its second over its MW (a LIMIT_BREACH case opens), then nothing; at today's
// date the late-returns job marks the rest LATE with their LATE_RETURN cases. All illustrative.

export const DEMO_LICENSED_DAYS_AGO = 130;
const DAY_MS = 24 * 60 * 60 * 1000;
const APPLICANT_A: Actor = { sub: "applicant-a", groups: ["applicant"], scopes: [] };

/** Runs `fn` with the product's clock `daysAgo` days back, then gives the clock back. */
export async function withClockBack<T>(daysAgo: number, fn: () => Promise<T>): Promise<T> {
  const previous = clock.now;
  const offset = daysAgo * DAY_MS;
  clock.now = () => new Date(previous().getTime() - offset);
  try {
    return await fn();
  } finally {
    clock.now = previous;
  }
}

const filing = (energyMwh: number, peakMw: number) => ({
  kpis: { energyMwh, peakMw, uptimePercent: 97.5 },
  complaints: 0,
  safeguardsMet: true,
  narrative: "Illustrative demo return.",
  attestation: { name: "Ayesha Khan", title: "Chief Executive (illustrative)" },
});

/** `minerLicence` was issued DEMO_LICENSED_DAYS_AGO days ago; the clock is today's again. */
export async function seedDemoSupervision(minerLicence: string): Promise<void> {
  const licence = await getLicence(minerLicence, true);
  if (!licence) return;
  const first = periodOf(licence.issuedAt, "MONTHLY");
  const second = nextPeriod(first);
  const today = clock.now().getTime();
  const backTo = (iso: string, days: number) => Math.max(0, (today - Date.parse(iso)) / DAY_MS - days);
  await withClockBack(backTo(periodEnd(first), 2), () => fileReturn(minerLicence, first, filing(9_800, 18.6), undefined, APPLICANT_A));
  await withClockBack(backTo(periodEnd(second), 3), () => fileReturn(minerLicence, second, filing(12_400, 21.4), undefined, APPLICANT_A));
  await markLateReturns();
}
