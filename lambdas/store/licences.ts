import { GetCommand, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { dynamo, tableName } from "./clients.ts";
import { keys, stripKeys } from "./keys.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { putVersioned, type TxItem } from "./commit.ts";
import { HOLDS_MW, type LicenceRecord } from "../domain/licence.ts";

// Licences and their number sequences in the single table (layout in keys.ts):
//   LIC#<number>/LIC             the licence; gsi1 HOLDER#<sub>/<issuedAt>, gsi2 ACTIVE/<expiresAt> while it
//                                still holds MW (sparse: what the expiry job walks), gsi3 LICENCES/<number>
//   LICSEQ#<CODE>#<year>/LICSEQ  the last number issued; moved only in the transaction that issues it

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

function toItem(licence: LicenceRecord): Record<string, unknown> & { version: number } {
  return {
    ...keys.licence(licence.licenceNumber),
    gsi1pk: `HOLDER#${licence.holderSub}`,
    gsi1sk: `${licence.issuedAt}#${licence.licenceNumber}`,
    ...(HOLDS_MW.includes(licence.status) ? { gsi2pk: "ACTIVE", gsi2sk: licence.expiresAt } : {}),
    gsi3pk: "LICENCES",
    gsi3sk: licence.licenceNumber,
    entity: "licence",
    ...licence,
  };
}

function fromItem(item: Record<string, unknown>): LicenceRecord {
  const { entity: _e, ...rest } = stripKeys(item);
  return rest as unknown as LicenceRecord;
}

export async function getLicence(licenceNumber: string, consistent = false): Promise<LicenceRecord | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.licence(licenceNumber), ConsistentRead: consistent }));
  return Item ? fromItem(Item) : undefined;
}

/** A new licence (version 1, attribute_not_exists) or its next version; a lost race rebuilds from fresh reads. */
export function saveLicence(licence: LicenceRecord): TxItem {
  return putVersioned(toItem(licence), () => "retry");
}

/** The last sequence number issued for a category code and year (0 before the first). */
export async function readSequence(code: string, year: number): Promise<number> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.licenceSequence(code, year), ConsistentRead: true }));
  return Item ? Number(Item.value) : 0;
}

/**
 * Moves the counter from the value read to the next one, conditioned on the value read: two approvals
 * that read the same value cannot both commit, the loser rebuilds with a fresh read. Because the move
 * commits only together with the licence it numbers, the sequence has no gaps and no duplicates.
 */
export function advanceSequence(code: string, year: number, read: number): TxItem {
  const key = keys.licenceSequence(code, year);
  const item = { ...key, entity: "licenceSequence", code, year, value: read + 1 };
  return {
    item:
      read === 0
        ? { Put: { TableName: tableName(), Item: item, ConditionExpression: "attribute_not_exists(pk)" } }
        : { Put: { TableName: tableName(), Item: item, ConditionExpression: "#value = :read", ExpressionAttributeNames: { "#value": "value" }, ExpressionAttributeValues: { ":read": read } } },
    onConditionFailed: () => "retry",
  };
}

export interface LicenceFilters {
  category?: string;
  region?: string;
  status?: string;
}

function filterParts(filters: LicenceFilters) {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  for (const field of ["category", "region", "status"] as const) {
    const value = filters[field];
    if (value === undefined) continue;
    parts.push(`#${field} = :${field}`);
    names[`#${field}`] = field;
    values[`:${field}`] = value;
  }
  return { parts, names, values };
}

async function page(input: Omit<QueryCommandInput, "TableName">, limit: number, cursor: string | undefined): Promise<Page<LicenceRecord>> {
  const out = await dynamo().send(new QueryCommand({ TableName: tableName(), Limit: limit, ExclusiveStartKey: decodeCursor(cursor), ...input }));
  return { items: (out.Items ?? []).map(fromItem), nextCursor: encodeCursor(out.LastEvaluatedKey) };
}

/**
 * Every licence in number order. Filters run after the key condition, as DynamoDB does: a page may hold
 * fewer than `limit` items while nextCursor is still set; clients page until it is null.
 */
export function listLicences(filters: LicenceFilters, limit: number, cursor?: string): Promise<Page<LicenceRecord>> {
  const f = filterParts(filters);
  return page(
    {
      IndexName: "gsi3",
      KeyConditionExpression: "gsi3pk = :pk",
      ...(f.parts.length ? { FilterExpression: f.parts.join(" AND "), ExpressionAttributeNames: f.names } : {}),
      ExpressionAttributeValues: { ":pk": "LICENCES", ...f.values },
    },
    limit,
    cursor,
  );
}

/** Licences still holding MW whose term ended at or before `now`, soonest first. The index is eventually consistent: callers re-read. */
export function listExpired(now: string, limit: number, cursor?: string): Promise<Page<LicenceRecord>> {
  return page(
    {
      IndexName: "gsi2",
      KeyConditionExpression: "gsi2pk = :pk AND gsi2sk <= :now",
      ExpressionAttributeValues: { ":pk": "ACTIVE", ":now": now },
    },
    limit,
    cursor,
  );
}
