import * as z from "zod";
import { EnergyCategory, Id, LIMITS, Page, Region, toKw, toMw } from "./common.ts";
import { CASE_KINDS } from "./supervision.ts";

// Metering and utilisation (docs/energy.md): a region's grid operator posts per licence and month the
// energy used and the peak; licensees and reviewers read a licence's months; anyone reads a round's
// usage. Browser-safe: the web app's types come from here.

export const ENERGY_STATUSES = ["OK", "OVERDRAW", "UNDERUSE", "MISSING"] as const;

/** Most readings one request may carry: validated whole, then stored in chunks (docs/energy.md). */
export const MAX_READINGS = 500;

/** A month's MWh may not exceed what the largest line could draw all month (100,000 MW x 744 h). */
const MAX_ENERGY_MWH = LIMITS.maxLineMw * 744;

const licenceNumber = z.string().regex(/^PCC-(BTC|AIDC|VASP)-\d{4}-\d{6}$/, "a licence number like PCC-BTC-2026-000017");
export const MonthPeriod = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month like 2026-01");

/** Non-negative, finite, at most 3 decimals (whole kW or kWh): stored and compared exactly. */
const figure = (max: number) =>
  z
    .number({ error: "must be a number" })
    .refine((v) => Number.isFinite(v), "must be a finite number")
    .refine((v) => v >= 0, "must not be negative")
    .refine((v) => !Number.isFinite(v) || toMw(toKw(v)) === v, "at most 3 decimals")
    .refine((v) => v <= max, `at most ${max}`);

export const MeterReading = z.strictObject({ licenceNumber, period: MonthPeriod, energyMwh: figure(MAX_ENERGY_MWH), peakMw: figure(LIMITS.maxLineMw) });
export type MeterReading = z.infer<typeof MeterReading>;

export const PostMeterReadings = z.strictObject({
  readings: z
    .array(MeterReading)
    .min(1, "at least one reading")
    .max(MAX_READINGS, `at most ${MAX_READINGS} readings a request`)
    .superRefine((readings, ctx) => {
      const seen = new Set<string>();
      readings.forEach((r, i) => {
        const key = `${r.licenceNumber}/${r.period}`;
        if (seen.has(key)) ctx.addIssue({ code: "custom", path: [i, "period"], message: "this licence and month are given twice in this request" });
        seen.add(key);
      });
    }),
});
export type PostMeterReadings = z.infer<typeof PostMeterReadings>;

export const UsageQuery = z.strictObject({ roundId: Id });
export const AuditMeterReadingsQuery = Page.extend({ licenceNumber: licenceNumber.optional(), period: MonthPeriod.optional() });

// --- Responses (for the OpenAPI document) ----------------------------------------------------------

export const ReadingsStored = z.strictObject({
  stored: z.number().int(),
  unchanged: z.number().int(),
  corrected: z.number().int(),
  casesOpened: z.array(z.strictObject({ caseId: z.string(), kind: z.enum(CASE_KINDS), licenceNumber: z.string() })),
});
export type ReadingsStored = z.output<typeof ReadingsStored>;

export const EnergyMonth = z.strictObject({
  period: z.string(),
  allowedMw: z.number(),
  peakMw: z.number().nullable(),
  energyMwh: z.number().nullable(),
  /** MWh / (approved MW x hours in the month); null while no reading exists. */
  loadFactor: z.number().nullable(),
  status: z.enum(ENERGY_STATUSES),
});
export const LicenceEnergy = z.strictObject({ items: z.array(EnergyMonth) });
export type LicenceEnergy = z.output<typeof LicenceEnergy>;

export const UsageRow = z.strictObject({
  region: Region,
  category: EnergyCategory,
  period: z.string(),
  offeredMw: z.number(),
  approvedMw: z.number(),
  meteredMwh: z.number(),
  /** Metered MWh over (approved MW x hours in the month); null while nothing is approved. */
  utilisation: z.number().nullable(),
});
export const EnergyUsage = z.strictObject({ items: z.array(UsageRow) });
export type EnergyUsage = z.output<typeof EnergyUsage>;

const PreviousValue = z.strictObject({ energyMwh: z.number(), peakMw: z.number(), recordedAt: z.string(), recordedBy: z.string(), replacedAt: z.string() });

/** One licence-month as auditors read it: the value in force and every value it replaced. */
export const AuditMeterReading = z.strictObject({
  licenceNumber: z.string(),
  period: z.string(),
  energyMwh: z.number(),
  peakMw: z.number(),
  approvedMw: z.number(),
  allowedMw: z.number(),
  roundId: z.string(),
  region: Region,
  category: EnergyCategory,
  recordedAt: z.string(),
  recordedBy: z.string(),
  version: z.number().int(),
  history: z.array(PreviousValue),
});
export const AuditMeterReadingPage = z.strictObject({ items: z.array(AuditMeterReading), nextCursor: z.string().nullable() });
