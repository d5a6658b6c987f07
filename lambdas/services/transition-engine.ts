import type { Actor } from "../domain/actor.ts";
import type { DomainError } from "../domain/errors.ts";
import { checkTransition, findRow, type Role, type WorkflowRow } from "../domain/transitions.ts";
import type { FirmRef } from "../domain/firm.ts";
import { assertNotOwnFirm } from "../store/firms.ts";
import { commit, type EventInput, type TxItem } from "../store/commit.ts";

// The one transition engine: read -> the workflow table's row -> roles and guards -> ONE commit of the
// record, whatever the row's effects add (a suspended licence, released MW, an opened case), and the
// event. Parameterised by the table and a repository, so returns, cases, extensions and exit reports
// (and any later machine) run through the same steps.

export interface Repository<E> {
  /** A consistent read inside the commit (it runs again on every retry). */
  read(): Promise<E | undefined>;
  /** The conditioned write of the record's next version. */
  save(next: E): TxItem;
}

export interface Effect<E, R> {
  next: E;
  /** Other items of the same transaction. */
  extra?: TxItem[];
  /** The event's data, besides from/to. */
  data?: Record<string, unknown>;
  result: R;
}

type AnyRow = WorkflowRow<string, string, string, string>;

/** One state machine's run: its table (any row type: a licence row also says whether it releases MW), its repository, its rules. */
export interface TransitionSpec<E, Row extends AnyRow, R> {
  actor: Actor;
  table: readonly Row[];
  repository: Repository<E>;
  /** The record's state; a record that does not exist yet may have a virtual one (e.g. DUE, NONE); undefined = not found. */
  stateOf(entity: E | undefined): Row["from"] | undefined;
  action: Row["action"] | ((entity: E | undefined) => Row["action"]);
  entityType: string;
  /** The record's id, or how to read it from the record (when the read decides which record it is). */
  entityId: string | ((entity: E) => string);
  /** The event's action is `<eventPrefix>.<action>`; default the entity type. */
  eventPrefix?: string;
  notFound(): Error;
  /** Who the actor is for the table: its groups, or "system" for a job. Default: the actor's groups. */
  roles?: readonly Role[];
  guard(guard: Row["guards"][number], entity: E | undefined, now: string): DomainError | undefined;
  /**
   * The firm that owns the record, for rows guarded "not-own-firm": the firm's own people (the holder and
   * every account that applied for the company) get a 403, the one rule of store/firms.ts.
   */
  firmOf?(entity: E | undefined): FirmRef | undefined | Promise<FirmRef | undefined>;
  /** Checked before the table: access (404 for another firm), preconditions like If-Match. */
  before?(entity: E | undefined, now: string): void;
  /**
   * Nothing to do after all (a job's index hint that no longer holds when the record is re-read): the
   * answer, and no write and no event. Undefined = go on.
   */
  skip?(entity: E | undefined, now: string): R | undefined;
  apply(entity: E | undefined, row: Row, now: string): Effect<E, R> | Promise<Effect<E, R>>;
}

/** One record's step inside a commit: its items and its event, or nothing to do (the answer only). */
export type TransitionStep<R> = { unchanged: true; result: R } | { unchanged?: false; items: TxItem[]; event: EventInput; result: R };

/**
 * The engine's step for one record, inside a commit the caller runs: read -> row -> roles and guards ->
 * effects -> the record's save, its extra items and its event. runTransition commits one step; a batch
 * (a grid operator's answers for many targets) commits several steps in one transaction.
 */
export async function transitionStep<E, Row extends AnyRow, R>(spec: TransitionSpec<E, Row, R>, now: string): Promise<TransitionStep<R>> {
  const roles = spec.roles ?? (spec.actor.sub === "system" && spec.actor.groups.length === 0 ? ["system" as const] : spec.actor.groups);
  const entity = await spec.repository.read();
  const state = spec.stateOf(entity);
  if (state === undefined) throw spec.notFound();
  spec.before?.(entity, now);
  const skipped = spec.skip?.(entity, now);
  if (skipped !== undefined) return { unchanged: true as const, result: skipped };
  const action = typeof spec.action === "function" ? spec.action(entity) : spec.action;
  // The firm's own people are refused (403) before anything else a reviewer's row is checked for.
  if (spec.firmOf && findRow(spec.table, state, action)?.guards.includes("not-own-firm")) {
    const firm = await spec.firmOf(entity);
    if (firm) await assertNotOwnFirm(spec.actor, firm);
  }
  const row = checkTransition(spec.table, state, action, roles, (g) => spec.guard(g, entity, now), spec.entityType);
  const effect = await spec.apply(entity, row, now);
  // The state the record is in now: the row's target, or what a run-time target resolved to.
  const to = spec.stateOf(effect.next) ?? row.next;
  return {
    items: [spec.repository.save(effect.next), ...(effect.extra ?? [])],
    event: { action: `${spec.eventPrefix ?? spec.entityType}.${action}`, entityType: spec.entityType, entityId: typeof spec.entityId === "function" ? spec.entityId(effect.next) : spec.entityId, data: { from: state, to, ...(effect.data ?? {}) } },
    result: effect.result,
  };
}

export async function runTransition<E, Row extends AnyRow, R>(spec: TransitionSpec<E, Row, R>): Promise<R> {
  // A record named up front has its last event read alongside the record itself.
  const entity = typeof spec.entityId === "string" ? { entityType: spec.entityType, entityId: spec.entityId } : undefined;
  const { result } = await commit(spec.actor, (now) => transitionStep(spec, now), { entity });
  return result;
}
