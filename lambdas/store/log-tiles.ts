import type { Hash, NodeId } from "../domain/merkle.ts";
import { rootOf } from "../domain/merkle.ts";
import { batchGet, itemKeyText } from "./batch-get.ts";
import { tableName } from "./clients.ts";
import type { TransactItem } from "./commit.ts";
import { keys } from "./keys.ts";

// The Merkle tree's stored nodes, laid out like C2SP tlog-tiles: a tile of level L holds up to 256
// consecutive hashes of tree level 8L (level-0 tiles: leaf hashes; level-1 tiles: roots of complete
// level-0 tiles; ...). Any perfect subtree's hash is at most 255 hashes of one tile folded up, so a
// proof reads a few tiles; and a batch of 90 new leaves appends to one or two level-0 tiles and at
// most one tile of each higher level, so the sequencer's transaction stays within 100 items.
// Level-0 tiles also keep, beside each leaf hash, the key of the event it is (`refs`): how a page of
// events is found by seq without a global index.

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 2 ** TILE_HEIGHT;

export interface TileAppend {
  level: number;
  index: number;
  /** How many hashes the tile holds before this append. */
  offset: number;
  hashes: Hash[];
  refs: string[];
}

/** `sk pk` of an event item: the sk is 12 digits, so the two split without a separator. */
export const eventRef = (key: { pk: string; sk: string }): string => `${key.sk}${key.pk}`;
export const refKey = (ref: string): { pk: string; sk: string } => ({ sk: ref.slice(0, 12), pk: ref.slice(12) });

/**
 * The tile appends that store the nodes appendLeaves() completed: those on tile boundaries (levels
 * 0, 8, 16, ...), grouped by tile. `refs[i]` is the event of the i-th new leaf.
 */
export function tileAppends(nodes: ReadonlyArray<NodeId & { hash: Hash }>, firstLeaf: number, refs: readonly string[]): TileAppend[] {
  const appends = new Map<string, TileAppend>();
  for (const node of nodes) {
    if (node.level % TILE_HEIGHT !== 0) continue;
    const level = node.level / TILE_HEIGHT;
    const index = Math.floor(node.index / TILE_WIDTH);
    const id = `${level}/${index}`;
    let append = appends.get(id);
    if (!append) {
      append = { level, index, offset: node.index % TILE_WIDTH, hashes: [], refs: [] };
      appends.set(id, append);
    }
    append.hashes.push(node.hash);
    if (level === 0) append.refs.push(refs[node.index - firstLeaf]);
  }
  return [...appends.values()];
}

/** One conditioned append: the tile must hold exactly `offset` hashes, so a tile is never written twice over. */
export function tileAppendItem(append: TileAppend): TransactItem {
  const refs = append.level === 0;
  return {
    Update: {
      TableName: tableName(),
      Key: keys.logTile(append.level, append.index),
      UpdateExpression: `SET h = list_append(if_not_exists(h, :empty), :h), #c = if_not_exists(#c, :zero) + :k${refs ? ", r = list_append(if_not_exists(r, :empty), :r)" : ""}`,
      ConditionExpression: append.offset === 0 ? "attribute_not_exists(pk)" : "#c = :offset",
      ExpressionAttributeNames: { "#c": "count" },
      ExpressionAttributeValues: {
        ":empty": [],
        ":h": append.hashes,
        ":zero": 0,
        ":k": append.hashes.length,
        ...(refs ? { ":r": append.refs } : {}),
        ...(append.offset === 0 ? {} : { ":offset": append.offset }),
      },
    },
  };
}

interface Tile {
  hashes: Hash[];
  refs: string[];
}

function toTile(item: Record<string, unknown> | undefined): Tile {
  return {
    hashes: ((item?.h as Uint8Array[] | undefined) ?? []).map((h) => Buffer.from(h)),
    refs: (item?.r as string[] | undefined) ?? [],
  };
}

// A full tile never changes again (appends are conditioned on the count, and the count only grows
// to TILE_WIDTH), so a function keeps the full tiles it read: later pages and proofs over the same
// leaves read only what is new. At most FULL_TILES_CACHED of them (~25 KB each), oldest read first out;
// keyed by table too, so a process that ever reads two tables cannot mix their logs.
const FULL_TILES_CACHED = 256;
const fullTiles = new Map<string, Tile>();
const cacheKey = (level: number, index: number) => `${tableName()}/${level}/${index}`;

function cacheIfFull(key: string, tile: Tile): void {
  if (tile.hashes.length !== TILE_WIDTH) return;
  fullTiles.delete(key);
  fullTiles.set(key, tile);
  if (fullTiles.size > FULL_TILES_CACHED) fullTiles.delete(fullTiles.keys().next().value as string);
}

/** The tiles (strongly consistent), by `level/index`; a tile not written yet reads as empty. */
export async function readTiles(ids: ReadonlyArray<{ level: number; index: number }>): Promise<Map<string, Tile>> {
  const distinct = [...new Map(ids.map((t) => [`${t.level}/${t.index}`, t])).values()];
  const out = new Map<string, Tile>();
  const missing = distinct.filter((t) => {
    const cached = fullTiles.get(cacheKey(t.level, t.index));
    if (cached) out.set(`${t.level}/${t.index}`, cached);
    return !cached;
  });
  if (missing.length > 0) {
    const found = await batchGet(missing.map((t) => keys.logTile(t.level, t.index)), { consistent: true });
    for (const t of missing) {
      const tile = toTile(found.get(itemKeyText(keys.logTile(t.level, t.index))));
      cacheIfFull(cacheKey(t.level, t.index), tile);
      out.set(`${t.level}/${t.index}`, tile);
    }
  }
  return out;
}

/** The indexes of the level-0 tiles that hold leaves [start, end) (none for an empty range). */
function leafTileIndexes(start: number, end: number): number[] {
  const indexes: number[] = [];
  if (end > start) for (let t = Math.floor(start / TILE_WIDTH); t <= Math.floor((end - 1) / TILE_WIDTH); t++) indexes.push(t);
  return indexes;
}

/** Leaves [start, end) out of the level-0 tiles `leafTileIndexes` named, as far as they hold them. */
function sliceLeaves(start: number, end: number, tiles: ReadonlyArray<{ index: number; tile: Tile }>): { hashes: Hash[]; refs: string[] } {
  const hashes: Hash[] = [];
  const refs: string[] = [];
  for (const { index, tile } of tiles) {
    const from = Math.max(start, index * TILE_WIDTH) - index * TILE_WIDTH;
    const to = Math.min(end, (index + 1) * TILE_WIDTH) - index * TILE_WIDTH;
    hashes.push(...tile.hashes.slice(from, to));
    refs.push(...tile.refs.slice(from, to));
    // A tile that stops short is the tree's edge: nothing after it is stored yet.
    if (tile.hashes.length < to) break;
  }
  return { hashes, refs };
}

/** The event refs of leaves [start, end) when every level-0 tile they are in is a full tile this function holds; else undefined. */
export function cachedRefs(start: number, end: number): string[] | undefined {
  const tiles: { index: number; tile: Tile }[] = [];
  for (const index of leafTileIndexes(start, end)) {
    const tile = fullTiles.get(cacheKey(0, index));
    if (!tile) return undefined;
    tiles.push({ index, tile });
  }
  return sliceLeaves(start, end, tiles).refs;
}

/** Where a perfect subtree's hash is: 2^h consecutive hashes of one tile. */
function locate(node: NodeId): { level: number; index: number; offset: number; count: number } {
  const level = Math.floor(node.level / TILE_HEIGHT);
  const count = 2 ** (node.level % TILE_HEIGHT);
  const first = node.index * count;
  return { level, index: Math.floor(first / TILE_WIDTH), offset: first % TILE_WIDTH, count };
}

/** The hashes of perfect subtrees (all complete in the stored tree), in the order asked. */
export async function readNodeHashes(nodes: readonly NodeId[]): Promise<Hash[]> {
  const places = nodes.map(locate);
  const tiles = await readTiles(places);
  return places.map((p, i) => {
    const entries = tiles.get(`${p.level}/${p.index}`)!.hashes.slice(p.offset, p.offset + p.count);
    if (entries.length !== p.count) throw new Error(`the log has no node at level ${nodes[i].level}, index ${nodes[i].index}`);
    return p.count === 1 ? entries[0] : rootOf(entries);
  });
}

/** The leaf hashes and event refs of leaves [start, end); every one must be stored. */
export async function readLeaves(start: number, end: number): Promise<{ hashes: Hash[]; refs: string[] }> {
  const leaves = await readStoredLeaves(start, end);
  if (leaves.hashes.length !== Math.max(0, end - start)) throw new Error(`the log's tiles hold ${leaves.hashes.length} of leaves ${start}..${end - 1}`);
  return leaves;
}

/**
 * Leaves [start, end) as far as the tiles hold them: the stored prefix of the range (possibly empty).
 * For a read that does not know the log's size yet (it reads the head at the same time).
 */
export async function readStoredLeaves(start: number, end: number): Promise<{ hashes: Hash[]; refs: string[] }> {
  const indexes = leafTileIndexes(start, end);
  if (indexes.length === 0) return { hashes: [], refs: [] };
  const tiles = await readTiles(indexes.map((index) => ({ level: 0, index })));
  return sliceLeaves(start, end, indexes.map((index) => ({ index, tile: tiles.get(`0/${index}`)! })));
}
