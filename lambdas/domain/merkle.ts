import { createHash } from "node:crypto";

// The audit log's Merkle tree, exactly RFC 9162 (Certificate Transparency v2) section 2.1:
//   MTH({})      = SHA-256()
//   MTH({d0})    = SHA-256(0x00 || d0)
//   MTH(D[n])    = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])), k the largest power of two < n.
// Storage keeps only perfect subtrees (2^level leaves starting at a multiple of 2^level), which never
// change once complete; every hash the RFC's proofs need is a right fold of a few of them. No npm
// package computes consistency proofs, so this is written out and tested against the RFC's own
// recursive definitions (test/unit/merkle.test.ts).

export type Hash = Buffer;

const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

/** The root of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT: Hash = createHash("sha256").digest();

export function hashLeaf(leaf: Uint8Array): Hash {
  return createHash("sha256").update(LEAF).update(leaf).digest();
}

export function hashChildren(left: Hash, right: Hash): Hash {
  return createHash("sha256").update(NODE).update(left).update(right).digest();
}

/** A perfect subtree: the 2^level leaves [index * 2^level, (index + 1) * 2^level). */
export interface NodeId {
  level: number;
  index: number;
}

/** The leaves [start, end). */
export interface Range {
  start: number;
  end: number;
}

function checkSize(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer, got ${n}`);
}

/** The largest power of two strictly below n (n >= 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The largest power of two <= n (n >= 1). */
function highestPowerOfTwo(n: number): number {
  let k = 1;
  while (k * 2 <= n) k *= 2;
  return k;
}

/**
 * The perfect subtrees, left to right, whose right fold is MTH(D[start:end]). Every range the RFC's
 * proofs name starts at a multiple of the next power of two >= its size, so its subtrees are the
 * binary digits of its size, largest first. Any other range has no such decomposition and is refused.
 */
export function rangeNodes(range: Range): NodeId[] {
  const { start, end } = range;
  checkSize(start, "range start");
  checkSize(end, "range end");
  if (end < start) throw new RangeError(`range [${start}, ${end}) ends before it starts`);
  const nodes: NodeId[] = [];
  let at = start;
  while (at < end) {
    const size = highestPowerOfTwo(end - at);
    if (at % size !== 0) throw new RangeError(`range [${start}, ${end}) is not a subtree of an RFC 9162 tree`);
    let level = 0;
    while (2 ** level < size) level++;
    nodes.push({ level, index: at / size });
    at += size;
  }
  return nodes;
}

/** MTH of a range from the hashes of its rangeNodes, left to right: a right fold (empty: EMPTY_ROOT). */
export function foldNodes(hashes: readonly Hash[]): Hash {
  if (hashes.length === 0) return EMPTY_ROOT;
  let acc = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i--) acc = hashChildren(hashes[i], acc);
  return acc;
}

/** The perfect subtrees a tree of treeSize leaves is made of (its frontier, or compact range). */
export function rootNodes(treeSize: number): NodeId[] {
  return rangeNodes({ start: 0, end: treeSize });
}

/** RFC 9162 2.1.3.1 PATH(m, D[n]) as leaf ranges, in proof order (the leaf's sibling first). */
export function inclusionRanges(leafIndex: number, treeSize: number): Range[] {
  checkSize(leafIndex, "leaf index");
  checkSize(treeSize, "tree size");
  if (leafIndex >= treeSize) throw new RangeError(`leaf index ${leafIndex} is not in a tree of size ${treeSize}`);
  const path: Range[] = [];
  // Walk down from the root, recording the sibling at each split; the proof lists them bottom-up.
  let start = 0;
  let end = treeSize;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (leafIndex < start + k) {
      path.push({ start: start + k, end });
      end = start + k;
    } else {
      path.push({ start, end: start + k });
      start += k;
    }
  }
  return path.reverse();
}

/** RFC 9162 2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true) as leaf ranges, in proof order. */
export function consistencyRanges(m: number, n: number): Range[] {
  checkSize(m, "old tree size");
  checkSize(n, "new tree size");
  if (m < 1 || m > n) throw new RangeError(`a consistency proof needs 0 < m <= n, got m=${m}, n=${n}`);
  const proof: Range[] = [];
  let start = 0;
  let end = n;
  let oldSize = m;
  let whole = true; // SUBPROOF's b: is the old tree's root itself a node of this subtree?
  while (oldSize !== end - start) {
    const k = splitPoint(end - start);
    if (oldSize <= k) {
      proof.push({ start: start + k, end });
      end = start + k;
    } else {
      proof.push({ start, end: start + k });
      start += k;
      oldSize -= k;
      whole = false;
    }
  }
  if (!whole) proof.push({ start, end });
  return proof.reverse();
}

/**
 * Appends leaves to a tree of treeSize leaves whose frontier (the hashes of rootNodes(treeSize), left
 * to right) is given. Returns every perfect subtree completed on the way, leaves (level 0) included,
 * in the order they complete (a child before its parent), so storage can write them; and the new
 * frontier.
 */
export function appendLeaves(
  treeSize: number,
  frontier: readonly Hash[],
  leafHashes: readonly Hash[],
): { nodes: Array<NodeId & { hash: Hash }>; frontier: Hash[] } {
  const roots = rootNodes(treeSize);
  if (frontier.length !== roots.length) {
    throw new RangeError(`a tree of size ${treeSize} has ${roots.length} frontier hashes, got ${frontier.length}`);
  }
  const stack: Array<NodeId & { hash: Hash }> = roots.map((node, i) => ({ ...node, hash: frontier[i] }));
  const nodes: Array<NodeId & { hash: Hash }> = [];
  let size = treeSize;
  for (const leaf of leafHashes) {
    let node = { level: 0, index: size, hash: leaf };
    nodes.push(node);
    // Two neighbours of one level always make their parent: the frontier holds at most one per level.
    while (stack.length > 0 && stack[stack.length - 1].level === node.level) {
      const left = stack.pop()!;
      node = { level: node.level + 1, index: left.index / 2, hash: hashChildren(left.hash, node.hash) };
      nodes.push(node);
    }
    stack.push(node);
    size += 1;
  }
  return { nodes, frontier: stack.map((node) => node.hash) };
}

/** MTH over already-hashed leaves, in one pass with a frontier (memory O(log n)). */
export function rootOf(leafHashes: readonly Hash[]): Hash {
  return foldNodes(appendLeaves(0, [], leafHashes).frontier);
}

function rangeHash(leafHashes: readonly Hash[], range: Range): Hash {
  return rootOf(leafHashes.slice(range.start, range.end));
}

/** The inclusion proof for one leaf, computed from every leaf hash (for the CLI and tests). */
export function inclusionProof(leafIndex: number, treeSize: number, leafHashes: readonly Hash[]): Hash[] {
  if (leafHashes.length < treeSize) throw new RangeError(`a tree of size ${treeSize} needs ${treeSize} leaf hashes, got ${leafHashes.length}`);
  return inclusionRanges(leafIndex, treeSize).map((range) => rangeHash(leafHashes, range));
}

/** The consistency proof from size m to size n, computed from every leaf hash (for the CLI and tests). */
export function consistencyProof(m: number, n: number, leafHashes: readonly Hash[]): Hash[] {
  if (leafHashes.length < n) throw new RangeError(`a tree of size ${n} needs ${n} leaf hashes, got ${leafHashes.length}`);
  return consistencyRanges(m, n).map((range) => rangeHash(leafHashes, range));
}

const isHash = (h: unknown): h is Hash => Buffer.isBuffer(h) && h.length === 32;

/** RFC 9162 2.1.3.2: does `proof` show leafHash at leafIndex in the tree of treeSize with this root? */
export function verifyInclusion(leafIndex: number, treeSize: number, leafHash: Hash, proof: readonly Hash[], root: Hash): boolean {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize) return false;
  if (!isHash(leafHash) || !isHash(root) || !proof.every(isHash)) return false;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 2.1.4.2: does `proof` show the tree of size n with rootN extends the tree of size m with rootM? */
export function verifyConsistency(m: number, n: number, rootM: Hash, rootN: Hash, proof: readonly Hash[]): boolean {
  if (!Number.isSafeInteger(m) || !Number.isSafeInteger(n) || m < 0 || m > n) return false;
  if (!isHash(rootM) || !isHash(rootN) || !proof.every(isHash)) return false;
  // Every tree extends the empty one, so a proof from size 0 proves nothing and is refused (as the
  // Go reference does); a tree is consistent with itself when the roots agree.
  if (m === 0) return false;
  if (m === n) return proof.length === 0 && rootM.equals(rootN);
  if (proof.length === 0) return false;
  const path = (m & (m - 1)) === 0 ? [rootM, ...proof] : [...proof];
  let fn = m - 1;
  let sn = n - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(rootM) && sr.equals(rootN);
}
