// Form inputs hold strings; the API takes numbers and leaves out what is empty.

export function toNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  return Number(trimmed.replace(/,/g, ""));
}

export function toText(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

export const fromNumber = (value: number | undefined | null) => (value === undefined || value === null ? "" : String(value));

/** Drops keys whose value is undefined, so a draft stays a draft and not a list of blanks. */
export function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
