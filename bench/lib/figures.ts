// One measured figure: `ratio` is value / floor, where the floor is measured in the same run on the
// same machine, so that a slow or noisy machine moves both and the ratio still compares.

export interface Figure {
  name: string;
  value: number;
  unit: string;
  floor?: number;
  ratio?: number;
  /** Human-readable rule, e.g. "<= 250 KB" or "ratio <= 2 and <= +100 ms". */
  budget: string;
  ok: boolean;
  /** How to read this figure when the name does not say it (e.g. "computed" capacity). */
  note?: string;
}

const round = (n: number, digits: number) => Number(n.toFixed(digits));

function withFloor(value: number, floor: number | undefined): { floor?: number; ratio?: number } {
  if (floor === undefined) return {};
  return { floor: round(floor, 3), ratio: floor > 0 ? round(value / floor, 3) : undefined };
}

/** value <= max. */
export function atMost(name: string, value: number, unit: string, max: number, opts: { floor?: number; note?: string; budget?: string } = {}): Figure {
  return { name, value: round(value, 3), unit, ...withFloor(value, opts.floor), budget: opts.budget ?? `<= ${max} ${unit}`, ok: value <= max, ...(opts.note ? { note: opts.note } : {}) };
}

/** value / floor <= maxRatio, and (when given) value - floor <= maxOver. */
export function ratioAtMost(
  name: string,
  value: number,
  unit: string,
  floor: number,
  maxRatio: number,
  opts: { maxOver?: number; note?: string } = {},
): Figure {
  const ratio = value / floor;
  const over = value - floor;
  const ok = ratio <= maxRatio && (opts.maxOver === undefined || over <= opts.maxOver);
  const budget = `ratio <= ${maxRatio}${opts.maxOver !== undefined ? ` and <= +${opts.maxOver} ${unit}` : ""}`;
  return { name, value: round(value, 3), unit, ...withFloor(value, floor), budget, ok, ...(opts.note ? { note: opts.note } : {}) };
}

/** value >= min: a rate or ratio with a floor under it. */
export function atLeast(name: string, value: number, unit: string, min: number, opts: { floor?: number; note?: string; budget?: string } = {}): Figure {
  return { name, value: round(value, 3), unit, ...withFloor(value, opts.floor), budget: opts.budget ?? `>= ${min} ${unit}`, ok: value >= min, ...(opts.note ? { note: opts.note } : {}) };
}

/** value / floor >= minRatio. */
export function ratioAtLeast(name: string, value: number, unit: string, floor: number, minRatio: number, opts: { note?: string } = {}): Figure {
  return { name, value: round(value, 3), unit, ...withFloor(value, floor), budget: `ratio >= ${minRatio}`, ok: value / floor >= minRatio, ...(opts.note ? { note: opts.note } : {}) };
}

/** A figure with no budget of its own in the issue: reported, never fails the run. */
export function reportOnly(name: string, value: number, unit: string, opts: { floor?: number; note?: string } = {}): Figure {
  return { name, value: round(value, 3), unit, ...withFloor(value, opts.floor), budget: "report only", ok: true, ...(opts.note ? { note: opts.note } : {}) };
}

/** A yes/no check (1 = holds). */
export function holds(name: string, ok: boolean, budget: string, note?: string): Figure {
  return { name, value: ok ? 1 : 0, unit: "bool", budget, ok, ...(note ? { note } : {}) };
}

function cell(n: number | undefined): string {
  if (n === undefined) return "";
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString("en-US");
  return String(round(n, Math.abs(n) >= 10 ? 1 : 3));
}

export function markdownTable(figures: readonly Figure[]): string {
  const rows = [
    "| figure | value | unit | floor | ratio | budget | ok |",
    "| --- | ---: | --- | ---: | ---: | --- | :---: |",
    ...figures.map((f) =>
      `| ${f.name}${f.note ? ` (${f.note})` : ""} | ${f.unit === "bool" ? (f.value ? "yes" : "no") : cell(f.value)} | ${f.unit === "bool" ? "" : f.unit} | ${cell(f.floor)} | ${f.ratio !== undefined ? `${cell(f.ratio)}x` : ""} | ${f.budget} | ${f.ok ? "yes" : "**NO**"} |`,
    ),
  ];
  return rows.join("\n");
}
