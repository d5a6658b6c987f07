import type { z } from "zod";
/** One field that is wrong, as problem+json `errors` items carry it. */
export interface FieldError {
  path: string;
  message: string;
}

/** zod issues -> problem `errors` with dotted field paths (`energy.requestedMw`, `beneficialOwners.0.name`). */
export function zodFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const base = issue.path.map(String).join(".");
    // Unknown keys are reported on the parent; name the key itself so the client sees which field.
    if (issue.code === "unrecognized_keys") {
      const keys = (issue as unknown as { keys: string[] }).keys;
      return { path: [base, keys[0]].filter(Boolean).join("."), message: `unknown field${keys.length > 1 ? "s" : ""}: ${keys.join(", ")}` };
    }
    return { path: base, message: issue.message };
  });
}
