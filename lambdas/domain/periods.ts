import type { Reporting } from "../schemas/supervision.ts";

// Reporting periods: `YYYY-MM` (monthly) or `YYYY-Qn` (quarterly), in UTC. A period runs from its
// first instant to the first instant of the next; its return is due 15 days after it ends.

export const RETURN_DUE_DAYS = 15;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The period holding an instant. */
export function periodOf(iso: string, reporting: Reporting): string {
  const d = new Date(iso);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  return reporting === "MONTHLY" ? `${year}-${String(month + 1).padStart(2, "0")}` : `${year}-Q${Math.floor(month / 3) + 1}`;
}

/** The reporting frequency a period is written in. */
export function reportingOf(period: string): Reporting {
  return period.includes("Q") ? "QUARTERLY" : "MONTHLY";
}

/** [year, first month 0..11, months in the period]. */
function parts(period: string): [number, number, number] {
  const year = Number(period.slice(0, 4));
  if (period[5] === "Q") return [year, (Number(period.slice(6)) - 1) * 3, 3];
  return [year, Number(period.slice(5, 7)) - 1, 1];
}

export function periodStart(period: string): string {
  const [year, month] = parts(period);
  return new Date(Date.UTC(year, month, 1)).toISOString();
}

/** The first instant after the period (exclusive end). */
export function periodEnd(period: string): string {
  const [year, month, length] = parts(period);
  return new Date(Date.UTC(year, month + length, 1)).toISOString();
}

export function nextPeriod(period: string): string {
  return periodOf(periodEnd(period), reportingOf(period));
}

export function returnDueAt(period: string): string {
  return new Date(Date.parse(periodEnd(period)) + RETURN_DUE_DAYS * DAY_MS).toISOString();
}

/** A period can be filed once it has ended. */
export function hasEnded(period: string, now: string): boolean {
  return periodEnd(period) <= now;
}

/** Every period from the one holding `from` to the one holding `to`, in order (empty if to < from). */
export function periodsBetween(from: string, to: string, reporting: Reporting): string[] {
  const out: string[] = [];
  if (to < from) return out;
  const last = periodOf(to, reporting);
  for (let p = periodOf(from, reporting); ; p = nextPeriod(p)) {
    out.push(p);
    if (p === last || out.length > 1200) break;
  }
  return out;
}

/** Whether a period is written in the licence's reporting frequency and not before its first period. */
export function isLicencePeriod(period: string, issuedAt: string, reporting: Reporting): boolean {
  return reportingOf(period) === reporting && period >= periodOf(issuedAt, reporting);
}
