import { describe, expect, it } from "vitest";
import { sealEvent, type AuditEvent } from "../../lambdas/domain/audit-event.ts";
import { AnswerError, checkGrowth, checkInclusion, locateDivergence } from "../../lambdas/domain/audit-proofs.ts";
import { LogVerifier, verdictText, verifyNdjson, type TreeHead } from "../../lambdas/domain/audit-verify.ts";
import { EMPTY_ROOT, consistencyProof, inclusionProof, rootOf } from "../../lambdas/domain/merkle.ts";
import { buildTrail, leafHashes, makeEvent, reseal, toNdjson } from "./audit-fixture.ts";

// The pure verifier: every leaf hash, the sequence, the root against a (verified) checkpoint, and
// the API's proofs. The CLI tests (audit-cli.test.ts) run the same through the command line.

const trail = buildTrail(50);
const headOf = (events: readonly AuditEvent[], treeSize = events.length): TreeHead => ({ treeSize, root: rootOf(leafHashes(events.slice(0, treeSize))) });
const HEAD = headOf(trail);
const lines = (events: readonly unknown[]) => toNdjson(events).split("\n");
const verify = (events: readonly unknown[], head: TreeHead = HEAD) => verifyNdjson(lines(events), head);

describe("verifyNdjson against a checkpoint", { timeout: 60_000 }, () => {
  it("accepts the intact log: every event, and the root of the checkpoint's size", async () => {
    const result = await verify(trail);
    expect(result).toEqual({ ok: true, count: 50, read: 50, root: HEAD.root });
    expect(verdictText(result)).toBe(`ok 50 events, root ${HEAD.root.toString("hex")}`);
  });

  it("names an altered event by its seq", async () => {
    const events = trail.map((e) => (e.seq === 17 ? { ...e, data: { ...e.data, mw: 40 } } : e));
    const result = await verify(events);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.fault).toMatchObject({ seq: 17, line: 17, problem: "leaf" });
    expect(verdictText(result)).toMatch(/^fail: seq 17: leaf hash mismatch: .*the event was altered \(line 17\)$/);
  });

  it("names a removed, a reordered and an inserted event by seq", async () => {
    const removed = await verify(trail.filter((e) => e.seq !== 23));
    expect(verdictText(removed)).toBe("fail: seq 23: expected seq 23, found seq 24: event 23 is missing or out of order (line 23)");

    const reordered = [...trail];
    [reordered[30], reordered[31]] = [reordered[31], reordered[30]];
    expect(verdictText(await verify(reordered))).toBe("fail: seq 31: expected seq 31, found seq 32: event 31 is missing or out of order (line 31)");

    const inserted = [...trail];
    inserted.splice(11, 0, makeEvent(11, { data: { forged: true } }));
    expect(verdictText(await verify(inserted))).toBe("fail: seq 12: expected seq 12, found seq 11 again: an event was inserted, repeated or moved (line 12)");
  });

  it("refuses a log re-sealed by a forger: the leaf hashes agree, the signed root does not", async () => {
    const altered = trail.map((e) => (e.seq === 9 ? sealEvent({ ...e, entityId: "someone-else" }) : e));
    const result = await verify(altered);
    expect(!result.ok && result.fault.problem).toBe("checkpoint");
    expect(verdictText(result)).toMatch(new RegExp(`^fail: checkpoint: the root of the first 50 events is [0-9a-f]{64}, the signed checkpoint says ${HEAD.root.toString("hex")}`));

    // An event inserted and the rest re-numbered and re-sealed: the sequence is gap-free again.
    const inserted = reseal([...trail.slice(0, 20), makeEvent(21, { action: "licence.issue" }, 999), ...trail.slice(20, 49)], 20);
    expect((await verify(inserted)).ok).toBe(false);
  });

  it("refuses a log that ends before the checkpoint's size", async () => {
    const result = await verify(trail.slice(0, 48));
    expect(verdictText(result)).toBe("fail: seq 49: missing: the events end at seq 48 but the checkpoint covers 50: events were removed from the end");
  });

  it("checks the leaf hashes of events after the checkpoint but counts only what it covers", async () => {
    const result = await verify(trail, headOf(trail, 30));
    expect(result).toMatchObject({ ok: true, count: 30, read: 50 });
    const tail = trail.map((e) => (e.seq === 45 ? { ...e, action: "x" } : e));
    expect(verdictText(await verify(tail, headOf(trail, 30)))).toMatch(/^fail: seq 45: leaf hash mismatch/);
  });

  it("accepts an empty log against the empty checkpoint", async () => {
    expect(await verifyNdjson([], { treeSize: 0, root: EMPTY_ROOT })).toEqual({ ok: true, count: 0, read: 0, root: EMPTY_ROOT });
  });

  it("names malformed lines and events of the wrong shape", async () => {
    const text = lines(trail.slice(0, 10));
    text[4] = text[4].slice(0, 40);
    expect(verdictText(await verifyNdjson(text, headOf(trail, 10)))).toMatch(/^fail: line 5: malformed JSON where seq 5 was expected/);

    const extra = trail.slice(0, 3).map((e) => (e.seq === 2 ? { ...e, hash: e.leafHash } : e));
    expect(verdictText(await verify(extra, headOf(trail, 3)))).toBe('fail: seq 2: not a valid event: unexpected field "hash" (line 2)');
    const { eventId: _dropped, ...noId } = trail[2];
    expect(verdictText(await verify([trail[0], trail[1], noId], headOf(trail, 3)))).toMatch(/^fail: seq 3: not a valid event: field "eventId"/);
  });

  it("skips blank lines and reads CRLF and a byte-order mark", async () => {
    const text = `\ufeff${toNdjson(trail.slice(0, 5)).replaceAll("\n", "\r\n")}\r\n\r\n`.split("\n");
    expect(await verifyNdjson(text, headOf(trail, 5))).toMatchObject({ ok: true, count: 5 });
  });

  it("without a checkpoint, gives the root of what it read (a push-at-a-time verifier)", () => {
    const verifier = new LogVerifier();
    for (const e of trail.slice(0, 7)) expect(verifier.push(e)).toBeUndefined();
    expect(verifier.finish()).toEqual({ ok: true, count: 7, read: 7, root: headOf(trail, 7).root });
  });
});

describe("checkInclusion", { timeout: 60_000 }, () => {
  const leaves = leafHashes(trail);
  const answer = (seq: number, treeSize = 50, tree = leaves) => ({
    seq,
    leafIndex: seq - 1,
    treeSize,
    leafHash: tree[seq - 1].toString("hex"),
    hashes: inclusionProof(seq - 1, treeSize, tree).map((h) => h.toString("hex")),
  });

  it("accepts every event of the log with its proof", () => {
    for (const e of trail) expect(checkInclusion(e.seq, HEAD, answer(e.seq), e)).toEqual({ ok: true });
  });

  it("names an altered event, and an event the signed tree does not hold", () => {
    const altered = { ...trail[6], entityId: "elsewhere" };
    expect(checkInclusion(7, HEAD, answer(7), altered)).toMatchObject({ ok: false, message: expect.stringMatching(/^seq 7: leaf hash mismatch/) });
    const resealed = sealEvent(altered);
    expect(checkInclusion(7, HEAD, answer(7), resealed)).toMatchObject({ ok: false, message: expect.stringMatching(/^seq 7: the event's leaf hash .* is not the proof's/) });
    // The store's tree was rewritten to hold the forged leaf: the proof no longer reaches the signed root.
    const forgedTree = leaves.map((h, i) => (i === 6 ? Buffer.from(resealed.leafHash, "hex") : h));
    expect(checkInclusion(7, HEAD, answer(7, 50, forgedTree), resealed)).toMatchObject({ ok: false, message: expect.stringMatching(/^seq 7: not in the signed checkpoint of 50 events/) });
  });

  it("will not check a proof for another event or tree size", () => {
    expect(() => checkInclusion(7, HEAD, answer(8), trail[6])).toThrow(AnswerError);
    expect(() => checkInclusion(7, HEAD, answer(7, 40), trail[6])).toThrow(AnswerError);
    expect(() => checkInclusion(7, HEAD, answer(7), trail[7])).toThrow(/did not list seq 7/);
  });
});

describe("checkGrowth", { timeout: 60_000 }, () => {
  const leaves = leafHashes(trail);
  const proof = (from: number, to: number, tree = leaves) => ({ from, to, hashes: consistencyProof(from, to, tree).map((h) => h.toString("hex")) });

  it("accepts a log that only grew, and the same checkpoint again", () => {
    expect(checkGrowth(headOf(trail, 20), HEAD, proof(20, 50))).toEqual({ ok: true });
    expect(checkGrowth(HEAD, HEAD, undefined)).toEqual({ ok: true });
    expect(checkGrowth({ treeSize: 0, root: EMPTY_ROOT }, HEAD, undefined)).toEqual({ ok: true });
  });

  it("names a rewritten history, a truncated log and a same-size fork", () => {
    const forged = reseal(trail.map((e) => (e.seq === 5 ? { ...e, entityId: "x" } : e)), 4);
    const latest = headOf(forged);
    expect(checkGrowth(headOf(trail, 20), latest, proof(20, 50, leafHashes(forged)))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^checkpoint: the latest checkpoint \(50 events\) does not extend the saved one \(20 events\)/),
    });
    expect(checkGrowth(HEAD, headOf(trail, 40), undefined)).toMatchObject({ ok: false, message: expect.stringMatching(/fewer than the saved one's 50/) });
    expect(checkGrowth(HEAD, latest, undefined)).toMatchObject({ ok: false, message: expect.stringMatching(/same size|saved one's size 50 but another root/) });
  });

  it("will not check a proof between other sizes", () => {
    expect(() => checkGrowth(headOf(trail, 20), HEAD, proof(21, 50))).toThrow(AnswerError);
  });
});

describe("locateDivergence", { timeout: 60_000 }, () => {
  const signedLeaves = leafHashes(trail);
  const proofs = (tree = signedLeaves) => {
    const asked: number[] = [];
    const proof = async (m: number) => {
      asked.push(m);
      return { from: m, to: tree.length, hashes: consistencyProof(m, tree.length, tree).map((h) => h.toString("hex")) };
    };
    return { proof, asked };
  };

  it("names the first re-hashed event with about log2(N) consistency proofs", async () => {
    for (const seq of [1, 2, 9, 25, 32, 33, 49, 50]) {
      const forged = trail.map((e) => (e.seq === seq ? sealEvent({ ...e, entityId: "forged" }) : e));
      const { proof, asked } = proofs();
      expect(await locateDivergence(leafHashes(forged), HEAD, proof), `seq ${seq}`).toBe(seq);
      expect(asked.length).toBeLessThanOrEqual(6);
    }
  });

  it("names where an event was inserted and the rest re-numbered, and finds nothing in an intact copy", async () => {
    const inserted = reseal([...trail.slice(0, 20), makeEvent(21, { action: "licence.issue" }, 999), ...trail.slice(20, 49)], 20);
    expect(await locateDivergence(leafHashes(inserted), HEAD, proofs().proof)).toBe(21);
    expect(await locateDivergence(signedLeaves, HEAD, proofs().proof)).toBeUndefined();
  });

  it("keeps the leaf hashes it was asked to keep, up to the checkpoint's size", () => {
    const verifier = new LogVerifier(headOf(trail, 40), { keepLeaves: true });
    for (const e of trail) verifier.push(e);
    expect(verifier.leafHashes(40)).toEqual(signedLeaves.slice(0, 40));
  });
});
