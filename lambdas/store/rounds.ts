import { queryPartition } from "./query.ts";
import { randomUUID } from "node:crypto";
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo, tableName } from "./clients.ts";
import { keys, stripKeys } from "./keys.ts";
import { commit, type TxItem } from "./commit.ts";
import { batchGet, itemKeyText } from "./batch-get.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import type { Actor } from "../domain/actor.ts";
import { Conflict, InsufficientSurplus, NotFound, ValidationError } from "../domain/errors.ts";
import { assessEligibility, toAnswer, type EligibilityAnswer, type EligibilityQuestion, type RoundForEligibility } from "../domain/eligibility.ts";
import {
  checkAmendment,
  compareLines,
  coversDate,
  describeClashes,
  findClashes,
  fmtMw,
  lineKey,
  type LineState,
  type RoundCoverage,
} from "../domain/rounds.ts";
import { LIMITS, isEnergyCategory, toKw, toMw, type EnergyCategory, type Region } from "../schemas/common.ts";
import type { Amendment, PublishRound } from "../schemas/allocations.ts";

// Allocation rounds and the MW ledger. Every line item holds integer kW with the invariant
// remainingKw = totalKw - approvedKw >= 0, kept by conditioned updates inside the caller's commit:
// nothing ever recomputes a line by scanning licences.
//
// ROUNDS/INDEX holds every published round's window and (region, category) pairs plus a version.
// Publishing reads it with a consistent read, checks the overlap rule against it and writes it back
// conditioned on that version, so two concurrent publishes can never both pass the check (and no
// eventually consistent GSI read is involved). Eligibility and approvals find the covering round
// through the same consistent read.

export interface RoundSummary {
  roundId: string;
  name: string;
  effectiveFrom: string;
  effectiveTo: string;
  tariffUsdCentsPerKwh: number;
}

export interface RoundLineView {
  region: Region;
  category: EnergyCategory;
  mw: number;
  maxPerApplicantMw: number;
  minRequestMw: number;
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

export interface LineRef {
  roundId: string;
  region: string;
  category: string;
}

interface IndexEntry {
  name: string;
  effectiveFrom: string;
  effectiveTo: string;
  tariffUsdCentsPerKwh: number;
  lines: string[];
}

interface RoundIndex {
  version: number;
  rounds: Record<string, IndexEntry>;
}

const MAX_ROUNDS = 200;

const NEW_ROUND_ID = () => randomUUID().replaceAll("-", "").slice(0, 16);

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

// ---------------------------------------------------------------------------------------------
// Reads.

async function readIndex(): Promise<RoundIndex | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.roundIndex(), ConsistentRead: true }));
  return indexOf(Item);
}

function indexOf(item: Record<string, unknown> | undefined): RoundIndex | undefined {
  return item ? { version: item.version as number, rounds: (item.rounds ?? {}) as Record<string, IndexEntry> } : undefined;
}

function coverageOf(index: RoundIndex | undefined): Array<RoundCoverage & { tariffUsdCentsPerKwh: number }> {
  return Object.entries(index?.rounds ?? {}).map(([roundId, e]) => ({
    roundId,
    name: e.name,
    effectiveFrom: e.effectiveFrom,
    effectiveTo: e.effectiveTo,
    tariffUsdCentsPerKwh: e.tariffUsdCentsPerKwh,
    lines: e.lines.map((k) => {
      const [region, category] = k.split("#");
      return { region: region as Region, category: category as EnergyCategory };
    }),
  }));
}

export async function readLine(roundId: string, region: string, category: string): Promise<LineState | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.roundLine(roundId, region, category), ConsistentRead: true }));
  return Item ? lineState(Item) : undefined;
}

function lineState(item: Record<string, unknown>): LineState {
  return {
    region: item.region as Region,
    category: item.category as EnergyCategory,
    totalKw: Number(item.totalKw),
    approvedKw: Number(item.approvedKw),
    remainingKw: Number(item.remainingKw),
    maxPerApplicantKw: Number(item.maxPerApplicantKw),
    minRequestKw: Number(item.minRequestKw),
  };
}

function lineView(line: LineState): RoundLineView {
  return {
    region: line.region,
    category: line.category,
    mw: toMw(line.totalKw),
    maxPerApplicantMw: toMw(line.maxPerApplicantKw),
    minRequestMw: toMw(line.minRequestKw),
    approvedMw: toMw(line.approvedKw),
    remainingMw: toMw(line.remainingKw),
  };
}

function roundView(meta: Record<string, unknown>, lines: LineState[]): RoundView {
  const m = stripKeys(meta);
  return {
    roundId: m.roundId as string,
    name: m.name as string,
    ...(m.description ? { description: m.description as string } : {}),
    effectiveFrom: m.effectiveFrom as string,
    effectiveTo: m.effectiveTo as string,
    tariffUsdCentsPerKwh: Number(m.tariffUsdCentsPerKwh),
    publishedAt: m.publishedAt as string,
    version: Number(m.version),
    lines: [...lines].sort(compareLines).map(lineView),
  };
}

/** True once any round has been published (the local runtime seeds only an empty registry). */
export async function hasPublishedRounds(): Promise<boolean> {
  return Object.keys((await readIndex())?.rounds ?? {}).length > 0;
}

/** One round with its lines, straight from the ledger items (one strongly consistent query). */
export async function getRound(roundId: string): Promise<RoundView | undefined> {
  const items = await queryPartition(keys.round(roundId).pk, true);
  const meta = items.find((i) => i.sk === "ROUND");
  if (!meta) return undefined;
  return roundView(
    meta,
    items.filter((i) => String(i.sk).startsWith("LINE#")).map(lineState),
  );
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

/** The round covering (region, category) on a date, with its line as it stands; at most one exists. */
export async function findCoveringLine(q: LineQuestion): Promise<{ round: RoundSummary; line: LineState } | undefined> {
  if (!isEnergyCategory(q.category)) return undefined;
  const { offering, lines } = await readCoveringLines(q);
  for (const r of [...offering].sort((a, b) => a.roundId.localeCompare(b.roundId))) {
    const line = lines.get(r.roundId);
    if (line) {
      const { roundId, name, effectiveFrom, effectiveTo, tariffUsdCentsPerKwh } = r;
      return { round: { roundId, name, effectiveFrom, effectiveTo, tariffUsdCentsPerKwh }, line };
    }
  }
  return undefined;
}

/** POST /api/eligibility, and the applicant's draft check: reads the covering round, then applies the pure rules. */
export async function checkEligibility(question: EligibilityQuestion): Promise<EligibilityAnswer> {
  if (!isEnergyCategory(question.category)) return toAnswer(assessEligibility(question, []));
  const { covering, lines } = await readCoveringLines(question);
  const rounds: RoundForEligibility[] = covering.map((r) => {
    const line = lines.get(r.roundId);
    return { roundId: r.roundId, name: r.name, effectiveFrom: r.effectiveFrom, effectiveTo: r.effectiveTo, lines: line ? [line] : [] };
  });
  return toAnswer(assessEligibility(question, rounds));
}

interface LineQuestion {
  category: string;
  region: string;
  startDate: string;
}

type Coverage = ReturnType<typeof coverageOf>[number];

/**
 * The last round index this process read. Eligibility checks and approvals need the index and then
 * the line it points at: two dependent reads. With the index remembered, the lines it points at are
 * asked for in the same consistent BatchGetItem as the index itself, so a warm function makes one
 * round trip. The index just read still decides everything: a line it points at that the guess did
 * not fetch (a round published since) is read in a second request, and a fetched line it no longer
 * points at is ignored. A stale memory costs a round trip, never a different answer.
 */
let rememberedIndex: RoundIndex | undefined;

/** For tests: forget the remembered index, as a cold start does. */
export function forgetRoundIndex(): void {
  rememberedIndex = undefined;
}

/**
 * The published rounds covering `q.startDate`, those of them with a line for (region, category), and
 * those lines as they stand (consistent reads), by round id.
 */
async function readCoveringLines(q: LineQuestion): Promise<{ covering: Coverage[]; offering: Coverage[]; lines: Map<string, LineState> }> {
  const coveringIn = (index: RoundIndex | undefined) => {
    const covering = coverageOf(index).filter((r) => coversDate(r, q.startDate));
    return { covering, offering: covering.filter((r) => r.lines.some((l) => l.region === q.region && l.category === q.category)) };
  };
  const lineItemKey = (roundId: string) => keys.roundLine(roundId, q.region, q.category);
  const guessed = rememberedIndex ? coveringIn(rememberedIndex).offering.map((r) => r.roundId) : [];
  const first = await batchGet([keys.roundIndex(), ...guessed.map(lineItemKey)], { consistent: true });
  const index = indexOf(first.get(itemKeyText(keys.roundIndex())));
  rememberedIndex = index;
  const { covering, offering } = coveringIn(index);
  const unread = offering.filter((r) => !guessed.includes(r.roundId)).map((r) => lineItemKey(r.roundId));
  const second = unread.length > 0 ? await batchGet(unread, { consistent: true }) : new Map<string, Record<string, unknown>>();
  const lines = new Map<string, LineState>();
  for (const r of offering) {
    const item = first.get(itemKeyText(lineItemKey(r.roundId))) ?? second.get(itemKeyText(lineItemKey(r.roundId)));
    if (item) lines.set(r.roundId, lineState(item));
  }
  return { covering, offering, lines };
}

// ---------------------------------------------------------------------------------------------
// Changes.

/** Publishes a round: meta, every line and the index bump, checked against the overlap rule, as one commit. */
export async function publishRound(actor: Actor, input: PublishRound): Promise<RoundView> {
  const { result } = await commit(actor, async (now) => {
    const index = await readIndex();
    // The index is one item holding every round's window and lines (~1 KB each): bounded well inside
    // DynamoDB's 400 KB, with a clear refusal rather than a failed write.
    if (Object.keys(index?.rounds ?? {}).length >= MAX_ROUNDS) throw new Conflict(`At most ${MAX_ROUNDS} allocation rounds can be published; amend an existing round instead.`);
    const clashes = findClashes(input, coverageOf(index));
    if (clashes.length > 0) throw new Conflict(describeClashes(clashes), undefined, { clashes });

    // A fresh id on every attempt: a (vanishingly unlikely) collision just retries.
    const roundId = NEW_ROUND_ID();
    const table = tableName();
    const lines: LineState[] = input.lines.map((l) => {
      const totalKw = toKw(l.mw);
      return { region: l.region, category: l.category, totalKw, approvedKw: 0, remainingKw: totalKw, maxPerApplicantKw: toKw(l.maxPerApplicantMw), minRequestKw: toKw(l.minRequestMw) };
    });
    const meta = {
      ...keys.round(roundId),
      gsi3pk: "ROUNDS",
      gsi3sk: `${input.effectiveFrom}#${roundId}`,
      entity: "round",
      roundId,
      name: input.name,
      ...(input.description ? { description: input.description } : {}),
      effectiveFrom: input.effectiveFrom,
      effectiveTo: input.effectiveTo,
      tariffUsdCentsPerKwh: input.tariffUsdCentsPerKwh,
      publishedAt: now,
      publishedBy: actor.sub,
      version: 1,
    };
    const entry: IndexEntry = {
      name: input.name,
      effectiveFrom: input.effectiveFrom,
      effectiveTo: input.effectiveTo,
      tariffUsdCentsPerKwh: input.tariffUsdCentsPerKwh,
      lines: lines.map((l) => lineKey(l.region, l.category)),
    };
    const nextIndex = { ...keys.roundIndex(), version: (index?.version ?? 0) + 1, rounds: { ...(index?.rounds ?? {}), [roundId]: entry } };
    const items: TxItem[] = [
      { item: { Put: { TableName: table, Item: meta, ConditionExpression: "attribute_not_exists(pk)" } }, onConditionFailed: () => "retry" },
      ...lines.map(
        (l): TxItem => ({
          item: {
            Put: {
              TableName: table,
              Item: { ...keys.roundLine(roundId, l.region, l.category), entity: "roundLine", roundId, ...l, updatedAt: now },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          onConditionFailed: () => "retry",
        }),
      ),
      {
        // Another publish moved the index since we read it: rebuild, re-running the overlap check.
        item: index
          ? { Put: { TableName: table, Item: nextIndex, ConditionExpression: "version = :v", ExpressionAttributeValues: { ":v": index.version } } }
          : { Put: { TableName: table, Item: nextIndex, ConditionExpression: "attribute_not_exists(pk)" } },
        onConditionFailed: () => "retry",
      },
    ];
    return {
      items,
      event: {
        action: "round.published",
        entityType: "round",
        entityId: roundId,
        data: {
          name: input.name,
          ...(input.description ? { description: input.description } : {}),
          effectiveFrom: input.effectiveFrom,
          effectiveTo: input.effectiveTo,
          tariffUsdCentsPerKwh: input.tariffUsdCentsPerKwh,
          lines: [...lines].sort(compareLines).map((l) => ({
            region: l.region,
            category: l.category,
            mw: toMw(l.totalKw),
            maxPerApplicantMw: toMw(l.maxPerApplicantKw),
            minRequestMw: toMw(l.minRequestKw),
          })),
        },
      },
      result: roundView(meta, lines),
    };
  });
  return result;
}

/**
 * Moves one existing line's total by deltaMw (and what remains with it), never below what is
 * approved; bumps the round's version. Lines cannot be added this way: a new (region, category)
 * would need the overlap check, so that takes a new round.
 */
export async function amendRound(actor: Actor, roundId: string, amendment: Amendment): Promise<RoundView> {
  const deltaKw = toKw(amendment.deltaMw);
  const { region, category } = amendment;
  await commit(actor, async (now) => {
    const [meta, line] = await Promise.all([
      dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.round(roundId), ConsistentRead: true })).then((r) => r.Item),
      readLine(roundId, region, category),
    ]);
    if (!meta) throw new NotFound(`There is no allocation round ${roundId}.`);
    if (!line) {
      throw new NotFound(
        `Round "${meta.name}" has no line for ${region} / ${category}. Amendments change existing lines only; ` +
          "to offer MW for another region or category, publish a new round (publishing checks it against overlapping rounds).",
      );
    }
    const refuse = (state: LineState) => {
      const check = checkAmendment(state, deltaKw);
      if (check.ok) return undefined;
      return check.problem === "below-approved"
        ? new Conflict(check.message, undefined, { approvedMw: toMw(state.approvedKw), remainingMw: toMw(state.remainingKw), mw: toMw(state.totalKw) })
        : new ValidationError(check.message, [{ path: "deltaMw", message: `the line may hold at most ${LIMITS.maxLineMw} MW` }]);
    };
    const refused = refuse(line);
    if (refused) throw refused;

    return {
      items: [
        {
          item: {
            Update: {
              TableName: tableName(),
              Key: keys.roundLine(roundId, region, category),
              UpdateExpression: "SET totalKw = totalKw + :d, remainingKw = remainingKw + :d, amendedAt = :now, updatedAt = :now",
              // totalKw as read keeps the event's before/after exact; a concurrent amendment makes us rebuild.
              ConditionExpression: "attribute_exists(pk) AND totalKw = :total AND remainingKw >= :minusD",
              ExpressionAttributeValues: { ":d": deltaKw, ":minusD": -deltaKw, ":total": line.totalKw, ":now": now },
              ReturnValuesOnConditionCheckFailure: "ALL_OLD",
            },
          },
          onConditionFailed: (current) => {
            if (!current) return new NotFound(`Round ${roundId} has no line for ${region} / ${category}.`);
            const state = lineState(current);
            if (state.totalKw !== line.totalKw) return "retry";
            return refuse(state) ?? "retry";
          },
        },
        {
          item: {
            Update: {
              TableName: tableName(),
              Key: keys.round(roundId),
              UpdateExpression: "SET version = version + :one, amendedAt = :now",
              ConditionExpression: "attribute_exists(pk)",
              ExpressionAttributeValues: { ":one": 1, ":now": now },
            },
          },
          onConditionFailed: () => new NotFound(`There is no allocation round ${roundId}.`),
        },
      ],
      event: {
        action: "round.amended",
        entityType: "round",
        entityId: roundId,
        data: {
          region,
          category,
          deltaMw: toMw(deltaKw),
          mwBefore: toMw(line.totalKw),
          mwAfter: toMw(line.totalKw + deltaKw),
          reason: amendment.reason,
        },
      },
      result: undefined,
    };
  });
  const round = await getRound(roundId);
  if (!round) throw new NotFound(`There is no allocation round ${roundId}.`);
  return round;
}
