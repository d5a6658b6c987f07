import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo, tableName } from "./clients.ts";
import { keys, stripKeys } from "./keys.ts";
import { batchGet } from "./batch-get.ts";
import { queryPage, type Page } from "./query.ts";
import { putVersioned, type TxItem } from "./commit.ts";
import { HOLDS_MW, type LicenceRecord } from "../domain/licence.ts";
import type { INDEX_ATTRIBUTES } from "./table-schema.ts";

// Licences and their number sequences in the single table (layout in keys.ts):
//   LIC#<number>/LIC             the licence; gsi1 HOLDER#<sub>/<issuedAt>, gsi2 ACTIVE/<expiresAt> while it
//                                still holds MW (sparse: what the expiry job walks), gsi3 LICENCES/<number>
//   LICSEQ#<CODE>#<year>/LICSEQ  the last number issued; moved only in the transaction that issues it

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

/** Several licences at once (consistent BatchGetItem), by number; missing ones are absent. */
export async function getLicences(numbers: readonly string[]): Promise<Map<string, LicenceRecord>> {
  const found = await batchGet(
    [...new Set(numbers)].map((n) => keys.licence(n)),
    { consistent: true },
  );
  return new Map([...found.values()].map((item) => [String(item.licenceNumber), fromItem(item)]));
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

/** Every licence in number order, optionally filtered. */
export function listLicences(filters: LicenceFilters, limit: number, cursor?: string): Promise<Page<LicenceRecord>> {
  return queryPage({ index: "gsi3", partition: "LICENCES", equals: { ...filters } }, limit, cursor, fromItem);
}

/** A licence as gsi3 holds it: the public register's fields (table-schema.ts INDEX_ATTRIBUTES). */
export type RegisterFields = Pick<LicenceRecord, (typeof INDEX_ATTRIBUTES)[number] & keyof LicenceRecord>;

/** The public register's page, in number order: from gsi3 alone, which projects every public field. */
export function listRegisterEntries(filters: LicenceFilters, limit: number, cursor?: string): Promise<Page<RegisterFields>> {
  return queryPage({ index: "gsi3", partition: "LICENCES", equals: { ...filters }, projected: true }, limit, cursor, (item) => stripKeys(item) as unknown as RegisterFields);
}

/** Licences still holding MW whose term ended at or before `now`, soonest first. The index is eventually consistent: callers re-read. */
export function listExpired(now: string, limit: number, cursor?: string): Promise<Page<LicenceRecord>> {
  return queryPage({ index: "gsi2", partition: "ACTIVE", sort: { atMost: now } }, limit, cursor, fromItem);
}

/** Every ACTIVE or SUSPENDED licence (the sparse gsi2 partition the expiry job walks), soonest expiry first. */
export function listLiveLicences(limit: number, cursor?: string): Promise<Page<LicenceRecord>> {
  return queryPage({ index: "gsi2", partition: "ACTIVE" }, limit, cursor, fromItem);
}

/** Licences holding MW (ACTIVE or SUSPENDED) whose term ends at or before `until`, soonest first: the expiry reminders' input. */
export function listExpiringBy(until: string, limit: number, cursor?: string): Promise<Page<LicenceRecord>> {
  return queryPage({ index: "gsi2", partition: "ACTIVE", sort: { atMost: until } }, limit, cursor, fromItem);
}
