import type { z } from "zod";
import { ApiError } from "../api/client.ts";

// One shape for everything a form has to say: messages per field path (`energy.requestedMw`,
// `beneficialOwners.0.name`) and messages that belong to no field.

export interface FormErrors {
  title?: string;
  fields: Record<string, string>;
  page: string[];
}

export const NO_ERRORS: FormErrors = { fields: {}, page: [] };

export const hasErrors = (errors: FormErrors) => errors.title !== undefined || errors.page.length > 0 || Object.keys(errors.fields).length > 0;

interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * Zod's wording for a missing value is about types (or, for e-mail, "not a valid e-mail address");
 * people need to hear that something is required.
 */
function friendly(issue: IssueLike, input: unknown): string {
  if (issue.code === "invalid_type" && (/received undefined/.test(issue.message) || (input !== NOT_GIVEN && valueAt(input, issue.path) === undefined))) return "required";
  if (issue.code === "invalid_value" && /expected one of/i.test(issue.message)) return "choose one of the options";
  return issue.message;
}

const NOT_GIVEN = Symbol("not given");

/**
 * zod issues -> FormErrors, with paths relative to `prefix` when the schema checked a sub-object.
 * `input` is what was checked, so a missing value can be told from a wrong one.
 */
export function fromIssues(issues: readonly IssueLike[], prefix: readonly (string | number)[] = [], input: unknown = NOT_GIVEN): FormErrors {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.map(String)].join(".");
    if (!(path in fields)) fields[path] = friendly(issue, input);
  }
  return { title: "Please correct the highlighted fields", fields, page: [] };
}

/** What a form's check in the browser found: the value to send, or what to show instead. */
export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

/** Checks a value against the same zod schema the API uses; `prefix` places the errors of a sub-object. */
export function checkAgainst<T>(schema: z.ZodType<T>, value: unknown, prefix: readonly (string | number)[] = []): Checked<T> {
  const result = schema.safeParse(value);
  return result.success ? { ok: true, value: result.data } : { ok: false, errors: fromIssues(result.error.issues, prefix, value) };
}

/** API problem (or network failure) -> FormErrors; field errors keep the server's paths. */
export function fromError(error: unknown): FormErrors {
  if (error instanceof ApiError) {
    const fields: Record<string, string> = {};
    const page: string[] = [];
    for (const e of error.problem.errors ?? []) {
      if (e.path && !(e.path in fields)) fields[e.path] = e.message;
      else if (!e.path) page.push(e.message);
    }
    const detail = error.problem.detail && error.problem.detail !== error.problem.title ? error.problem.detail : undefined;
    if (detail) page.unshift(detail);
    if (error.status === 412) page.push("It was changed elsewhere (perhaps in another tab); the latest version is loaded, so check your entries and save again.");
    return { title: error.problem.title ?? `The server answered ${error.status}`, fields, page };
  }
  return { title: "Something went wrong", fields: {}, page: [error instanceof Error ? error.message : String(error)] };
}

export function describeError(error: unknown): string {
  if (error instanceof ApiError) return [error.problem.title, error.problem.detail].filter(Boolean).join(": ");
  return error instanceof Error ? error.message : String(error);
}
