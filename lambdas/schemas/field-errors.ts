import type { z } from "zod";
/** One field that is wrong, as problem+json `errors` items carry it. */
export interface FieldError {
  path: string;
  message: string;
}

/** zod issues -> problem `errors` with dotted field paths (`energy.requestedMw`, `beneficialOwners.0.name`). */
type Issue = z.ZodError["issues"][number];

/**
 * A union that matched no branch reports one issue on the union itself; the field at fault is inside
 * the branch that came closest (fewest issues, a branch refusing the keys themselves counting as far):
 * its issues are reported instead, at their full paths, so the client sees which field.
 */
function flattenUnion(issue: Issue): Issue[] {
  const branches = (issue as { errors?: Issue[][] }).errors;
  if (issue.code !== "invalid_union" || !branches?.length) return [issue];
  const score = (b: Issue[]) => b.length + 10 * b.filter((i) => i.code === "unrecognized_keys" || (i.code === "invalid_type" && i.path.length === 0)).length;
  const closest = [...branches].sort((a, b) => score(a) - score(b))[0];
  if (!closest.length) return [issue];
  return closest.flatMap((i) => flattenUnion({ ...i, path: [...issue.path, ...i.path] } as Issue));
}

export function zodFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap(flattenUnion).map((issue) => {
    const base = issue.path.map(String).join(".");
    // Unknown keys are reported on the parent; name the key itself so the client sees which field.
    if (issue.code === "unrecognized_keys") {
      const keys = (issue as unknown as { keys: string[] }).keys;
      return { path: [base, keys[0]].filter(Boolean).join("."), message: `unknown field${keys.length > 1 ? "s" : ""}: ${keys.join(", ")}` };
    }
    return { path: base, message: issue.message };
  });
}
