import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EMPTY_ROOT,
  appendLeaves,
  consistencyProof,
  consistencyRanges,
  foldNodes,
  hashChildren,
  hashLeaf,
  inclusionProof,
  inclusionRanges,
  rangeNodes,
  rootNodes,
  rootOf,
  verifyConsistency,
  verifyInclusion,
  type Hash,
  type Range,
} from "../../lambdas/domain/merkle.ts";
import { CONSISTENCY, INCLUSION, LEAF_INPUTS, ROOTS } from "./merkle-vectors.ts";

// The RFC 9162 section 2.1 definitions, written as the RFC writes them (recursion on lists), with
// their own SHA-256: the module is checked against these, not against itself.
const sha = (...parts: Uint8Array[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest();
};
const naiveLeaf = (d: Uint8Array) => sha(Buffer.from([0]), d);
const naiveNode = (l: Buffer, r: Buffer) => sha(Buffer.from([1]), l, r);
const largestPowerBelow = (n: number) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

/** MTH over leaf hashes (D is given already hashed, so MTH({d}) is the leaf hash itself). */
function MTH(D: Buffer[]): Buffer {
  if (D.length === 0) return sha();
  if (D.length === 1) return D[0];
  const k = largestPowerBelow(D.length);
  return naiveNode(MTH(D.slice(0, k)), MTH(D.slice(k)));
}

function PATH(m: number, D: Buffer[]): Buffer[] {
  const n = D.length;
  if (n === 1) return [];
  const k = largestPowerBelow(n);
  if (m < k) return [...PATH(m, D.slice(0, k)), MTH(D.slice(k))];
  return [...PATH(m - k, D.slice(k)), MTH(D.slice(0, k))];
}

function SUBPROOF(m: number, D: Buffer[], b: boolean): Buffer[] {
  const n = D.length;
  if (m === n) return b ? [] : [MTH(D)];
  const k = largestPowerBelow(n);
  if (m <= k) return [...SUBPROOF(m, D.slice(0, k), b), MTH(D.slice(k))];
  return [...SUBPROOF(m - k, D.slice(k), false), MTH(D.slice(0, k))];
}
const PROOF = (m: number, D: Buffer[]) => SUBPROOF(m, D, true);

const hex = (hashes: readonly Hash[]) => hashes.map((h) => h.toString("hex"));
const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => naiveLeaf(Buffer.from(`event ${i}`)));
const flipBit = (h: Buffer, bit: number) => {
  const copy = Buffer.from(h);
  copy[bit >> 3] ^= 1 << (bit & 7);
  return copy;
};

const MAX = 70;
const LEAVES = leavesOf(MAX);
const ROOT = Array.from({ length: MAX + 1 }, (_, n) => MTH(LEAVES.slice(0, n)));

describe("RFC 9162 tree hashes", { timeout: 120_000 }, () => {
  it("hashes the empty tree, leaves and nodes as the RFC says", () => {
    expect(EMPTY_ROOT.toString("hex")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(rootOf([])).toEqual(EMPTY_ROOT);
    const a = hashLeaf(Buffer.from("a"));
    expect(a).toEqual(naiveLeaf(Buffer.from("a")));
    expect(hashChildren(a, EMPTY_ROOT)).toEqual(naiveNode(a, EMPTY_ROOT));
  });

  it("gives the published roots of the RFC 6962 reference tree (transparency-dev/merkle)", () => {
    const leaves = LEAF_INPUTS.map((h) => hashLeaf(Buffer.from(h, "hex")));
    for (let n = 0; n <= leaves.length; n++) expect(rootOf(leaves.slice(0, n)).toString("hex"), `size ${n}`).toBe(ROOTS[n]);
  });

  it("rootOf, and the fold of rootNodes, equal MTH for every size up to 70", () => {
    for (let n = 0; n <= MAX; n++) {
      expect(rootOf(LEAVES.slice(0, n))).toEqual(ROOT[n]);
      const frontier = rootNodes(n).map(({ level, index }) => MTH(LEAVES.slice(index * 2 ** level, (index + 1) * 2 ** level)));
      expect(foldNodes(frontier), `size ${n}`).toEqual(ROOT[n]);
    }
  });

  it("decomposes a range into perfect subtrees, largest first, and refuses one no proof can name", () => {
    expect(rootNodes(0)).toEqual([]);
    expect(rootNodes(13)).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    expect(rangeNodes({ start: 8, end: 11 })).toEqual([
      { level: 1, index: 4 },
      { level: 0, index: 10 },
    ]);
    expect(() => rangeNodes({ start: 1, end: 4 })).toThrow(/not a subtree/);
    expect(() => rangeNodes({ start: 5, end: 4 })).toThrow(/ends before/);
  });
});

describe("appendLeaves", { timeout: 120_000 }, () => {
  it("yields every completed perfect subtree with its MTH, and the frontier, for any batching", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 12 }), (batches) => {
        let size = 0;
        let frontier: Hash[] = [];
        const written = new Map<string, string>();
        for (const count of batches) {
          const end = Math.min(size + count, MAX);
          const result = appendLeaves(size, frontier, LEAVES.slice(size, end));
          for (const node of result.nodes) {
            const range = { start: node.index * 2 ** node.level, end: (node.index + 1) * 2 ** node.level };
            expect(range.end).toBeLessThanOrEqual(end);
            expect(range.end, "completed by this batch").toBeGreaterThan(size);
            expect(node.hash).toEqual(MTH(LEAVES.slice(range.start, range.end)));
            written.set(`${node.level}/${node.index}`, node.hash.toString("hex"));
          }
          size = end;
          frontier = result.frontier;
          expect(frontier.length).toBe(rootNodes(size).length);
          expect(foldNodes(frontier)).toEqual(ROOT[size]);
        }
        // Every perfect subtree inside the tree was written exactly once, by the batch that completed it.
        let perfect = 0;
        for (let level = 0; 2 ** level <= size; level++) perfect += Math.floor(size / 2 ** level);
        expect(written.size).toBe(perfect);
      }),
      { numRuns: 200 },
    );
  });

  it("refuses a frontier that does not fit the tree size", () => {
    expect(() => appendLeaves(3, [LEAVES[0]], [LEAVES[3]])).toThrow(/2 frontier hashes, got 1/);
  });
});

describe("inclusion proofs", { timeout: 120_000 }, () => {
  it("equal PATH(m, D[n]) for every leaf of every tree up to 70, and verify", () => {
    for (let n = 1; n <= MAX; n++) {
      const D = LEAVES.slice(0, n);
      for (let m = 0; m < n; m++) {
        const expected = PATH(m, D);
        const byRanges = inclusionRanges(m, n).map((r) => foldNodes(rangeNodes(r).map(({ level, index }) => MTH(D.slice(index * 2 ** level, (index + 1) * 2 ** level)))));
        expect(hex(byRanges), `PATH(${m}, D[${n}])`).toEqual(hex(expected));
        const proof = inclusionProof(m, n, LEAVES);
        expect(hex(proof)).toEqual(hex(expected));
        expect(verifyInclusion(m, n, LEAVES[m], proof, ROOT[n])).toBe(true);
      }
    }
  });

  it("refuses a changed hash, a wrong index or size, a shortened or lengthened proof (every tree up to 24)", () => {
    for (let n = 1; n <= 24; n++) {
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(m, n, LEAVES);
        const root = ROOT[n];
        expect(verifyInclusion(m, n, flipBit(LEAVES[m], 5), proof, root)).toBe(false);
        expect(verifyInclusion(m, n, LEAVES[m], proof, flipBit(root, 200))).toBe(false);
        proof.forEach((_, i) => {
          const bad = proof.map((h, j) => (j === i ? flipBit(h, 77) : h));
          expect(verifyInclusion(m, n, LEAVES[m], bad, root)).toBe(false);
        });
        for (const other of [m - 1, m + 1, m ^ 2]) {
          if (other !== m && other >= 0) expect(verifyInclusion(other, n, LEAVES[m], proof, root), `index ${other} for ${m}/${n}`).toBe(false);
        }
        // The proof does not bind the size (the signed checkpoint does: a proof for size 3 computes
        // the same root when called size 4), so a wrong size is claimed with that size's own root.
        for (const size of [n - 1, n + 1, n * 2]) {
          if (size !== n && size > m) expect(verifyInclusion(m, size, LEAVES[m], proof, ROOT[size]), `size ${size} for ${m}/${n}`).toBe(false);
        }
        if (proof.length > 0) expect(verifyInclusion(m, n, LEAVES[m], proof.slice(0, -1), root)).toBe(false);
        expect(verifyInclusion(m, n, LEAVES[m], [...proof, root], root)).toBe(false);
        expect(verifyInclusion(m, n, LEAVES[m], [root, ...proof], root)).toBe(false);
      }
    }
  });

  it("holds for large random trees too (fast-check)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.nat(), (n, seed) => {
        const leaves = leavesOf(n);
        const m = seed % n;
        const root = rootOf(leaves);
        const proof = inclusionProof(m, n, leaves);
        expect(proof.length).toBe(inclusionRanges(m, n).length);
        expect(verifyInclusion(m, n, leaves[m], proof, root)).toBe(true);
        if (n > 1) expect(verifyInclusion((m + 1) % n, n, leaves[m], proof, root)).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it("refuses nonsense arguments instead of answering", () => {
    expect(() => inclusionRanges(3, 3)).toThrow(/not in a tree of size 3/);
    expect(() => inclusionRanges(-1, 3)).toThrow(RangeError);
    expect(verifyInclusion(0, 0, LEAVES[0], [], EMPTY_ROOT)).toBe(false);
    expect(verifyInclusion(0, 1, LEAVES[0].subarray(0, 31), [], ROOT[1])).toBe(false);
  });
});

describe("consistency proofs", { timeout: 120_000 }, () => {
  it("equal PROOF(m, D[n]) for every 0 < m <= n <= 70, and verify", () => {
    for (let n = 1; n <= MAX; n++) {
      const D = LEAVES.slice(0, n);
      for (let m = 1; m <= n; m++) {
        const expected = PROOF(m, D);
        const ranges: Range[] = consistencyRanges(m, n);
        const byRanges = ranges.map((r) => MTH(D.slice(r.start, r.end)));
        expect(hex(byRanges), `PROOF(${m}, D[${n}])`).toEqual(hex(expected));
        const proof = consistencyProof(m, n, LEAVES);
        expect(hex(proof)).toEqual(hex(expected));
        expect(verifyConsistency(m, n, ROOT[m], ROOT[n], proof), `${m} -> ${n}`).toBe(true);
      }
    }
  });

  it("refuses a changed hash, wrong sizes, wrong roots, a shortened proof (every pair up to 24)", () => {
    for (let n = 1; n <= 24; n++) {
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(m, n, LEAVES);
        expect(verifyConsistency(m, n, flipBit(ROOT[m], 3), ROOT[n], proof)).toBe(false);
        expect(verifyConsistency(m, n, ROOT[m], flipBit(ROOT[n], 3), proof)).toBe(false);
        proof.forEach((_, i) => {
          const bad = proof.map((h, j) => (j === i ? flipBit(h, 100) : h));
          expect(verifyConsistency(m, n, ROOT[m], ROOT[n], bad), `hash ${i} of ${m} -> ${n}`).toBe(false);
        });
        if (proof.length > 0) expect(verifyConsistency(m, n, ROOT[m], ROOT[n], proof.slice(0, -1))).toBe(false);
        expect(verifyConsistency(m, n, ROOT[m], ROOT[n], [...proof, ROOT[n]])).toBe(false);
        if (m > 1) expect(verifyConsistency(m - 1, n, ROOT[m], ROOT[n], proof)).toBe(false);
        if (m < n) expect(verifyConsistency(m, n + 1, ROOT[m], ROOT[n + 1], proof)).toBe(false);
        // A log that rewrote its history: the old root of another history, the same new tree.
        const forked = LEAVES.slice(0, m).map((h, i) => (i === m - 1 ? flipBit(h, 1) : h));
        expect(verifyConsistency(m, n, MTH(forked), ROOT[n], proof)).toBe(false);
      }
    }
  });

  it("refuses a proof from the empty tree and m > n", () => {
    expect(() => consistencyRanges(0, 4)).toThrow(RangeError);
    expect(() => consistencyRanges(5, 4)).toThrow(RangeError);
    expect(verifyConsistency(0, 4, EMPTY_ROOT, ROOT[4], [])).toBe(false);
    expect(verifyConsistency(5, 4, ROOT[5], ROOT[4], [])).toBe(false);
  });
});

describe("the published vectors of transparency-dev/merkle", { timeout: 120_000 }, () => {
  const b64 = (s: string) => Buffer.from(s, "base64");
  // Where the Go library compares whatever bytes it is given, this module first refuses anything
  // that is not a 32-byte SHA-256: a 12-byte "root" that equals itself is no root.
  const STRICTER = new Set(["consistency/additional/sizes-are-equal-one-and-proof-is-empty.json"]);

  it.each(INCLUSION)("inclusion %s", (_file, leafIndex, treeSize, leafHash, root, proof, wantErr) => {
    const index = typeof leafIndex === "string" ? Number(leafIndex) : leafIndex;
    expect(verifyInclusion(index, treeSize, b64(leafHash), proof.map(b64), b64(root))).toBe(!wantErr);
  });

  it.each(CONSISTENCY)("consistency %s", (file, size1, size2, root1, root2, proof, wantErr) => {
    const ok = verifyConsistency(size1, size2, b64(root1), b64(root2), proof.map(b64));
    expect(ok).toBe(STRICTER.has(file) ? false : !wantErr);
  });

  it("the happy paths are the proofs this module computes over the reference tree", () => {
    const leaves = LEAF_INPUTS.map((h) => hashLeaf(Buffer.from(h, "hex")));
    const happy = INCLUSION.filter(([file]) => file.endsWith("/happy-path.json"));
    expect(happy.length).toBeGreaterThan(3);
    for (const [, leafIndex, treeSize, , , proof] of happy) {
      expect(inclusionProof(Number(leafIndex), treeSize, leaves).map((h) => h.toString("base64"))).toEqual(proof);
    }
    for (const [, size1, size2, , , proof] of CONSISTENCY.filter(([file]) => /^consistency\/\d\/happy-path/.test(file))) {
      expect(consistencyProof(size1, size2, leaves).map((h) => h.toString("base64"))).toEqual(proof);
    }
  });
});
