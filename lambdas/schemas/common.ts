import * as z from "zod";

// Building blocks shared by every schema. Browser-safe: no Node imports (the web app uses these too).

export const CATEGORIES = ["BITCOIN_MINING", "AI_DATA_CENTRE", "VIRTUAL_ASSET_SERVICE"] as const;
export const ENERGY_CATEGORIES = ["BITCOIN_MINING", "AI_DATA_CENTRE"] as const;
export const REGIONS = ["PESCO", "TESCO", "IESCO", "GEPCO", "LESCO", "FESCO", "MEPCO", "HESCO", "SEPCO", "QESCO", "HAZECO", "KE"] as const;

export type Category = (typeof CATEGORIES)[number];
export type EnergyCategory = (typeof ENERGY_CATEGORIES)[number];
export type Region = (typeof REGIONS)[number];

export const isEnergyCategory = (c: string): c is EnergyCategory => (ENERGY_CATEGORIES as readonly string[]).includes(c);

export const Category = z.enum(CATEGORIES);
export const EnergyCategory = z.enum(ENERGY_CATEGORIES);
export const Region = z.enum(REGIONS);

export const LIMITS = { name: 200, address: 500, message: 2000, maxMw: 5000, maxLineMw: 100_000 } as const;

export const name = (max: number = LIMITS.name) => z.string().trim().min(1, "required").max(max, `at most ${max} characters`);
export const message = () => name(LIMITS.message);
export const email = () => z.email("not a valid e-mail address").max(LIMITS.name);

/** MW: a number with at most 3 decimals (integer kW underneath). */
export const mw = (opts: { min?: "positive" | "nonzero"; max: number }) =>
  z
    .number({ error: "must be a number" })
    .refine((v) => Number.isFinite(v), "must be a finite number")
    .refine((v) => Math.abs(v * 1000 - Math.round(v * 1000)) < 1e-6, "at most 3 decimals")
    .refine((v) => (opts.min === "nonzero" ? v !== 0 : v > 0), opts.min === "nonzero" ? "must not be 0" : "must be greater than 0")
    .refine((v) => Math.abs(v) <= opts.max, `at most ${opts.max}`);

/** YYYY-MM-DD and a real calendar date. */
export const isoDate = () =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD")
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    }, "not a real date");

export const sha256 = () => z.string().regex(/^[0-9a-f]{64}$/, "64 lowercase hex characters");

export const Id = z.string().regex(/^[0-9A-Za-z_-]{1,64}$/, "not a valid id");

/** ?limit=&cursor= on every list. */
export const Page = z.strictObject({
  limit: z.coerce.number().int("a whole number").min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
});

/** Converts MW (3 decimals) to integer kW, the unit the ledger stores, and back. */
export const toKw = (mwValue: number): number => Math.round(mwValue * 1000);
export const toMw = (kw: number): number => kw / 1000;
