import { GroupError, TextField } from "../ui/form.tsx";
import { checkAgainst, type Checked, type FormErrors } from "../ui/errors.ts";
import { toNumber } from "../ui/values.ts";
import { FULL_AVAILABILITY, MONTH_NAMES, MonthlyAvailability } from "./types.ts";

// The 12-month availability profile of a round line (January first, 0..1, default 1): twelve labelled
// inputs in one fieldset, each showing its own error under `<path>.<month index>` like the rest of a form.

export const defaultProfile = (profile: readonly number[] = FULL_AVAILABILITY): string[] => profile.map(String);

export function AvailabilityFields({ path, legend, values, onValues }: { path: string; legend: string; values: string[]; onValues: (values: string[]) => void }) {
  return (
    <fieldset className="availability">
      <legend>{legend}</legend>
      <p className="hint">The share of the line's MW on offer in each month, from 0 to 1 (1 = all of it).</p>
      <GroupError path={path} label={legend} />
      <div className="row months">
        {MONTH_NAMES.map((month, m) => (
          <TextField
            key={month}
            path={`${path}.${m}`}
            label={month}
            inputMode="decimal"
            className="short"
            value={values[m] ?? ""}
            onValue={(value) => onValues(values.map((v, j) => (j === m ? value : v)))}
          />
        ))}
      </div>
    </fieldset>
  );
}

/** The profile's strings as numbers (an empty input is missing, so "required"), checked against the rule. */
export function checkProfile(values: readonly string[], prefix: readonly (string | number)[]): Checked<number[]> {
  return checkAgainst(MonthlyAvailability, values.map((v) => toNumber(v)), prefix);
}

/**
 * The profile to send: none when every month is 1, the API's default, so a flat line's body is the one the
 * API has always taken; the 12 factors otherwise.
 */
export const profileToSend = (profile: readonly number[]): { monthlyAvailability?: number[] } =>
  profile.every((v) => v === 1) ? {} : { monthlyAvailability: [...profile] };

/**
 * Checks a body against the API's schema without `monthlyAvailability` (today's round schemas are strict and
 * do not know it yet) and each profile on its own, then reports both in one FormErrors.
 */
export function mergeChecks<T>(main: Checked<T>, profiles: readonly Checked<number[]>[]): Checked<T> {
  const failed = profiles.filter((p): p is { ok: false; errors: FormErrors } => !p.ok);
  if (main.ok && failed.length === 0) return main;
  const fields = Object.assign({}, main.ok ? {} : main.errors.fields, ...failed.map((p) => p.errors.fields)) as Record<string, string>;
  const base = main.ok ? failed[0].errors : main.errors;
  return { ok: false, errors: { ...base, fields } };
}
