import { randomUUID } from "node:crypto";
import type { Actor } from "../domain/actor.ts";
import {
  applicantView,
  applyPatch,
  applicationGuard,
  assertOwner,
  dueAtFrom,
  historyEntry,
  newDraft,
  resumeSla,
  type ApplicationRecord,
} from "../domain/application.ts";
import { NotFound, PreconditionFailed, PreconditionRequired } from "../domain/errors.ts";
import { APPLICATION_WORKFLOW, type ApplicationAction } from "../domain/workflow.ts";
import { runTransition } from "./transition-engine.ts";
import type { CreateApplication, PatchApplication } from "../schemas/application.ts";
import { commit, type TxItem } from "../store/commit.ts";
import { answerInfoRequestItem, getApplication, historyItems, listByOwner, saveApplication } from "../store/applications.ts";
import { recordMembership } from "../store/firms.ts";
import { firmKey } from "../domain/firm.ts";
import { env } from "../env.ts";
import { getLicence } from "../store/licences.ts";
import { licenceView } from "../domain/licence.ts";

// The applicant's use cases. Each is: read -> pure domain rule -> ONE commit (the record + its audit event).

export const newId = () => randomUUID().replace(/-/g, "");

export async function createApplication(input: CreateApplication, actor: Actor) {
  const id = newId();
  const { result } = await commit(actor, async (now) => {
    const record = newDraft(input, actor, id, now);
    return {
      items: [saveApplication(record), ...historyItems(id, record.version, record.history), ...membership(record, now)],
      event: { action: "application.created", entityType: "application", entityId: id, data: { category: record.category, status: record.status }, newEntity: true },
      result: record,
    };
  });
  return applicantView(result);
}

export async function listOwnApplications(actor: Actor, limit: number, cursor?: string) {
  const page = await listByOwner(actor.sub, limit, cursor);
  return { items: page.items.map(applicantView), nextCursor: page.nextCursor };
}

export async function getOwnApplication(id: string, actor: Actor): Promise<ApplicationRecord> {
  return assertOwner(await getApplication(id), actor);
}

/** GET /api/applications/{id}: the applicant's view, with the licence once one is issued. */
export async function viewOwnApplication(id: string, actor: Actor) {
  const record = await getOwnApplication(id, actor);
  const licence = record.licenceNumber ? await getLicence(record.licenceNumber) : undefined;
  return { ...applicantView(record), ...(licence ? { licence: licenceView(licence) } : {}) };
}

export async function updateApplication(id: string, patch: PatchApplication, ifMatch: number | undefined, actor: Actor) {
  if (ifMatch === undefined) throw new PreconditionRequired("PATCH needs If-Match with the ETag from GET.");
  const stale = () => new PreconditionFailed("The application changed since you read it; GET it again and reapply your change.");
  if (Number.isNaN(ifMatch)) throw stale();
  const { result } = await commit(actor, async (now) => {
    const current = assertOwner(await getApplication(id, true), actor);
    if (current.version !== ifMatch) throw stale();
    const next = applyPatch(current, patch, now);
    return {
      items: [saveApplication(next, stale()), ...membership(next, now)],
      event: { action: "application.updated", entityType: "application", entityId: id, data: { sections: Object.keys(patch).sort(), version: next.version } },
      result: next,
    };
  });
  return applicantView(result);
}

/** The applicant's account counts among the company's own people once it applies with its registration number. */
function membership(record: ApplicationRecord, now: string): TxItem[] {
  const firm = firmKey(record.organisation?.registrationNumber);
  return firm ? [recordMembership(firm, record.ownerSub, now)] : [];
}

/** The company an application is for, as the firm guard and the per-firm MW rules see it. */
export const firmOfApplication = (record: ApplicationRecord) => ({ holderSub: record.ownerSub, firm: firmKey(record.organisation?.registrationNumber) });

/** What an action changes: the new record, the event's summary, and any other items of the same transaction (MW, licence). */
export interface Mutation {
  record: ApplicationRecord;
  data?: Record<string, unknown>;
  extra?: TxItem[];
}

/**
 * A workflow action on one application, through the one transition engine: re-read inside every attempt
 * (so a concurrent change is seen), APPLICATION_WORKFLOW's row, roles and guards (the firm's own people
 * refused first), `mutate`, one write conditioned on the version read, with its history item and event.
 */
export async function act(
  id: string,
  actor: Actor,
  /** The action, or how to choose it from the record as read inside the commit (a decision depends on the state). */
  actionOf: ApplicationAction | ((record: ApplicationRecord) => ApplicationAction),
  mutate: (record: ApplicationRecord, now: string, to: ApplicationRecord["status"], action: ApplicationAction) => Mutation | Promise<Mutation>,
  options: { reason?: string; visibleTo?: "owner" | "staff" } = {},
): Promise<ApplicationRecord> {
  return runTransition({
    actor,
    table: APPLICATION_WORKFLOW,
    repository: { read: () => getApplication(id, true), save: saveApplication },
    entityType: "application",
    entityId: id,
    notFound: () => new NotFound("No such application."),
    // A draft never submitted does not exist for reviewers; an applicant sees only its own.
    stateOf: (record) => (!record || (options.visibleTo !== "owner" && record.status === "DRAFT") ? undefined : record.status),
    before: (record) => {
      if (options.visibleTo === "owner") assertOwner(record, actor);
    },
    action: (record) => (typeof actionOf === "function" ? actionOf(record!) : actionOf),
    firmOf: (record) => firmOfApplication(record!),
    guard: (guard, record) => applicationGuard(guard, record!, actor),
    apply: async (record, row, now) => {
      const current = record!;
      const to = row.next === "four-eyes" ? current.status : row.next;
      const changed = await mutate(current, now, to, row.action);
      const entry = historyEntry(actor, now, row.action, current.status, changed.record.status, options.reason);
      const next: ApplicationRecord = { ...changed.record, version: current.version + 1, updatedAt: now, history: [...current.history, entry] };
      return { next, extra: [...historyItems(id, next.version, [entry]), ...(changed.extra ?? [])], data: changed.data, result: next };
    },
  });
}

export async function submitApplication(id: string, actor: Actor) {
  const record = await act(id, actor, "submit", (r, now, to) => ({ record: { ...r, status: to, submittedAt: now, dueAt: dueAtFrom(now, env().slaDays) } }), { visibleTo: "owner" });
  return applicantView(record);
}

export async function respondToInfoRequest(id: string, message: string, actor: Actor) {
  const record = await act(
    id,
    actor,
    "respond",
    (r, now, to) => {
      const infoRequests = r.infoRequests.map((q) => (q.respondedAt ? q : { ...q, response: message, respondedAt: now }));
      const answered = r.infoRequests.filter((q) => !q.respondedAt).map((q) => answerInfoRequestItem(id, q, message, now));
      const dueAt = r.dueAt && r.slaPausedAt ? resumeSla(r.dueAt, r.slaPausedAt, now) : r.dueAt;
      return { record: { ...r, status: to, infoRequests, dueAt, slaPausedAt: undefined }, data: { dueAt }, extra: answered };
    },
    { visibleTo: "owner" },
  );
  return applicantView(record);
}

export async function withdrawApplication(id: string, actor: Actor, reason?: string) {
  const record = await act(id, actor, "withdraw", (r, now, to) => ({ record: { ...r, status: to, decidedAt: now, slaPausedAt: undefined } }), {
    visibleTo: "owner",
    reason,
  });
  return applicantView(record);
}
