import * as z from "zod";

// Building blocks shared by every schema. Browser-safe: no Node imports (the web app uses these too).

export const CATEGORIES = ["BITCOIN_MINING", "AI_DATA_CENTRE", "VIRTUAL_ASSET_SERVICE"] as const;
export const ENERGY_CATEGORIES = ["BITCOIN_MINING", "AI_DATA_CENTRE"] as const;
export const REGIONS = ["PESCO", "TESCO", "IESCO", "GEPCO", "LESCO", "FESCO", "MEPCO", "HESCO", "SEPCO", "QESCO", "HAZECO", "KE"] as const;

export const LICENCE_STATUSES = ["ACTIVE", "SUSPENDED", "REVOKED", "EXPIRED", "SURRENDERED", "GRADUATED", "EXITED"] as const;
export type LicenceStatus = (typeof LICENCE_STATUSES)[number];

export type Category = (typeof CATEGORIES)[number];
export type EnergyCategory = (typeof ENERGY_CATEGORIES)[number];
export type Region = (typeof REGIONS)[number];

export const isEnergyCategory = (c: string): c is EnergyCategory => (ENERGY_CATEGORIES as readonly string[]).includes(c);

export const Category = z.enum(CATEGORIES);
export const EnergyCategory = z.enum(ENERGY_CATEGORIES);
export const Region = z.enum(REGIONS);

export const LIMITS = { name: 200, address: 500, message: 2000, maxMw: 5000, maxLineMw: 100_000 } as const;

// Text rules (docs/api.md Conventions). Every text field is well-formed Unicode: an unpaired surrogate cannot
// be stored as UTF-8 (DynamoDB refuses it, hashes of it differ by encoder), so it is a 400 here, in the
// one schema every text field is built from. Names and identifiers also refuse characters that make
// one string look like another or hide in a register row: C0/C1 controls, bidi embeddings, overrides
// and isolates, and zero-width characters.
/** A UTF-16 code unit of a surrogate half that has no partner (in /u mode a pair is one code point). */
export const UNPAIRED_SURROGATE = /[\uD800-\uDFFF]/u;
/** C0 and C1 controls, DEL, bidi embeddings/overrides (U+202A-202E) and isolates (U+2066-2069), zero-width U+200B-200D, U+2060, U+FEFF. */
export const INVISIBLE_OR_CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200d\u2060\u202a-\u202e\u2066-\u2069\ufeff]/u;
/** The same, but line breaks and tabs are allowed (multi-line addresses). */
const INVISIBLE_OR_CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200d\u2060\u202a-\u202e\u2066-\u2069\ufeff]/u;

export const isWellFormedText = (s: string): boolean => !UNPAIRED_SURROGATE.test(s);

/** Free text (messages, reasons, conditions): trimmed, 1..max characters, well-formed Unicode. */
export const text = (max: number = LIMITS.message) =>
  z
    .string()
    .trim()
    .min(1, "required")
    .max(max, `at most ${max} characters`)
    .refine(isWellFormedText, "not well-formed Unicode (an unpaired surrogate)");

/** Names and identifiers: text without control, bidi or zero-width characters. */
export const name = (max: number = LIMITS.name) =>
  text(max).refine((s) => !INVISIBLE_OR_CONTROL.test(s), "no control, bidi-override or zero-width characters");

/** A postal address: like a name, but it may span lines. */
export const address = (max: number = LIMITS.address) =>
  text(max).refine((s) => !INVISIBLE_OR_CONTROL_BUT_LINES.test(s), "no control, bidi-override or zero-width characters");

export const message = () => text(LIMITS.message);
export const email = () => z.email("not a valid e-mail address").max(LIMITS.name);

/**
 * MW: whole kW, i.e. a number that is exactly some integer kW / 1000 (at most 3 decimals), at least
 * 0.001 in size. Exact equality is right: the JSON text "1.005" parses to the double nearest 1.005,
 * and 1005 / 1000 is that same double. A value like 1e-10 is not a kW and is refused, so nothing
 * can be stored, published or amended that the integer-kW ledger would round to another amount.
 */
export const mw = (opts: { min?: "positive" | "nonzero"; max: number }) =>
  z
    .number({ error: "must be a number" })
    .refine((v) => Number.isFinite(v), "must be a finite number")
    .refine((v) => !Number.isFinite(v) || toMw(toKw(v)) === v, "whole kW: at most 3 decimals")
    .refine(
      (v) => (opts.min === "nonzero" ? toKw(v) !== 0 : toKw(v) >= 1),
      opts.min === "nonzero" ? "must not be 0 (at least 0.001 either way)" : "at least 0.001 (1 kW)",
    )
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

/** A list's answer: `{ items, nextCursor }` (null on the last page). */
export const page = <T extends z.ZodType>(item: T) => z.strictObject({ items: z.array(item), nextCursor: z.string().nullable() });
export type Page<T> = { items: T[]; nextCursor: string | null };

/** ?limit=&cursor= on every list. */
export const Page = z.strictObject({
  limit: z.coerce.number().int("a whole number").min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
});

/** A text answer (CSV, Atom, a signed note): its media type is the OpenAPI generator's TEXT_ROUTES. */
export const TextAnswer = z.string();

/** Converts MW (3 decimals) to integer kW, the unit the ledger stores, and back. */
export const toKw = (mwValue: number): number => Math.round(mwValue * 1000);
export const toMw = (kw: number): number => kw / 1000;
