import { toKw, toMw } from "../schemas/common.ts";
import { ENERGY_STATUSES } from "../schemas/energy.ts";

// Pure rules for energy operations (docs/energy.md): a line's monthly availability, what a licence may
// draw in a month, its load factor and its month's status, and the UNDERUSE run that opens a case.
// Every MW figure is compared in whole kW, so no float edge decides a status.

export type EnergyStatus = (typeof ENERGY_STATUSES)[number];

/** The thresholds the product calls settings (docs/product.md "Energy operations"), as fractions. */
export interface EnergySettings {
  /** A peak above allowed x (1 + this) is an OVERDRAW. */
  overdrawTolerance: number;
  /** A load factor under this is UNDERUSE. */
  underuseLoadFactor: number;
}

export const DEFAULT_ENERGY_SETTINGS: EnergySettings = { overdrawTolerance: 0.05, underuseLoadFactor: 0.3 };

/** How many UNDERUSE months in a row open an UNDERUSE case. */
export const UNDERUSE_RUN = 3;

export const FULL_AVAILABILITY: readonly number[] = Object.freeze(Array.from({ length: 12 }, () => 1));

/** A stored profile, or all 1 for a line published before profiles existed (or anything malformed). */
export function availabilityOf(value: unknown): number[] {
  if (Array.isArray(value) && value.length === 12 && value.every((v) => typeof v === "number" && v >= 0 && v <= 1)) return value.map(Number);
  return [...FULL_AVAILABILITY];
}

/** `YYYY-MM` -> its month's factor. */
export function monthFactor(availability: readonly number[], period: string): number {
  return availability[Number(period.slice(5, 7)) - 1] ?? 1;
}

export function hoursInMonth(period: string): number {
  const year = Number(period.slice(0, 4));
  const month = Number(period.slice(5, 7));
  return new Date(Date.UTC(year, month, 0)).getUTCDate() * 24;
}

/** MW x factor in whole kW (rounded down: never more than the line offers). */
export function scaledMw(mw: number, factor: number): number {
  return toMw(Math.floor(toKw(mw) * factor + 1e-9));
}

/** MWh over (approved MW x hours in the month); 0 for a licence holding no MW. */
export function loadFactor(energyMwh: number, approvedMw: number, period: string): number {
  if (!(approvedMw > 0)) return 0;
  return energyMwh / (approvedMw * hoursInMonth(period));
}

export function isOverdraw(peakMw: number, allowedMw: number, settings: EnergySettings): boolean {
  // Integers (kW x 10^4) so a peak of exactly allowed + 5 % is not an overdraw.
  return toKw(peakMw) * 10_000 > toKw(allowedMw) * Math.round((1 + settings.overdrawTolerance) * 10_000);
}

export interface MonthFigures {
  period: string;
  approvedMw: number;
  /** approved MW x the month's factor (scaledMw). */
  allowedMw: number;
  reading?: { energyMwh: number; peakMw: number };
}

export interface MonthUsage {
  period: string;
  allowedMw: number;
  peakMw: number | null;
  energyMwh: number | null;
  loadFactor: number | null;
  status: EnergyStatus;
}

/** One month as GET /api/licences/{n}/energy answers it. OVERDRAW wins over UNDERUSE: it is the breach. */
export function monthUsage(m: MonthFigures, settings: EnergySettings): MonthUsage {
  const allowedMw = m.allowedMw;
  if (!m.reading) return { period: m.period, allowedMw, peakMw: null, energyMwh: null, loadFactor: null, status: "MISSING" };
  const lf = loadFactor(m.reading.energyMwh, m.approvedMw, m.period);
  const status = readingStatus({ period: m.period, ...m.reading, approvedMw: m.approvedMw, allowedMw }, settings);
  return { period: m.period, allowedMw, peakMw: m.reading.peakMw, energyMwh: m.reading.energyMwh, loadFactor: Math.round(lf * 10_000) / 10_000, status };
}

/** The month before `YYYY-MM`. */
export function previousMonth(period: string): string {
  const year = Number(period.slice(0, 4));
  const month = Number(period.slice(5, 7));
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`;
}

/**
 * Whether `period` ends a run of UNDERUSE_RUN underused months in a row (itself and the ones just
 * before it), given each month's status. A month without a reading breaks the run.
 */
export function endsUnderuseRun(period: string, statusOf: (period: string) => EnergyStatus | undefined): boolean {
  let p = period;
  for (let i = 0; i < UNDERUSE_RUN; i++, p = previousMonth(p)) if (statusOf(p) !== "UNDERUSE") return false;
  return true;
}

/** The average of a line's month: metered MWh over (approved MW x hours); null while nothing is approved. */
export function utilisation(meteredMwh: number, approvedMw: number, period: string): number | null {
  if (!(approvedMw > 0)) return null;
  return Math.round(loadFactor(meteredMwh, approvedMw, period) * 10_000) / 10_000;
}

/** A stored or posted reading's status, from the figures it was recorded against. */
export function readingStatus(r: { period: string; energyMwh: number; peakMw: number; approvedMw: number; allowedMw: number }, settings: EnergySettings): Exclude<EnergyStatus, "MISSING"> {
  if (isOverdraw(r.peakMw, r.allowedMw, settings)) return "OVERDRAW";
  return loadFactor(r.energyMwh, r.approvedMw, r.period) < settings.underuseLoadFactor ? "UNDERUSE" : "OK";
}

/** The month after `YYYY-MM`. */
export function nextMonth(period: string): string {
  const year = Number(period.slice(0, 4));
  const month = Number(period.slice(5, 7));
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, "0")}`;
}

/** Stable case ids: one case per licence, month and kind, so a re-post finds its case and opens nothing twice. */
export const overdrawCaseId = (licenceNumber: string, period: string) => `OVERDRAW-${licenceNumber}-${period}`;
/** An UNDERUSE case is named by the last month of its run. */
export const underuseCaseId = (licenceNumber: string, lastMonth: string) => `UNDERUSE-${licenceNumber}-${lastMonth}`;

export interface PlannedCase {
  caseId: string;
  kind: "OVERDRAW" | "UNDERUSE";
  licenceNumber: string;
  /** The months that caused it (one for OVERDRAW, the run for UNDERUSE). */
  months: string[];
}

/**
 * Which cases a batch's written readings open, each tied to the written reading (by its position in
 * `written`) whose transaction carries it. OVERDRAW: the reading's own month. UNDERUSE: every run of
 * UNDERUSE_RUN months that a written UNDERUSE reading completes (it may sit at the run's end, middle
 * or start, when months arrive out of order), carried by the run's last written reading so every
 * month of the run is stored by the time the case is. `statusOf` answers with the batch's figures
 * first, then what is stored.
 */
export function plannedCases(
  written: ReadonlyArray<{ licenceNumber: string; period: string; status: EnergyStatus }>,
  statusOf: (licenceNumber: string, period: string) => EnergyStatus | undefined,
): Map<number, PlannedCase[]> {
  const out = new Map<number, PlannedCase[]>();
  const seen = new Set<string>();
  const position = new Map(written.map((w, i) => [`${w.licenceNumber}/${w.period}`, i]));
  const add = (at: number, c: PlannedCase) => {
    if (seen.has(c.caseId)) return;
    seen.add(c.caseId);
    out.set(at, [...(out.get(at) ?? []), c]);
  };
  written.forEach((w, i) => {
    if (w.status === "OVERDRAW") add(i, { caseId: overdrawCaseId(w.licenceNumber, w.period), kind: "OVERDRAW", licenceNumber: w.licenceNumber, months: [w.period] });
    if (w.status !== "UNDERUSE") return;
    for (let end = w.period, k = 0; k < UNDERUSE_RUN; k++, end = nextMonth(end)) {
      if (!endsUnderuseRun(end, (p) => statusOf(w.licenceNumber, p))) continue;
      const months: string[] = [];
      for (let p = end, j = 0; j < UNDERUSE_RUN; j++, p = previousMonth(p)) months.unshift(p);
      const carrier = Math.max(...months.map((p) => position.get(`${w.licenceNumber}/${p}`) ?? -1));
      // A transaction may write a licence's UNDERUSE marker once: should two overlapping runs fall to
      // the same reading (months posted out of order in one request), it opens the first run's case
      // only (docs/energy.md "Limits").
      if ((out.get(carrier) ?? []).some((c) => c.kind === "UNDERUSE")) continue;
      add(carrier, { caseId: underuseCaseId(w.licenceNumber, end), kind: "UNDERUSE", licenceNumber: w.licenceNumber, months });
    }
  });
  return out;
}

/** Items one transaction may hold (DynamoDB's limit); one of them is the batch's audit event. */
export const ITEMS_PER_TRANSACTION = 100;
/** A case in a reading's transaction: the case, its per-kind marker and its own event (the licensee's notice). */
export const ITEMS_PER_CASE = 3;
