import * as z from "zod";
import { checkEvent, shapeProblem, short, type TreeHead } from "./audit-verify.ts";
import { rootOf, verifyConsistency, verifyInclusion, type Hash } from "./merkle.ts";

// The verifier's checks of the API's proofs (GET /api/audit/events/{seq}/proof and
// GET /api/audit/consistency) against signed checkpoints the verifier has already checked. Pure:
// the CLI fetches, these decide. A malformed answer is "could not check"; a proof that does not
// verify is a finding.

const HEX64 = z.string().regex(/^[0-9a-f]{64}$/, "64 lowercase hex characters");
const SIZE = z.number().int().min(0);

export const InclusionAnswer = z.object({
  seq: z.number().int().positive(),
  leafIndex: SIZE,
  treeSize: SIZE,
  leafHash: HEX64,
  hashes: z.array(HEX64),
});

export const ConsistencyAnswer = z.object({ from: SIZE, to: SIZE, hashes: z.array(HEX64) });

export const KeyAnswer = z.object({ origin: z.string().min(1), keyName: z.string().min(1), vkey: z.string().min(1) });

/** An answer the verifier cannot use: it did not check anything (exit 2). */
export class AnswerError extends Error {}

export function parseAnswer<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AnswerError(`${what} did not answer the documented shape: ${shapeProblem(parsed.error)}`);
  return parsed.data;
}

const hashes = (hex: readonly string[]): Hash[] => hex.map((h) => Buffer.from(h, "hex"));

export type Finding = { ok: true } | { ok: false; message: string };

/**
 * One event's inclusion in a verified checkpoint: the event as the API lists it must hash to the
 * proof's leaf hash, and the proof must lead from that leaf at index seq - 1 to the signed root.
 */
export function checkInclusion(seq: number, head: TreeHead, answer: z.infer<typeof InclusionAnswer>, event: unknown): Finding {
  if (answer.seq !== seq || answer.leafIndex !== seq - 1 || answer.treeSize !== head.treeSize) {
    throw new AnswerError(
      `the proof is for seq ${answer.seq} (leaf ${answer.leafIndex}) in a tree of ${answer.treeSize}, not seq ${seq} (leaf ${seq - 1}) in the checkpoint's ${head.treeSize}`,
    );
  }
  if ((event as { seq?: unknown } | null)?.seq !== seq) throw new AnswerError(`the API did not list seq ${seq} as the event after seq ${seq - 1}`);
  const checked = checkEvent(event);
  if (!checked.ok) return { ok: false, message: `seq ${seq}: ${checked.detail}` };
  if (checked.event.leafHash !== answer.leafHash) {
    return { ok: false, message: `seq ${seq}: the event's leaf hash ${short(checked.event.leafHash)} is not the proof's ${short(answer.leafHash)}: the event was altered` };
  }
  if (!verifyInclusion(seq - 1, head.treeSize, checked.leafHash, hashes(answer.hashes), head.root)) {
    return { ok: false, message: `seq ${seq}: not in the signed checkpoint of ${head.treeSize} events: its inclusion proof does not lead to root ${short(head.root.toString("hex"))}` };
  }
  return { ok: true };
}

/**
 * The log only grew from a saved checkpoint to the latest: same size and root, or a consistency
 * proof from the smaller to the larger. The empty tree is a prefix of every log.
 */
export function checkGrowth(saved: TreeHead, latest: TreeHead, answer: z.infer<typeof ConsistencyAnswer> | undefined): Finding {
  if (latest.treeSize < saved.treeSize) {
    return { ok: false, message: `checkpoint: the latest checkpoint covers ${latest.treeSize} events, fewer than the saved one's ${saved.treeSize}: the log was truncated or replaced` };
  }
  if (latest.treeSize === saved.treeSize || saved.treeSize === 0) {
    if (saved.treeSize === 0 || latest.root.equals(saved.root)) return { ok: true };
    return { ok: false, message: `checkpoint: the latest checkpoint has the saved one's size ${saved.treeSize} but another root: the log was rewritten` };
  }
  if (!answer) throw new AnswerError("no consistency proof to check");
  if (answer.from !== saved.treeSize || answer.to !== latest.treeSize) {
    throw new AnswerError(`the consistency proof is from ${answer.from} to ${answer.to}, not from ${saved.treeSize} to ${latest.treeSize}`);
  }
  if (!verifyConsistency(saved.treeSize, latest.treeSize, saved.root, latest.root, hashes(answer.hashes))) {
    return {
      ok: false,
      message: `checkpoint: the latest checkpoint (${latest.treeSize} events) does not extend the saved one (${saved.treeSize} events): the consistency proof fails, so the first ${saved.treeSize} events were changed`,
    };
  }
  return { ok: true };
}

/**
 * Where a copy of the log first differs from the signed tree, when its root does not match: the
 * smallest seq whose prefix of the copy is not a prefix of the signed tree. "The first m leaves
 * agree" holds up to the first wrong leaf and fails after it, so a binary search over m asks for
 * about log2(N) consistency proofs from m to N (the API computes them from the tree it signed).
 * Returns undefined when every prefix agrees (then the fault is not in the leaves).
 */
export async function locateDivergence(
  leaves: readonly Hash[],
  signed: TreeHead,
  proof: (m: number) => Promise<z.infer<typeof ConsistencyAnswer>>,
): Promise<number | undefined> {
  const agrees = async (m: number) => {
    const answer = await proof(m);
    if (answer.from !== m || answer.to !== signed.treeSize) throw new AnswerError(`the consistency proof is from ${answer.from} to ${answer.to}, not from ${m} to ${signed.treeSize}`);
    return verifyConsistency(m, signed.treeSize, rootOf(leaves.slice(0, m)), signed.root, hashes(answer.hashes));
  };
  // Invariant: the first `good` leaves agree (0 trivially); the first `bad` do not.
  let good = 0;
  let bad = signed.treeSize;
  if (rootOf(leaves.slice(0, bad)).equals(signed.root)) return undefined;
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (await agrees(mid)) good = mid;
    else bad = mid;
  }
  return bad;
}
