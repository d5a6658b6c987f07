import {
  createContext,
  useContext,
  useEffect,
  useLayoutEffect,
  useRef,
  type ChangeEvent,
  type HTMLAttributes,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";
import { hasErrors, NO_ERRORS, type FormErrors } from "./errors.ts";

// Form fields that show their own error (by dotted path) and an error summary that links to them.
// Errors whose path names no field on the page stay in the summary, which is the page-level alert.

interface FormContextValue {
  errors: FormErrors;
  idPrefix: string;
  registry: Map<string, string>;
}

const FormContext = createContext<FormContextValue>({ errors: NO_ERRORS, idPrefix: "f", registry: new Map() });

export const fieldId = (idPrefix: string, path: string) => `${idPrefix}-${path.replace(/[^A-Za-z0-9_-]/g, "-")}`;

export function FormErrorsProvider({ errors, idPrefix, children }: { errors: FormErrors; idPrefix: string; children: ReactNode }) {
  const registry = useRef(new Map<string, string>()).current;
  return <FormContext.Provider value={{ errors, idPrefix, registry }}>{children}</FormContext.Provider>;
}

/** Registers a field path so the summary can link to it, and answers its id, error and ARIA wiring. */
export function useField(path: string, label: string, hint?: ReactNode) {
  const { errors, idPrefix, registry } = useContext(FormContext);
  const id = fieldId(idPrefix, path);
  useLayoutEffect(() => {
    registry.set(path, label);
    return () => {
      registry.delete(path);
    };
  }, [registry, path, label]);
  const error = errors.fields[path];
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return { id, error, describedBy, invalid: error ? true : undefined };
}

type Field = ReturnType<typeof useField>;

const fieldClass = (field: Field, kind = "field") => `${kind}${field.error ? " has-error" : ""}`;

/** The id, name and ARIA wiring that ties a control to its label, hint and error. */
const controlWiring = (field: Field, path: string) => ({
  id: field.id,
  name: path,
  "aria-invalid": field.invalid,
  "aria-describedby": field.describedBy,
});

function ErrorText({ error, ...attributes }: { error: string } & HTMLAttributes<HTMLParagraphElement>) {
  return (
    <p className="field-error" {...attributes}>
      <span className="visually-hidden">Error: </span>
      {error}
    </p>
  );
}

function FieldMessages({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? <ErrorText id={`${id}-error`} error={error} /> : null}
    </>
  );
}

type BaseProps = { path: string; label: string; hint?: ReactNode; optional?: boolean };

/** Label, hint and error above the control, for the fields whose control comes last. */
function FieldShell({ field, label, hint, optional, children }: Omit<BaseProps, "path"> & { field: Field; children: ReactNode }) {
  return (
    <div className={fieldClass(field)}>
      <label htmlFor={field.id}>
        {label}
        {optional ? <span className="optional"> (optional)</span> : null}
      </label>
      <FieldMessages id={field.id} hint={hint} error={field.error} />
      {children}
    </div>
  );
}

/** What a text, text-area or select field takes: its own props, then any of its control's attributes. */
type ValueFieldProps<Attributes> = BaseProps & Omit<Attributes, "value" | "id"> & { value: string; onValue: (value: string) => void };

/** Splits a value field's props into its shell's, its wired control's, and the control attributes passed through. */
function useValueField<Attributes>({ path, label, hint, optional, value, onValue, ...rest }: ValueFieldProps<Attributes>) {
  const field = useField(path, label, hint);
  const control = {
    ...controlWiring(field, path),
    value,
    required: !optional,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => onValue(e.target.value),
  };
  return { shell: { field, label, hint, optional }, control, rest };
}

export function TextField(props: ValueFieldProps<InputHTMLAttributes<HTMLInputElement>>) {
  const { shell, control, rest } = useValueField(props);
  return (
    <FieldShell {...shell}>
      <input {...control} {...rest} />
    </FieldShell>
  );
}

export function TextArea(props: ValueFieldProps<TextareaHTMLAttributes<HTMLTextAreaElement>>) {
  const { shell, control, rest } = useValueField(props);
  return (
    <FieldShell {...shell}>
      <textarea {...control} rows={4} {...rest} />
    </FieldShell>
  );
}

export interface Option {
  value: string;
  label: string;
}

/** A select's choices, led by the empty choice that names what choosing nothing means. */
export function OptionList({ empty, options }: { empty: string; options: readonly Option[] }) {
  return (
    <>
      <option value="">{empty}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </>
  );
}

export function SelectField({
  options,
  placeholder = "Choose…",
  ...props
}: ValueFieldProps<SelectHTMLAttributes<HTMLSelectElement>> & { options: readonly Option[]; placeholder?: string }) {
  const { shell, control, rest } = useValueField(props);
  return (
    <FieldShell {...shell}>
      <select {...control} {...rest}>
        <OptionList empty={placeholder} options={options} />
      </select>
    </FieldShell>
  );
}

export function CheckboxField({ path, label, hint, checked, onChecked }: BaseProps & { checked: boolean; onChecked: (checked: boolean) => void }) {
  const field = useField(path, label, hint);
  return (
    <div className={fieldClass(field, "field checkbox")}>
      <input type="checkbox" {...controlWiring(field, path)} checked={checked} onChange={(e) => onChecked(e.target.checked)} />
      <label htmlFor={field.id}>{label}</label>
      <FieldMessages id={field.id} hint={hint} error={field.error} />
    </div>
  );
}

/** A group of checkboxes for an array of enum values; the error belongs to the whole group. */
export function CheckboxGroup({
  path,
  label,
  hint,
  options,
  values,
  onValues,
}: BaseProps & { options: readonly Option[]; values: readonly string[]; onValues: (values: string[]) => void }) {
  const field = useField(path, label, hint);
  return (
    <fieldset className={fieldClass(field)} aria-describedby={field.describedBy} id={field.id} tabIndex={-1}>
      <legend>{label}</legend>
      <FieldMessages id={field.id} hint={hint} error={field.error} />
      {options.map((o) => (
        <div className="checkbox" key={o.value}>
          <input
            type="checkbox"
            id={`${field.id}-${o.value}`}
            checked={values.includes(o.value)}
            onChange={(e) => onValues(e.target.checked ? [...values, o.value] : values.filter((v) => v !== o.value))}
          />
          <label htmlFor={`${field.id}-${o.value}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** The message for a path that names a group (an array, a section) rather than an input. */
export function GroupError({ path, label }: { path: string; label: string }) {
  const field = useField(path, label);
  return field.error ? <ErrorText id={field.id} tabIndex={-1} error={field.error} /> : null;
}

/** The page-level alert: focused when it appears, links to every field it can name. */
export function ErrorSummary() {
  const { errors, idPrefix, registry } = useContext(FormContext);
  const ref = useRef<HTMLDivElement>(null);
  const visible = hasErrors(errors);
  useEffect(() => {
    if (visible) ref.current?.focus();
  }, [errors, visible]);
  if (!visible) return null;
  const entries = Object.entries(errors.fields);
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby={`${idPrefix}-summary-title`}>
      <h2 id={`${idPrefix}-summary-title`}>{errors.title ?? "There is a problem"}</h2>
      {errors.page.length + entries.length === 0 ? null : (
      <ul>
        {errors.page.map((message, i) => (
          <li key={`p${i}`}>{message}</li>
        ))}
        {entries.map(([path, message]) => {
          const fieldLabel = registry.get(path);
          return (
            <li key={path}>
              {fieldLabel ? (
                <a
                  href={`#${fieldId(idPrefix, path)}`}
                  onClick={(e) => {
                    e.preventDefault();
                    document.getElementById(fieldId(idPrefix, path))?.focus();
                  }}
                >
                  {fieldLabel}: {message}
                </a>
              ) : (
                <>
                  <code>{path}</code>: {message}
                </>
              )}
            </li>
          );
        })}
      </ul>
      )}
    </div>
  );
}
