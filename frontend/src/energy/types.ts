import * as z from "zod";
import { MonthlyAvailability } from "../../../lambdas/schemas/allocations.ts";
import { ENERGY_STATUSES, EnergyMonth as EnergyMonthSchema, EnergyUsage, LicenceEnergy as LicenceEnergySchema, UsageRow } from "../../../lambdas/schemas/energy.ts";
import type { CurtailmentSummary, CurtailmentTarget, CurtailmentView, LicenceCurtailmentView } from "../../../lambdas/schemas/curtailment.ts";

// Energy operations as the web app sees them: every shape is the API's own response schema.

export type Curtailment = z.infer<typeof CurtailmentSummary>;
export type CurtailmentDetail = z.infer<typeof CurtailmentView>;
export type Target = z.infer<typeof CurtailmentTarget>;
export type LicenceCurtailment = z.infer<typeof LicenceCurtailmentView>;

export { ENERGY_STATUSES, MonthlyAvailability };
export type EnergyStatus = (typeof ENERGY_STATUSES)[number];
/** One month of a licence: GET /api/licences/{n}/energy. */
export type EnergyMonth = z.output<typeof EnergyMonthSchema>;
export type LicenceEnergy = z.output<typeof LicenceEnergySchema>;
/** One (region, category, month) of a round: GET /api/energy/usage?roundId=. */
export type UsageItem = z.output<typeof UsageRow>;
export type Usage = z.output<typeof EnergyUsage>;

export const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
export const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"] as const;

export const FULL_AVAILABILITY: readonly number[] = Array.from({ length: 12 }, () => 1);

/** A round line as the API answers it once `monthlyAvailability` is on every round view. */
export type WithAvailability<Line> = Line & { monthlyAvailability?: number[] };
