import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo, tableName } from "./clients.ts";
import { keys, stripKeys } from "./keys.ts";
import { queryPage, type Page } from "./query.ts";
import { putVersioned, type TxItem } from "./commit.ts";
import { isQueueState, type ApplicationRecord } from "../domain/application.ts";

// Applications in the single table. One item per application (documents, history and information
// requests live inside it, so every change is one conditioned Put on `version`).

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

const fromItem = (item: Record<string, unknown>) => stripKeys(item) as unknown as ApplicationRecord;

export function listByOwner(ownerSub: string, limit: number, cursor?: string): Promise<Page<ApplicationRecord>> {
  return queryPage({ index: "gsi1", partition: `OWNER#${ownerSub}`, newestFirst: true }, limit, cursor, fromItem);
}

export interface Filters {
  status?: string;
  category?: string;
  region?: string;
}

const equals = (f: Filters) => ({ status: f.status, category: f.category, "energy.region": f.region });

/** The reviewer queue: every application awaiting a reviewer, soonest deadline first. */
export function listQueue(filters: Filters, limit: number, cursor?: string): Promise<Page<ApplicationRecord>> {
  return queryPage({ index: "gsi2", partition: "QUEUE", equals: equals(filters) }, limit, cursor, fromItem);
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
  return queryPage({ index: "gsi3", partition: "APPS", sort, equals: equals(filters) }, limit, cursor, fromItem);
}
