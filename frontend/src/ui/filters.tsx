import { useState, type ReactNode } from "react";
import { OptionList, type Option } from "./form.tsx";

// The filter bar above a list: labelled controls whose empty value means "any", applied as they change.

/** The filter values and, per key, the value/onValue pair a filter control takes. */
export function useFilters<K extends string>(initial: Record<K, string>) {
  const [values, setValues] = useState(initial);
  const bind = (key: K) => ({ value: values[key], onValue: (value: string) => setValues((current) => ({ ...current, [key]: value })) });
  return { values, bind };
}

/** Filters apply on change, so the form never submits. */
export function FilterBar({ label, children }: { label: string; children: ReactNode }) {
  return (
    <form className="filters" aria-label={label} onSubmit={(e) => e.preventDefault()}>
      {children}
    </form>
  );
}

type FilterProps = { id: string; label: string; value: string; onValue: (value: string) => void };

/** A labelled filter select whose empty choice means "any". */
export function FilterSelect({ id, label, value, options, onValue }: FilterProps & { options: readonly Option[] }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onValue(e.target.value)}>
        <OptionList empty="Any" options={options} />
      </select>
    </div>
  );
}

export function FilterDate({ id, label, value, onValue }: FilterProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="date" value={value} onChange={(e) => onValue(e.target.value)} />
    </div>
  );
}
