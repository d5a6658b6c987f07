import { tableName } from "./clients.ts";
import { keys, pad, stripKeys } from "./keys.ts";
import { queryPage, type Page, queryPartition } from "./query.ts";
import { putVersioned, type TxItem } from "./commit.ts";
import { isQueueState, type ApplicationRecord, type HistoryEntry, type InfoRequest } from "../domain/application.ts";

// Applications in the single table, one partition per application:
//   APP#<id>/APP                         the record (documents inside it, at most 50); every change is one
//                                        conditioned Put on `version`
//   APP#<id>/HIST#<version>#<n>          one history entry each, written in the commit of its action
//   APP#<id>/INFO#<requestedAt>#<reqId>  one information request each, answered in place
// What accumulates (history, information requests) lives in items of its own, so the record item stays
// small however many rounds of questions an application goes through (DynamoDB's 400 KB item limit).
// The API's record still answers `history` and `infoRequests`: getApplication reads the partition.

function toItem(record: ApplicationRecord): Record<string, unknown> & { version: number } {
  const { history: _h, infoRequests: _i, ...rest } = record;
  return {
    ...keys.application(record.id),
    gsi1pk: `OWNER#${record.ownerSub}`,
    gsi1sk: `${record.createdAt}#${record.id}`,
    // Sparse: only applications a reviewer must act on are in the queue index, ordered by deadline.
    ...(isQueueState(record.status) && record.dueAt ? { gsi2pk: "QUEUE", gsi2sk: `${record.dueAt}#${record.id}` } : {}),
    gsi3pk: "APPS",
    gsi3sk: `${record.updatedAt}#${record.id}`,
    ...rest,
  };
}

const historyKey = (id: string, version: number, n: number) => ({ pk: keys.application(id).pk, sk: `HIST#${pad(version, 10)}#${pad(n, 3)}` });
const infoKey = (id: string, r: Pick<InfoRequest, "requestedAt" | "requestId">) => ({ pk: keys.application(id).pk, sk: `INFO#${r.requestedAt}#${r.requestId}` });

/** The record with its history and information requests: one Query of its partition (paged past 1 MB). */
export async function getApplication(id: string, consistent = false): Promise<ApplicationRecord | undefined> {
  const items = await queryPartition(keys.application(id).pk, consistent);
  const main = items.find((i) => i.sk === "APP");
  if (!main) return undefined;
  const of = (prefix: string) => items.filter((i) => String(i.sk).startsWith(prefix)).sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
  const record = stripKeys(main) as unknown as ApplicationRecord;
  return {
    ...record,
    history: of("HIST#").map((i) => stripItem(i) as unknown as HistoryEntry),
    infoRequests: of("INFO#").map((i) => stripItem(i) as unknown as InfoRequest),
  };
}

function stripItem(item: Record<string, unknown>): Record<string, unknown> {
  const { entity: _e, applicationId: _a, ...rest } = stripKeys(item);
  return rest;
}

/** History entries of the change that takes the record to `version`, as new items (never overwritten). */
export function historyItems(id: string, version: number, entries: readonly HistoryEntry[]): TxItem[] {
  return entries.map((entry, n) => ({
    item: { Put: { TableName: tableName(), Item: { ...historyKey(id, version, n), entity: "applicationHistory", applicationId: id, ...entry }, ConditionExpression: "attribute_not_exists(pk)" } },
    onConditionFailed: () => "retry",
  }));
}

/** A new information request, as its own item. */
export function infoRequestItem(id: string, request: InfoRequest): TxItem {
  return {
    item: { Put: { TableName: tableName(), Item: { ...infoKey(id, request), entity: "infoRequest", applicationId: id, ...request }, ConditionExpression: "attribute_not_exists(pk)" } },
    onConditionFailed: () => "retry",
  };
}

/** The applicant's answer to an open request, written on the request's own item (once). */
export function answerInfoRequestItem(id: string, request: InfoRequest, response: string, respondedAt: string): TxItem {
  return {
    item: {
      Update: {
        TableName: tableName(),
        Key: infoKey(id, request),
        UpdateExpression: "SET #response = :response, respondedAt = :at",
        ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(respondedAt)",
        ExpressionAttributeNames: { "#response": "response" },
        ExpressionAttributeValues: { ":response": response, ":at": respondedAt },
      },
    },
    onConditionFailed: () => "retry",
  };
}

/**
 * The conditioned write of a new or changed record (version 1 = create). What a lost race means is the
 * caller's call: "retry" rebuilds from a fresh read (workflow actions), an error stops (PATCH with If-Match).
 * History and information requests are not part of this item: see historyItems and infoRequestItem.
 */
export function saveApplication(record: ApplicationRecord, onConflict: Error | "retry" = "retry"): TxItem {
  return putVersioned(toItem(record), () => onConflict);
}

const fromItem = (item: Record<string, unknown>) => stripKeys(item) as unknown as ApplicationRecord;

/**
 * A list answers whole records (docs/api.md: the Application record, history included): each page's
 * records are read with their partitions, in parallel, at most `limit` (100) of them.
 */
async function whole(page: Page<ApplicationRecord>): Promise<Page<ApplicationRecord>> {
  const records = await Promise.all(page.items.map((r) => getApplication(r.id)));
  return { items: records.filter((r): r is ApplicationRecord => r !== undefined), nextCursor: page.nextCursor };
}

export function listByOwner(ownerSub: string, limit: number, cursor?: string): Promise<Page<ApplicationRecord>> {
  return queryPage({ index: "gsi1", partition: `OWNER#${ownerSub}`, newestFirst: true }, limit, cursor, fromItem).then(whole);
}

export interface Filters {
  status?: string;
  category?: string;
  region?: string;
}

const equals = (f: Filters) => ({ status: f.status, category: f.category, "energy.region": f.region });

/** The reviewer queue: every application awaiting a reviewer, soonest deadline first. */
export function listQueue(filters: Filters, limit: number, cursor?: string): Promise<Page<ApplicationRecord>> {
  return queryPage({ index: "gsi2", partition: "QUEUE", equals: equals(filters) }, limit, cursor, fromItem).then(whole);
}

/** Every application for auditors, by last update, optionally within [updatedFrom, updatedTo]. */
export function listAllApplications(
  filters: Filters & { updatedFrom?: string; updatedTo?: string },
  limit: number,
  cursor?: string,
): Promise<Page<ApplicationRecord>> {
  // "~" sorts after every ISO timestamp and id character, so the upper bound includes the whole day/time given.
  // DynamoDB refuses an empty string in a key condition, so an open lower bound is "no bound", not "".
  const to = filters.updatedTo ? `${filters.updatedTo}~` : "~";
  // DynamoDB refuses BETWEEN with its bounds reversed (a 500): a range that holds nothing answers nothing.
  if (filters.updatedFrom && filters.updatedFrom > to) return Promise.resolve({ items: [], nextCursor: null });
  const sort = filters.updatedFrom ? { between: [filters.updatedFrom, to] as [string, string] } : filters.updatedTo ? { atMost: to } : undefined;
  return queryPage({ index: "gsi3", partition: "APPS", sort, equals: equals(filters) }, limit, cursor, fromItem).then(whole);
}
