import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo, tableName } from "./clients.ts";
import { keys } from "./keys.ts";
import { batchGet, itemKeyText } from "./batch-get.ts";
import { putVersioned, type TxItem } from "./commit.ts";
import { queryPage, type Page } from "./query.ts";
import { EnergyCategory, Region } from "../schemas/common.ts";

// Meter readings in the single table (layout in keys.ts), under their licence:
//   LIC#<n>/MTR#<period>           the reading in force for one licence and month: ONE item per
//                                  licence-month, rewritten on a correction (conditioned on its version);
//                                  gsi2 USAGE#<roundId> / <region>#<cat>#<period>#<n> gathers a round's
//                                  readings for the public usage, gsi3 METER_READINGS / <period>#<n> lists
//                                  every reading for auditors
//   LIC#<n>/MTRH#<period>#<0001>   one value a correction replaced (written with the correction)
// A correction never grows the reading item: what it replaced goes into an item of its own.

export interface ReadingRecord {
  licenceNumber: string;
  period: string;
  energyMwh: number;
  peakMw: number;
  /** The licence's approved MW and the month's allowed MW when the reading was recorded. */
  approvedMw: number;
  allowedMw: number;
  roundId: string;
  region: Region;
  category: EnergyCategory;
  recordedAt: string;
  recordedBy: string;
  version: number;
}

export interface ReplacedValue {
  energyMwh: number;
  peakMw: number;
  recordedAt: string;
  recordedBy: string;
  replacedAt: string;
}

export const readingKeyText = (licenceNumber: string, period: string) => itemKeyText(keys.meterReading(licenceNumber, period));

function toItem(r: ReadingRecord) {
  return {
    ...keys.meterReading(r.licenceNumber, r.period),
    gsi2pk: `USAGE#${r.roundId}`,
    gsi2sk: `${r.region}#${r.category}#${r.period}#${r.licenceNumber}`,
    gsi3pk: "METER_READINGS",
    gsi3sk: `${r.period}#${r.licenceNumber}`,
    entity: "meterReading",
    ...r,
  };
}

export function readingOf(item: Record<string, unknown>): ReadingRecord {
  return {
    licenceNumber: String(item.licenceNumber),
    period: String(item.period),
    energyMwh: Number(item.energyMwh),
    peakMw: Number(item.peakMw),
    approvedMw: Number(item.approvedMw),
    allowedMw: Number(item.allowedMw),
    roundId: String(item.roundId),
    region: Region.parse(item.region),
    category: EnergyCategory.parse(item.category),
    recordedAt: String(item.recordedAt),
    recordedBy: String(item.recordedBy),
    version: Number(item.version),
  };
}

function replacedOf(item: Record<string, unknown>): ReplacedValue {
  return { energyMwh: Number(item.energyMwh), peakMw: Number(item.peakMw), recordedAt: String(item.recordedAt), recordedBy: String(item.recordedBy), replacedAt: String(item.replacedAt) };
}

/** A new reading (version 1) or a correction of the version read; a concurrent write rebuilds from fresh reads. */
export function saveReading(r: ReadingRecord): TxItem {
  return putVersioned(toItem(r), () => "retry");
}

/** What a correction replaced, as the n-th entry of the licence-month's history (n = the replaced version). */
export function saveReplaced(before: ReadingRecord, replacedAt: string): TxItem {
  const item = {
    ...keys.meterReadingHistory(before.licenceNumber, before.period, before.version),
    entity: "meterReadingHistory",
    licenceNumber: before.licenceNumber,
    period: before.period,
    energyMwh: before.energyMwh,
    peakMw: before.peakMw,
    recordedAt: before.recordedAt,
    recordedBy: before.recordedBy,
    replacedAt,
  };
  return { item: { Put: { TableName: tableName(), Item: item, ConditionExpression: "attribute_not_exists(pk)" } }, onConditionFailed: () => "retry" };
}

/** The readings that exist among (licence, period) pairs, by readingKeyText (consistent: what a batch decides on). */
export async function getReadings(pairs: ReadonlyArray<{ licenceNumber: string; period: string }>): Promise<Map<string, ReadingRecord>> {
  const found = await batchGet(
    pairs.map((p) => keys.meterReading(p.licenceNumber, p.period)),
    { consistent: true },
  );
  return new Map([...found].map(([k, item]) => [k, readingOf(item)]));
}

/** Every reading of one licence, oldest month first (one per month of its term: bounded). */
export async function listLicenceReadings(licenceNumber: string): Promise<ReadingRecord[]> {
  const out: ReadingRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :mtr)",
        ExpressionAttributeValues: { ":pk": keys.licence(licenceNumber).pk, ":mtr": "MTR#" },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    out.push(...(page.Items ?? []).map(readingOf));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

async function listHistory(licenceNumber: string, period: string): Promise<ReplacedValue[]> {
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :h)",
      ExpressionAttributeValues: { ":pk": keys.licence(licenceNumber).pk, ":h": `MTRH#${period}#` },
    }),
  );
  return (Items ?? []).map(replacedOf);
}

/** Every reading of a round, for its usage figures: the index's keys, the records by BatchGetItem. */
export async function listRoundReadings(roundId: string): Promise<ReadingRecord[]> {
  const out: ReadingRecord[] = [];
  let cursor: string | undefined;
  do {
    const page: Page<ReadingRecord> = await queryPage({ index: "gsi2", partition: `USAGE#${roundId}` }, 100, cursor, readingOf);
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/** Auditors: every reading, by month then licence, each with the values it replaced. */
export async function listAuditReadings(filters: { licenceNumber?: string; period?: string }, limit: number, cursor?: string): Promise<Page<ReadingRecord & { history: ReplacedValue[] }>> {
  const page = await queryPage({ index: "gsi3", partition: "METER_READINGS", equals: { licenceNumber: filters.licenceNumber, period: filters.period } }, limit, cursor, readingOf);
  const items = await Promise.all(page.items.map(async (r) => ({ ...r, history: await listHistory(r.licenceNumber, r.period) })));
  return { items, nextCursor: page.nextCursor };
}
