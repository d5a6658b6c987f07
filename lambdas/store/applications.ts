import { GetCommand, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { dynamo, tableName } from "./clients.ts";
import { keys, stripKeys } from "./keys.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { putVersioned, type TxItem } from "./commit.ts";
import { isQueueState, type ApplicationRecord } from "../domain/application.ts";

// Applications in the single table. One item per application (documents, history and information
// requests live inside it, so every change is one conditioned Put on `version`).

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

function toItem(record: ApplicationRecord): Record<string, unknown> & { version: number } {
  return {
    ...keys.application(record.id),
    gsi1pk: `OWNER#${record.ownerSub}`,
    gsi1sk: `${record.createdAt}#${record.id}`,
    // Sparse: only applications a reviewer must act on are in the queue index, ordered by deadline.
    ...(isQueueState(record.status) && record.dueAt ? { gsi2pk: "QUEUE", gsi2sk: `${record.dueAt}#${record.id}` } : {}),
    gsi3pk: "APPS",
    gsi3sk: `${record.updatedAt}#${record.id}`,
    ...record,
  };
}

export async function getApplication(id: string, consistent = false): Promise<ApplicationRecord | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.application(id), ConsistentRead: consistent }));
  return Item ? (stripKeys(Item) as unknown as ApplicationRecord) : undefined;
}

/**
 * The conditioned write of a new or changed record (version 1 = create). What a lost race means is the
 * caller's call: "retry" rebuilds from a fresh read (workflow actions), an error stops (PATCH with If-Match).
 */
export function saveApplication(record: ApplicationRecord, onConflict: Error | "retry" = "retry"): TxItem {
  return putVersioned(toItem(record), () => onConflict);
}

async function page(input: Omit<QueryCommandInput, "TableName">, limit: number, cursor: string | undefined): Promise<Page<ApplicationRecord>> {
  const out = await dynamo().send(new QueryCommand({ TableName: tableName(), Limit: limit, ExclusiveStartKey: decodeCursor(cursor), ...input }));
  return { items: (out.Items ?? []).map((i) => stripKeys(i) as unknown as ApplicationRecord), nextCursor: encodeCursor(out.LastEvaluatedKey) };
}

export function listByOwner(ownerSub: string, limit: number, cursor?: string): Promise<Page<ApplicationRecord>> {
  return page(
    { IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: { ":pk": `OWNER#${ownerSub}` }, ScanIndexForward: false },
    limit,
    cursor,
  );
}

export interface Filters {
  status?: string;
  category?: string;
  region?: string;
}

function filterExpression(filters: Filters) {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (filters.status) {
    parts.push("#status = :status");
    names["#status"] = "status";
    values[":status"] = filters.status;
  }
  if (filters.category) {
    parts.push("category = :category");
    values[":category"] = filters.category;
  }
  if (filters.region) {
    parts.push("energy.#region = :region");
    names["#region"] = "region";
    values[":region"] = filters.region;
  }
  return { parts, names, values };
}

/**
 * Filters run after the key condition, as DynamoDB does: a page may hold fewer than `limit` items while
 * `nextCursor` is still set. Clients page until nextCursor is null.
 */
function withFilters(base: { KeyConditionExpression: string; values: Record<string, unknown>; names?: Record<string, string> }, filters: Filters) {
  const f = filterExpression(filters);
  const names = { ...(base.names ?? {}), ...f.names };
  return {
    KeyConditionExpression: base.KeyConditionExpression,
    ...(f.parts.length ? { FilterExpression: f.parts.join(" AND ") } : {}),
    ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
    ExpressionAttributeValues: { ...base.values, ...f.values },
  };
}

/** The reviewer queue: every application awaiting a reviewer, soonest deadline first. */
export function listQueue(filters: Filters, limit: number, cursor?: string): Promise<Page<ApplicationRecord>> {
  return page({ IndexName: "gsi2", ...withFilters({ KeyConditionExpression: "gsi2pk = :pk", values: { ":pk": "QUEUE" } }, filters) }, limit, cursor);
}

/** Every application for auditors, by last update, optionally within [updatedFrom, updatedTo]. */
export function listAllApplications(
  filters: Filters & { updatedFrom?: string; updatedTo?: string },
  limit: number,
  cursor?: string,
): Promise<Page<ApplicationRecord>> {
  const from = filters.updatedFrom ?? "";
  // "~" sorts after every ISO timestamp and id character, so the upper bound includes the whole day/time given.
  const to = filters.updatedTo ? `${filters.updatedTo}~` : "~";
  return page(
    {
      IndexName: "gsi3",
      ...withFilters({ KeyConditionExpression: "gsi3pk = :pk AND gsi3sk BETWEEN :from AND :to", values: { ":pk": "APPS", ":from": from, ":to": to } }, filters),
    },
    limit,
    cursor,
  );
}
