import { GetCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { dynamo, tableName } from "./clients.ts";
import { keys, stripKeys } from "./keys.ts";
import { batchGet, itemKeyText } from "./batch-get.ts";
import { putVersioned, type TxItem } from "./commit.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { queryPage, queryPartition, type Page } from "./query.ts";
import { listLicences } from "./licences.ts";
import { ServiceUnavailable, ValidationError } from "../domain/errors.ts";
import { curtailmentStatus, type CurtailmentRecord, type TargetRecord } from "../domain/curtailment.ts";
import type { LicenceRecord } from "../domain/licence.ts";
import { isEnergyCategory, type Region } from "../schemas/common.ts";
import type { CurtailmentStatus } from "../schemas/curtailment.ts";

// Curtailment events in the single table (layout in keys.ts), one partition per event:
//   CURT#<id>/CURT               the event: what was declared, and how many targets; gsi3 CURTAILMENTS /
//                                <startsAt>#<id> lists every event (region is projected, so it filters)
//   CURT#<id>/TGT#<licence>      one targeted licence: its bar (approved MW at declaration), its
//                                acknowledgement, the operator's answer and outcome; gsi1 LICCURT#<licence>
//                                lists a licensee's events. One item per target: however many
//                                licences a region holds, no item grows, and acks and answers of
//                                different licences never write the same item.
// The event item is the commit marker: every reader starts from it, so targets staged ahead of a large
// declaration whose last transaction never committed are never seen (docs/curtailment.md).

const retry = () => "retry" as const;

function curtailmentItem(c: CurtailmentRecord) {
  return { ...keys.curtailment(c.curtailmentId), gsi3pk: "CURTAILMENTS", gsi3sk: `${c.startsAt}#${c.curtailmentId}`, entity: "curtailment", ...c };
}

function targetItem(t: TargetRecord) {
  return { ...keys.curtailmentTarget(t.curtailmentId, t.licenceNumber), gsi1pk: `LICCURT#${t.licenceNumber}`, gsi1sk: `${t.startsAt}#${t.curtailmentId}`, entity: "curtailmentTarget", ...t };
}

function fromItem<T>(item: Record<string, unknown>): T {
  const { entity: _e, ...rest } = stripKeys(item);
  return rest as unknown as T;
}

/** The event item, written once, in the declaration's last transaction. */
export function saveCurtailment(c: CurtailmentRecord): TxItem {
  return putVersioned(curtailmentItem(c), retry);
}

/** A target's first write (version 1) or its next version (conditioned on the one read). */
export function saveTarget(t: TargetRecord): TxItem {
  return putVersioned(targetItem(t), retry);
}

const TRANSACTION_ATTEMPTS = 8;

/**
 * Writes targets ahead of a declaration's last transaction, up to 100 a transaction, each only if its
 * key is free. Not a state change of its own (nobody sees a target without its event item), so it
 * carries no audit event; the declaration's event names every target.
 */
export async function stageTargets(targets: readonly TargetRecord[]): Promise<void> {
  if (targets.length === 0) return;
  if (targets.length > 100) throw new RangeError("at most 100 targets a transaction");
  for (let attempt = 0; attempt < TRANSACTION_ATTEMPTS; attempt++) {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: targets.map((t) => ({ Put: { TableName: tableName(), Item: targetItem(t), ConditionExpression: "attribute_not_exists(pk)" } })),
        }),
      );
      return;
    } catch (error) {
      // Only a conflicting transaction can cancel this one (the ids are new): back off and try again.
      if (!(error instanceof TransactionCanceledException)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
    }
  }
  throw new ServiceUnavailable("The registry is busy; the curtailment was not declared. Retry shortly.");
}

export async function getCurtailment(id: string, consistent = false): Promise<CurtailmentRecord | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.curtailment(id), ConsistentRead: consistent }));
  return Item ? fromItem<CurtailmentRecord>(Item) : undefined;
}

/** The event and all its targets (one Query of its partition, paged past 1 MB), targets in licence order. */
export async function getCurtailmentWithTargets(id: string, consistent = false): Promise<{ event: CurtailmentRecord; targets: TargetRecord[] } | undefined> {
  const items = await queryPartition(keys.curtailment(id).pk, consistent);
  const main = items.find((i) => i.sk === "CURT");
  if (!main) return undefined;
  const targets = items.filter((i) => String(i.sk).startsWith("TGT#")).map((i) => fromItem<TargetRecord>(i));
  return { event: fromItem<CurtailmentRecord>(main), targets: targets.sort((a, b) => a.licenceNumber.localeCompare(b.licenceNumber)) };
}

/** Some targets of one event, read consistently (a chunk of answers inside its commit). */
export async function getTargets(id: string, licenceNumbers: readonly string[]): Promise<Map<string, TargetRecord>> {
  const found = await batchGet(
    licenceNumbers.map((n) => keys.curtailmentTarget(id, n)),
    { consistent: true },
  );
  return new Map([...found.values()].map((item) => [item.licenceNumber as string, fromItem<TargetRecord>(item)]));
}

/**
 * The region's ACTIVE energy licences, as they stand now, whose application declared the site
 * curtailable, with the application's legal name: the targets of a declaration.
 */
export async function curtailableLicences(region: Region, now: string): Promise<LicenceRecord[]> {
  const active: LicenceRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await listLicences({ region, status: "ACTIVE" }, 100, cursor);
    active.push(...page.items.filter((l) => isEnergyCategory(l.category) && l.expiresAt > now));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const applications = await batchGet(active.map((l) => keys.application(l.applicationId)));
  return active
    .filter((l) => (applications.get(itemKeyText(keys.application(l.applicationId)))?.energy as { curtailable?: unknown } | undefined)?.curtailable === true)
    .sort((a, b) => a.licenceNumber.localeCompare(b.licenceNumber));
}

export interface CurtailmentFilters {
  /** Only these regions; undefined for all. */
  regions?: readonly Region[];
  status?: CurtailmentStatus;
}

const MAX_QUERIES_PER_PAGE = 10;
const PARTITION = "CURTAILMENTS";
const addMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/**
 * Events newest start first. The status is the product clock's, so it cannot be stored: the sort key
 * (startsAt) narrows UPCOMING (starts after now) and the others (started by now) in the key condition,
 * and IN_PROGRESS / ENDED are told apart on the records' endsAt. Paged like every list (signed cursor;
 * a page may come back short with a cursor when a filter is selective).
 */
export async function listCurtailments(filters: CurtailmentFilters, now: string, limit: number, cursor?: string): Promise<Page<CurtailmentRecord>> {
  const range: [string, string] = filters.status === "UPCOMING" ? [addMs(now, 1), "~"] : filters.status ? ["0", `${now}~`] : ["0", "~"];
  const names: Record<string, string> = { "#pk": "gsi3pk", "#sk": "gsi3sk" };
  const values: Record<string, unknown> = { ":pk": PARTITION, ":from": range[0], ":to": range[1] };
  let filter: string | undefined;
  if (filters.regions) {
    if (filters.regions.length === 0) return { items: [], nextCursor: null };
    names["#region"] = "region";
    filters.regions.forEach((r, i) => (values[`:r${i}`] = r));
    filter = `#region IN (${filters.regions.map((_, i) => `:r${i}`).join(", ")})`;
  }
  const items: CurtailmentRecord[] = [];
  let start = startKey(cursor, range);
  for (let i = 0; i < MAX_QUERIES_PER_PAGE && items.length < limit; i++) {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: "gsi3",
        KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :from AND :to",
        ...(filter ? { FilterExpression: filter } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: limit - items.length,
        ExclusiveStartKey: start,
      }),
    );
    const records = await batchGet((out.Items ?? []).map((item) => ({ pk: item.pk as string, sk: item.sk as string })));
    for (const item of out.Items ?? []) {
      const record = records.get(itemKeyText(item));
      if (!record) continue;
      const c = fromItem<CurtailmentRecord>(record);
      if (!filters.status || curtailmentStatus(c, now) === filters.status) items.push(c);
    }
    start = out.LastEvaluatedKey;
    if (!start) break;
  }
  return { items, nextCursor: encodeCursor(start) };
}

/** A cursor must be a start key of this list, inside its range (DynamoDB would answer a 500 otherwise). */
function startKey(cursor: string | undefined, range: [string, string]): Record<string, unknown> | undefined {
  const key = decodeCursor(cursor);
  if (!key) return undefined;
  const expected = ["pk", "sk", "gsi3pk", "gsi3sk"];
  const fits =
    Object.keys(key).length === expected.length &&
    expected.every((k) => typeof key[k] === "string" && key[k] !== "") &&
    key.gsi3pk === PARTITION &&
    (key.gsi3sk as string) >= range[0] &&
    (key.gsi3sk as string) <= range[1];
  if (!fits) throw new ValidationError("The cursor is not valid.", [{ path: "cursor", message: "not a cursor from this list" }]);
  return key;
}

/**
 * The events that targeted one licence, newest start first, each with its event item (a target
 * staged for a declaration that never committed has none, and is left out).
 */
export async function listTargetsOfLicence(licenceNumber: string, limit: number, cursor?: string): Promise<Page<{ event: CurtailmentRecord; target: TargetRecord }>> {
  const page = await queryPage({ index: "gsi1", partition: `LICCURT#${licenceNumber}`, newestFirst: true }, limit, cursor, (item) => fromItem<TargetRecord>(item));
  const events = await batchGet(page.items.map((t) => keys.curtailment(t.curtailmentId)));
  const items = page.items.flatMap((target) => {
    const event = events.get(itemKeyText(keys.curtailment(target.curtailmentId)));
    return event ? [{ event: fromItem<CurtailmentRecord>(event), target }] : [];
  });
  return { items, nextCursor: page.nextCursor };
}
