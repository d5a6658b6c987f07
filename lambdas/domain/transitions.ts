import type { Group } from "../route-def.ts";
import { Forbidden, InvalidTransition, type DomainError } from "./errors.ts";

// ONE shape for every state machine (after eGov DIGIT's workflow service): a table of rows
// `(state, action) -> { next, roles, guards }`. The transition engine (services/transition-engine.ts)
// reads the record, finds its row here, checks the caller's roles and the row's guards, and commits
// the change with its event. Adding an action is adding a row; the docs and the web app read the rows.

/** "system" is a scheduled job; "grid" a region's grid operator (a machine client with a meter scope). */
export type Role = Group | "system" | "grid";

export interface WorkflowRow<S extends string, A extends string, G extends string = string, N extends string = S> {
  from: S;
  action: A;
  /** Where it goes; a workflow may name a target resolved when the change is made (e.g. "four-eyes"). */
  next: N;
  roles: readonly Role[];
  /** Named checks on the record and the request; each workflow evaluates its own names. */
  guards: readonly G[];
  label: string;
}

export type Workflow<S extends string, A extends string, G extends string = string, N extends string = S> = readonly WorkflowRow<S, A, G, N>[];

export function findRow<Row extends WorkflowRow<string, string, string, string>>(table: readonly Row[], state: Row["from"], action: Row["action"]): Row | undefined {
  return table.find((r) => r.from === state && r.action === action);
}

/** The actions a role may take from a state: what the UI offers. */
export function actionsOf<S extends string, A extends string, G extends string, N extends string>(table: Workflow<S, A, G, N>, state: S, role: Role): A[] {
  return table.filter((r) => r.from === state && r.roles.includes(role)).map((r) => r.action);
}

/**
 * Checks one transition: a row for (state, action) (409 otherwise), one of its roles (403), and every
 * guard (`check` answers the guard's refusal, or undefined when it passes).
 */
export function checkTransition<Row extends WorkflowRow<string, string, string, string>>(
  table: readonly Row[],
  state: Row["from"],
  action: Row["action"],
  roles: readonly Role[],
  check: (guard: Row["guards"][number]) => DomainError | undefined,
  what = "the record",
): Row {
  const row = findRow(table, state, action);
  if (!row) throw new InvalidTransition(`"${action}" is not possible while ${what} is ${state}.`);
  if (!roles.some((r) => row.roles.includes(r))) throw new Forbidden(`"${action}" needs one of: ${row.roles.join(", ")}.`);
  for (const guard of row.guards) {
    const refusal = check(guard);
    if (refusal) throw refusal;
  }
  return row;
}
