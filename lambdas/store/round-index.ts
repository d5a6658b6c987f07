import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { dynamo, tableName } from "./clients.ts";
import { keys } from "./keys.ts";
import type { TxItem } from "./commit.ts";
import { batchGet, itemKeyText } from "./batch-get.ts";
import { lineState, type StoredLine } from "./rounds.ts";
import { coversDate, type RoundCoverage } from "../domain/rounds.ts";
import { EnergyCategory, Region } from "../schemas/common.ts";

// The round index: ROUNDS/INDEX holds every published round's window and (region, category) pairs
// plus a version. Publishing reads it with a consistent read, checks the overlap rule against it and
// writes it back conditioned on that version, so two concurrent publishes can never both pass the
// check (and no eventually consistent GSI read is involved). Eligibility and approvals find the
// covering round through the same consistent read.

export interface IndexEntry {
  name: string;
  effectiveFrom: string;
  effectiveTo: string;
  tariffUsdCentsPerKwh: number;
  lines: string[];
}

export interface RoundIndex {
  version: number;
  rounds: Record<string, IndexEntry>;
}

export type Coverage = RoundCoverage & { tariffUsdCentsPerKwh: number };

/** The index holds one entry per round (~1 KB): bounded well inside DynamoDB's 400 KB. */
export const MAX_ROUNDS = 200;

function entryOf(value: unknown): IndexEntry | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const e = value as Record<string, unknown>;
  return {
    name: String(e.name),
    effectiveFrom: String(e.effectiveFrom),
    effectiveTo: String(e.effectiveTo),
    tariffUsdCentsPerKwh: Number(e.tariffUsdCentsPerKwh),
    lines: Array.isArray(e.lines) ? e.lines.map(String) : [],
  };
}

function indexOf(item: Record<string, unknown> | undefined): RoundIndex | undefined {
  if (!item) return undefined;
  const rounds: Record<string, IndexEntry> = {};
  for (const [roundId, value] of Object.entries((item.rounds ?? {}) as Record<string, unknown>)) {
    const entry = entryOf(value);
    if (entry) rounds[roundId] = entry;
  }
  return { version: Number(item.version), rounds };
}

export async function readIndex(): Promise<RoundIndex | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.roundIndex(), ConsistentRead: true }));
  return indexOf(Item);
}

export function coverageOf(index: RoundIndex | undefined): Coverage[] {
  return Object.entries(index?.rounds ?? {}).map(([roundId, e]) => ({
    roundId,
    name: e.name,
    effectiveFrom: e.effectiveFrom,
    effectiveTo: e.effectiveTo,
    tariffUsdCentsPerKwh: e.tariffUsdCentsPerKwh,
    lines: e.lines.map((k) => {
      const [region, category] = k.split("#");
      return { region: Region.parse(region), category: EnergyCategory.parse(category) };
    }),
  }));
}

/** The index with one more round, conditioned on the version read: another publish meanwhile rebuilds (and re-checks overlaps). */
export function putIndexWith(index: RoundIndex | undefined, roundId: string, entry: IndexEntry): TxItem {
  const next = { ...keys.roundIndex(), version: (index?.version ?? 0) + 1, rounds: { ...(index?.rounds ?? {}), [roundId]: entry } };
  return {
    item: index
      ? { Put: { TableName: tableName(), Item: next, ConditionExpression: "version = :v", ExpressionAttributeValues: { ":v": index.version } } }
      : { Put: { TableName: tableName(), Item: next, ConditionExpression: "attribute_not_exists(pk)" } },
    onConditionFailed: () => "retry",
  };
}

/** True once any round has been published (the local runtime seeds only an empty registry). */
export async function hasPublishedRounds(): Promise<boolean> {
  return Object.keys((await readIndex())?.rounds ?? {}).length > 0;
}

export interface LineQuestion {
  category: string;
  region: string;
  startDate: string;
}

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
export async function readCoveringLines(q: LineQuestion): Promise<{ covering: Coverage[]; offering: Coverage[]; lines: Map<string, StoredLine> }> {
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
  const lines = new Map<string, StoredLine>();
  for (const r of offering) {
    const item = first.get(itemKeyText(lineItemKey(r.roundId))) ?? second.get(itemKeyText(lineItemKey(r.roundId)));
    if (item) lines.set(r.roundId, lineState(item));
  }
  return { covering, offering, lines };
}
