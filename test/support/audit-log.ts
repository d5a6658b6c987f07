import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { eventLeafHash, type AuditEvent } from "../../lambdas/domain/audit-event.ts";
import { verifyCheckpoint } from "../../lambdas/domain/checkpoint.ts";
import { rootOf } from "../../lambdas/domain/merkle.ts";
import { drain, Sequencer, type SequencerOptions } from "../../lambdas/services/audit-sequencer.ts";
import { listEvents } from "../../lambdas/store/audit.ts";
import { readLogHead } from "../../lambdas/store/log-head.ts";
import { localSigner } from "../../lambdas/store/signers.ts";
import { pendingBacklog } from "../../lambdas/store/pending-events.ts";

// The audit log as integration tests use it: a sequencer with a throwaway key, every sequenced event,
// and a full check of the log (gap-free seqs, every leaf hash, the root against the signed head).

export const TEST_ORIGIN = "sandbox-registry.test/log";

const keyDir = mkdtempSync(join(tmpdir(), "audit-key-"));
export const testSigner = localSigner(join(keyDir, "key.json"), TEST_ORIGIN);

export function testSequencer(options: Partial<SequencerOptions> = {}): Sequencer {
  return new Sequencer({ signer: testSigner, origin: TEST_ORIGIN, ...options });
}

/** Numbers everything pending now; returns how many. */
export async function sealAll(): Promise<number> {
  const sequencer = testSequencer();
  await sequencer.head();
  return drain(sequencer);
}

/** Every sequenced event, in order. */
export async function allEvents(pageSize = 100): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  let after: number | null = 0;
  while (after !== null) {
    const page = await listEvents(after, pageSize);
    out.push(...page.items);
    after = page.nextAfterSeq;
  }
  return out;
}

/** Asserts the stored log is whole: seq 1..n, each leaf hash recomputed, the root and note the head's. */
export async function expectWholeLog(events?: AuditEvent[]): Promise<AuditEvent[]> {
  const all = events ?? (await allEvents());
  const head = await readLogHead();
  expect(head).toBeDefined();
  expect(all.map((e) => e.seq)).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
  for (const event of all) expect(eventLeafHash(event), `seq ${event.seq}`).toBe(event.leafHash);
  expect(head!.size).toBe(all.length);
  expect(rootOf(all.map((e) => Buffer.from(e.leafHash, "hex"))).equals(head!.root)).toBe(true);
  const checked = verifyCheckpoint(head!.note, head!.vkey);
  expect(checked.treeSize).toBe(all.length);
  expect(checked.root.equals(head!.root)).toBe(true);
  return all;
}

/** Every event committed so far: numbered ones and those still pending. */
export async function committedEventCount(): Promise<number> {
  const [head, backlog] = await Promise.all([readLogHead(), pendingBacklog()]);
  return (head?.size ?? 0) + backlog.count;
}
