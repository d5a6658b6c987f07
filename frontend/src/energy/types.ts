import * as z from "zod";
import type { Category, Region } from "../../../lambdas/schemas/common.ts";
import type { CurtailmentSummary, CurtailmentTarget, CurtailmentView, LicenceCurtailmentView } from "../../../lambdas/schemas/curtailment.ts";

// Energy operations as the web app sees them. Curtailments are typed from the API's own response schemas.
// Metering, licence energy, usage and the monthly availability profile mirror docs/api.md's exact shapes
// ("Shapes", "Energy operations") until their zod schemas land in lambdas/schemas; then these go and the
// pages import the schemas instead.

export type Curtailment = z.infer<typeof CurtailmentSummary>;
export type CurtailmentDetail = z.infer<typeof CurtailmentView>;
export type Target = z.infer<typeof CurtailmentTarget>;
export type LicenceCurtailment = z.infer<typeof LicenceCurtailmentView>;

export const ENERGY_STATUSES = ["OK", "OVERDRAW", "UNDERUSE", "MISSING"] as const;
export type EnergyStatus = (typeof ENERGY_STATUSES)[number];

/** One month of a licence: GET /api/licences/{n}/energy. */
export interface EnergyMonth {
  period: string;
  allowedMw: number;
  peakMw: number | null;
  energyMwh: number | null;
  /** A fraction 0..1. */
  loadFactor: number | null;
  status: EnergyStatus;
}
export interface LicenceEnergy {
  items: EnergyMonth[];
}

/** One (region, category, month) of a round: GET /api/energy/usage?roundId=. */
export interface UsageItem {
  region: Region;
  category: Category;
  period: string;
  offeredMw: number;
  approvedMw: number;
  meteredMwh: number;
  /** Average utilisation, a fraction 0..1 like a load factor. */
  utilisation: number;
}
export interface Usage {
  items: UsageItem[];
}

export const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
export const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"] as const;

/** A round line's 12 availability factors, January first; the same rule the API states (0..1, default all 1). */
export const MonthlyAvailability = z
  .array(z.number({ error: "must be a number" }).min(0, "at least 0").max(1, "at most 1"))
  .length(12, "12 factors, January to December");
export type MonthlyAvailability = z.infer<typeof MonthlyAvailability>;
export const FULL_AVAILABILITY: readonly number[] = Array.from({ length: 12 }, () => 1);

/** A round line as the API answers it once `monthlyAvailability` is on every round view. */
export type WithAvailability<Line> = Line & { monthlyAvailability?: number[] };
