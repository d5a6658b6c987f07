import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo, tableName } from "./clients.ts";
import { keys } from "./keys.ts";
import type { TxItem } from "./commit.ts";
import { queryPartition } from "./query.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { Conflict, InsufficientSurplus, ValidationError } from "../domain/errors.ts";
import { compareLines, fmtMw, type LineState } from "../domain/rounds.ts";
import { availabilityOf } from "../domain/energy.ts";
import { EnergyCategory, Region, toMw } from "../schemas/common.ts";

// Allocation rounds and the MW ledger in the single table (layout in keys.ts):
//   ROUND#<id>/ROUND                   the round's meta; gsi3 ROUNDS / <effectiveFrom>#<id> lists them
//   ROUND#<id>/LINE#<region>#<cat>     one line: integer kW with the invariant
//                                      remainingKw = totalKw - approvedKw >= 0, and its monthly availability
// The invariant is kept by conditioned updates inside the caller's commit: nothing ever recomputes a
// line by scanning licences. The round index (round-index.ts) is the other half of a publish.

export interface RoundSummary {
  roundId: string;
  name: string;
  effectiveFrom: string;
  effectiveTo: string;
  tariffUsdCentsPerKwh: number;
}

/** A line as stored: the ledger's counters and the 12 availability factors (all 1 on lines published before them). */
export interface StoredLine extends LineState {
  monthlyAvailability: number[];
}

export interface RoundLineView {
  region: Region;
  category: EnergyCategory;
  mw: number;
  maxPerApplicantMw: number;
  minRequestMw: number;
  monthlyAvailability: number[];
  approvedMw: number;
  remainingMw: number;
}

/** The round as the API answers it (docs/api.md "Round"). */
export interface RoundView extends RoundSummary {
  description?: string;
  publishedAt: string;
  version: number;
  lines: RoundLineView[];
}

export interface RoundMeta extends RoundSummary {
  description?: string;
  publishedAt: string;
  publishedBy: string;
  version: number;
}

export interface LineRef {
  roundId: string;
  region: string;
  category: string;
}

// ---------------------------------------------------------------------------------------------
// Mapping.

export function lineState(item: Record<string, unknown>): StoredLine {
  return {
    region: Region.parse(item.region),
    category: EnergyCategory.parse(item.category),
    totalKw: Number(item.totalKw),
    approvedKw: Number(item.approvedKw),
    remainingKw: Number(item.remainingKw),
    maxPerApplicantKw: Number(item.maxPerApplicantKw),
    minRequestKw: Number(item.minRequestKw),
    monthlyAvailability: availabilityOf(item.monthlyAvailability),
  };
}

function metaOf(item: Record<string, unknown>): RoundMeta {
  return {
    roundId: String(item.roundId),
    name: String(item.name),
    ...(typeof item.description === "string" && item.description ? { description: item.description } : {}),
    effectiveFrom: String(item.effectiveFrom),
    effectiveTo: String(item.effectiveTo),
    tariffUsdCentsPerKwh: Number(item.tariffUsdCentsPerKwh),
    publishedAt: String(item.publishedAt),
    publishedBy: String(item.publishedBy ?? ""),
    version: Number(item.version),
  };
}

export function lineView(line: StoredLine): RoundLineView {
  return {
    region: line.region,
    category: line.category,
    mw: toMw(line.totalKw),
    maxPerApplicantMw: toMw(line.maxPerApplicantKw),
    minRequestMw: toMw(line.minRequestKw),
    monthlyAvailability: [...line.monthlyAvailability],
    approvedMw: toMw(line.approvedKw),
    remainingMw: toMw(line.remainingKw),
  };
}

export function roundView(meta: RoundMeta, lines: readonly StoredLine[]): RoundView {
  return {
    roundId: meta.roundId,
    name: meta.name,
    ...(meta.description ? { description: meta.description } : {}),
    effectiveFrom: meta.effectiveFrom,
    effectiveTo: meta.effectiveTo,
    tariffUsdCentsPerKwh: meta.tariffUsdCentsPerKwh,
    publishedAt: meta.publishedAt,
    version: meta.version,
    lines: [...lines].sort(compareLines).map(lineView),
  };
}

// ---------------------------------------------------------------------------------------------
// The ledger: TxItems for the caller's single commit.

function assertKw(kw: number): void {
  if (!Number.isSafeInteger(kw) || kw <= 0) throw new Error(`kW must be a positive integer, got ${kw}`);
}

const lineName = (ref: LineRef) => `${ref.region} / ${ref.category} in round ${ref.roundId}`;

/**
 * One conditioned update that moves kW between a line's two counters (remainingKw, approvedKw),
 * refused when the line is missing or `from` holds less than the kW; the refusal is `refuse`'s error.
 */
function moveKw(ref: LineRef & { kw: number }, from: "remainingKw" | "approvedKw", to: "remainingKw" | "approvedKw", refuse: TxItem["onConditionFailed"]): TxItem {
  assertKw(ref.kw);
  return {
    item: {
      Update: {
        TableName: tableName(),
        Key: keys.roundLine(ref.roundId, ref.region, ref.category),
        UpdateExpression: `SET ${from} = ${from} - :kw, ${to} = ${to} + :kw`,
        ConditionExpression: `attribute_exists(pk) AND ${from} >= :kw`,
        ExpressionAttributeValues: { ":kw": ref.kw },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      },
    },
    onConditionFailed: refuse,
  };
}

/** Takes kW out of a line at approval: fails with InsufficientSurplus (409, saying what remains) when too little is left. */
export function consumeMw(ref: LineRef & { kw: number }): TxItem {
  return moveKw(ref, "remainingKw", "approvedKw", (current) => {
    if (!current) {
      return new InsufficientSurplus(`There is no allocation line ${lineName(ref)}, so no MW can be approved from it.`, undefined, { remainingMw: 0 });
    }
    const remainingKw = Number(current.remainingKw);
    return new InsufficientSurplus(
      `Only ${fmtMw(remainingKw)} MW remain on ${lineName(ref)}; ${fmtMw(ref.kw)} MW cannot be approved.`,
      undefined,
      { remainingMw: toMw(remainingKw) },
    );
  });
}

/** Gives kW back to a line (revocation, expiry, surrender); never more than the line has approved. */
export function releaseMw(ref: LineRef & { kw: number }): TxItem {
  return moveKw(ref, "approvedKw", "remainingKw", (current) =>
    current
      ? new Conflict(`${lineName(ref)} has only ${fmtMw(Number(current.approvedKw))} MW approved; ${fmtMw(ref.kw)} MW cannot be released from it.`)
      : new Conflict(`There is no allocation line ${lineName(ref)} to release MW to.`),
  );
}

/** A new round's meta item (a fresh id: a collision just retries). */
export function putRoundMeta(meta: RoundMeta): TxItem {
  const item = { ...keys.round(meta.roundId), gsi3pk: "ROUNDS", gsi3sk: `${meta.effectiveFrom}#${meta.roundId}`, entity: "round", ...meta };
  return { item: { Put: { TableName: tableName(), Item: item, ConditionExpression: "attribute_not_exists(pk)" } }, onConditionFailed: () => "retry" };
}

export function putNewLine(roundId: string, line: StoredLine, now: string): TxItem {
  return {
    item: {
      Put: {
        TableName: tableName(),
        Item: { ...keys.roundLine(roundId, line.region, line.category), entity: "roundLine", roundId, ...line, updatedAt: now },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    onConditionFailed: () => "retry",
  };
}

/**
 * An amendment of one line: its total (and what remains with it) moved by deltaKw and/or a new
 * availability profile, conditioned on the total as read so the event's before/after stay exact.
 */
export function amendLine(ref: LineRef, read: StoredLine, change: { deltaKw: number; monthlyAvailability?: number[] }, now: string, refuse: TxItem["onConditionFailed"]): TxItem {
  const profile = change.monthlyAvailability ? ", monthlyAvailability = :profile" : "";
  return {
    item: {
      Update: {
        TableName: tableName(),
        Key: keys.roundLine(ref.roundId, ref.region, ref.category),
        UpdateExpression: `SET totalKw = totalKw + :d, remainingKw = remainingKw + :d, amendedAt = :now, updatedAt = :now${profile}`,
        ConditionExpression: "attribute_exists(pk) AND totalKw = :total AND remainingKw >= :minusD",
        ExpressionAttributeValues: {
          ":d": change.deltaKw,
          ":minusD": -change.deltaKw,
          ":total": read.totalKw,
          ":now": now,
          ...(change.monthlyAvailability ? { ":profile": change.monthlyAvailability } : {}),
        },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      },
    },
    onConditionFailed: refuse,
  };
}

/** The round's version moves with every amendment of one of its lines. */
export function bumpRoundVersion(roundId: string, now: string, refuse: TxItem["onConditionFailed"]): TxItem {
  return {
    item: {
      Update: {
        TableName: tableName(),
        Key: keys.round(roundId),
        UpdateExpression: "SET version = version + :one, amendedAt = :now",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":one": 1, ":now": now },
      },
    },
    onConditionFailed: refuse,
  };
}

// ---------------------------------------------------------------------------------------------
// Reads.

export async function readLine(roundId: string, region: string, category: string): Promise<StoredLine | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.roundLine(roundId, region, category), ConsistentRead: true }));
  return Item ? lineState(Item) : undefined;
}

export async function readRoundMeta(roundId: string): Promise<RoundMeta | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.round(roundId), ConsistentRead: true }));
  return Item ? metaOf(Item) : undefined;
}

/** One round's meta and lines, straight from the ledger items (one strongly consistent query). */
export async function readRound(roundId: string): Promise<{ meta: RoundMeta; lines: StoredLine[] } | undefined> {
  const items = await queryPartition(keys.round(roundId).pk, true);
  const meta = items.find((i) => i.sk === "ROUND");
  if (!meta) return undefined;
  return { meta: metaOf(meta), lines: items.filter((i) => String(i.sk).startsWith("LINE#")).map(lineState) };
}

/** One round with its lines as the API answers it. */
export async function getRound(roundId: string): Promise<RoundView | undefined> {
  const round = await readRound(roundId);
  return round ? roundView(round.meta, round.lines) : undefined;
}

/** A cursor from another list would reach DynamoDB as an invalid start key (a 500); refuse it as a 400 here. */
function roundsCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  const key = decodeCursor(cursor);
  if (!key) return undefined;
  const ok = key.gsi3pk === "ROUNDS" && key.sk === "ROUND" && typeof key.gsi3sk === "string" && key.gsi3sk !== "" && String(key.pk).startsWith("ROUND#") && Object.keys(key).length === 4;
  if (!ok) throw new ValidationError("The cursor is not valid.", [{ path: "cursor", message: "not a cursor from this list" }]);
  return key;
}

/** Published rounds ordered by effectiveFrom, paged per docs/api.md's list convention. */
export async function listRounds(page: { limit: number; cursor?: string }): Promise<{ items: RoundView[]; nextCursor: string | null }> {
  const result = await dynamo().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: "gsi3",
      KeyConditionExpression: "gsi3pk = :p",
      ExpressionAttributeValues: { ":p": "ROUNDS" },
      Limit: page.limit,
      ExclusiveStartKey: roundsCursor(page.cursor),
    }),
  );
  // The index holds keys only (table-schema.ts): the round id is the meta item's partition key.
  const rounds = await Promise.all((result.Items ?? []).map((meta) => getRound(String(meta.pk).slice("ROUND#".length))));
  return { items: rounds.filter((r): r is RoundView => r !== undefined), nextCursor: encodeCursor(result.LastEvaluatedKey) };
}
