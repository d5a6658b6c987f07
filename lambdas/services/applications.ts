import { randomUUID } from "node:crypto";
import type { Actor } from "../domain/actor.ts";
import {
  applicantView,
  applyPatch,
  assertOwner,
  checkTransition,
  dueAtFrom,
  historyEntry,
  newDraft,
  resumeSla,
  type ApplicationRecord,
} from "../domain/application.ts";
import { NotFound, PreconditionFailed, PreconditionRequired } from "../domain/errors.ts";
import { findTransition, type ApplicationAction } from "../domain/workflow.ts";
import type { CreateApplication, PatchApplication } from "../schemas/application.ts";
import { commit, type TxItem } from "../store/commit.ts";
import { answerInfoRequestItem, getApplication, historyItems, listByOwner, saveApplication } from "../store/applications.ts";
import { assertNotOwnFirm, recordMembership } from "../store/firms.ts";
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
      event: { action: "application.created", entityType: "application", entityId: id, data: { category: record.category, status: record.status } },
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
 * A workflow action on one application: re-read inside every attempt (so a concurrent change is seen),
 * check the workflow table and guards, apply `mutate`, write conditioned on the version read.
 */
export async function act(
  id: string,
  actor: Actor,
  /** The action, or how to choose it from the record as read inside the commit (a decision depends on the state). */
  actionOf: ApplicationAction | ((record: ApplicationRecord) => ApplicationAction),
  mutate: (record: ApplicationRecord, now: string, to: ApplicationRecord["status"], action: ApplicationAction) => Mutation | Promise<Mutation>,
  options: { reason?: string; visibleTo?: "owner" | "staff" } = {},
): Promise<ApplicationRecord> {
  const { result } = await commit(actor, async (now) => {
    const current = await getApplication(id, true);
    const record = options.visibleTo === "owner" ? assertOwner(current, actor) : current;
    // A draft never submitted does not exist for reviewers.
    if (!record || (options.visibleTo !== "owner" && record.status === "DRAFT")) throw new NotFound("No such application.");
    const action = typeof actionOf === "function" ? actionOf(record) : actionOf;
    // The firm's own people are refused (403) before anything else a reviewer's action is checked for.
    if (findTransition(record.status, action)?.guards.includes("not-submitter")) await assertNotOwnFirm(actor, firmOfApplication(record));
    const row = checkTransition(record, action, actor);
    const to = row.to === "four-eyes" ? record.status : row.to;
    const changed = await mutate(record, now, to, action);
    const entry = historyEntry(actor, now, action, record.status, changed.record.status, options.reason);
    const next: ApplicationRecord = { ...changed.record, version: record.version + 1, updatedAt: now, history: [...record.history, entry] };
    return {
      items: [saveApplication(next), ...historyItems(id, next.version, [entry]), ...(changed.extra ?? [])],
      event: {
        action: `application.${action}`,
        entityType: "application",
        entityId: id,
        data: { from: record.status, to: next.status, ...(changed.data ?? {}) },
      },
      result: next,
    };
  });
  return result;
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
