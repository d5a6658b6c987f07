import { MONTHS } from "./types.ts";

// Energy figures as people read them.

const percent = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });

/** A fraction (0..1) as a percentage: 0.425 -> "42.5 %"; missing -> "—". */
export const formatPercent = (fraction: number | null | undefined) => (typeof fraction === "number" && Number.isFinite(fraction) ? `${percent.format(fraction * 100)} %` : "—");

/** "2026-01" -> "Jan 2026". */
export function formatPeriod(period: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  return match && month ? `${month} ${match[1]}` : period;
}
