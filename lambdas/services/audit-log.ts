import { NotFound, ValidationError } from "../domain/errors.ts";
import { consistencyRanges, foldNodes, inclusionRanges, rangeNodes, type Range } from "../domain/merkle.ts";
import { readLogHead, type LogHead } from "../store/log-head.ts";
import { readLeaves, readNodeHashes } from "../store/log-tiles.ts";

// Auditors' proofs, RFC 9162 section 2.1.3 (inclusion) and 2.1.4 (consistency), answered from the
// stored tiles: each proof hash is the fold of the few perfect subtrees its range is made of.

export interface InclusionProof {
  seq: number;
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  hashes: string[];
}

export interface ConsistencyProof {
  from: number;
  to: number;
  hashes: string[];
}

async function latest(): Promise<LogHead> {
  const head = await readLogHead();
  if (!head) throw new NotFound("The log has no signed checkpoint yet.");
  return head;
}

/** Each range's hash from one read of every tile the ranges need. */
async function rangeHashes(ranges: readonly Range[]): Promise<string[]> {
  const nodes = ranges.map(rangeNodes);
  const hashes = await readNodeHashes(nodes.flat());
  let at = 0;
  return nodes.map((n) => {
    const folded = foldNodes(hashes.slice(at, at + n.length));
    at += n.length;
    return folded.toString("hex");
  });
}

export async function inclusionProof(seq: number, treeSize?: number): Promise<InclusionProof> {
  const head = await latest();
  const size = treeSize ?? head.size;
  if (size > head.size) {
    throw new ValidationError("The query string is not valid.", [{ path: "treeSize", message: `the log's latest checkpoint has ${head.size} events` }]);
  }
  if (seq > size) throw new NotFound(`There is no event ${seq} in a tree of ${size} events.`);
  const leafIndex = seq - 1;
  const [leaf, hashes] = await Promise.all([readLeaves(leafIndex, seq), rangeHashes(inclusionRanges(leafIndex, size))]);
  return { seq, leafIndex, treeSize: size, leafHash: leaf.hashes[0].toString("hex"), hashes };
}

export async function consistencyProof(from: number, to: number): Promise<ConsistencyProof> {
  const head = await latest();
  if (from > to) throw new ValidationError("The query string is not valid.", [{ path: "from", message: "must be at most to" }]);
  if (to > head.size) throw new ValidationError("The query string is not valid.", [{ path: "to", message: `the log's latest checkpoint has ${head.size} events` }]);
  return { from, to, hashes: await rangeHashes(consistencyRanges(from, to)) };
}
