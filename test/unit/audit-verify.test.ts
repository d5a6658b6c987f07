import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { GENESIS_HASH, ChainVerifier, sealEvent, verifyChain, type AuditEvent } from "../../lambdas/domain/audit-chain.ts";
import { parseAnchor, verdictText, verifyNdjson } from "../../lambdas/domain/audit-verify.ts";
import { buildTrail, nextEvent, rechain, toNdjson } from "./audit-fixture.ts";

// Tampering with a long trail is always caught, and the fault names the sequence number where the
// trail first goes wrong. One 2,000-event trail is built once; each run takes a prefix of 200..2000.
const TRAIL = buildTrail(2000);
const RUNS = { numRuns: 60 };

const trailAndIndex = fc
  .integer({ min: 200, max: TRAIL.length })
  .chain((n) => fc.record({ n: fc.constant(n), i: fc.integer({ min: 0, max: n - 1 }) }));

function expectFault(events: unknown[], seq: number, problem?: string, options?: Parameters<typeof verifyChain>[2]) {
  const result = verifyChain(events, undefined, options);
  if (result.ok) throw new Error(`tampering not caught (expected seq ${seq})`);
  expect(result.fault.seq).toBe(seq);
  if (problem) expect(result.fault.problem).toBe(problem);
  expect(result.fault.message).toMatch(new RegExp(`^seq ${seq}: `));
  return result.fault;
}

const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
const json = fc.jsonValue();

/** Every way to change one field of an event: a new value for the field (or inside it). */
const mutation = fc.oneof(
  fc.record({ field: fc.constant("seq"), value: fc.oneof(fc.integer(), fc.string(), fc.constant(null)) }),
  fc.record({ field: fc.constant("at"), value: fc.oneof(fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(Date.UTC(9999, 0)) }).map((d) => d.toISOString()), fc.string()) }),
  fc.record({ field: fc.constant("actor"), value: fc.record({ sub: fc.string(), groups: fc.array(fc.constantFrom("admin", "reviewer", "auditor", "applicant")) }) }),
  fc.record({ field: fc.constant("actor.sub"), value: fc.string() }),
  fc.record({ field: fc.constant("action"), value: fc.string() }),
  fc.record({ field: fc.constant("entityType"), value: fc.string() }),
  fc.record({ field: fc.constant("entityId"), value: fc.string() }),
  fc.record({ field: fc.constant("data"), value: fc.dictionary(fc.string(), json) }),
  fc.record({ field: fc.constant("data.nested.z"), value: json }),
  fc.record({ field: fc.constant("prevHash"), value: hex64 }),
  fc.record({ field: fc.constant("hash"), value: hex64 }),
  fc.record({ field: fc.constant("extra field"), value: json }),
  fc.record({ field: fc.constant("remove field"), value: fc.constantFrom("seq", "at", "actor", "action", "entityType", "entityId", "data", "prevHash", "hash") }),
);

function mutate(event: AuditEvent, field: string, value: unknown): unknown {
  const copy = structuredClone(event) as unknown as Record<string, any>;
  if (field === "extra field") copy.comment = value;
  else if (field === "remove field") delete copy[value as string];
  else if (field === "actor.sub") copy.actor.sub = value;
  else if (field === "data.nested.z") copy.data.nested.z = value;
  else copy[field] = value;
  return copy;
}

describe("verifyChain: an intact trail", { timeout: 60_000 }, () => {
  it("passes and names the head", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: TRAIL.length }), (n) => {
        const result = verifyChain(TRAIL.slice(0, n));
        const last = TRAIL[n - 1];
        expect(result).toEqual({ ok: true, count: n, head: { seq: n, hash: last?.hash ?? GENESIS_HASH, at: last?.at ?? null } });
      }),
      { numRuns: 30 },
    );
  });

  it("passes as a suffix from a trusted starting point", () => {
    const result = verifyChain(TRAIL.slice(500, 700), { seq: 500, hash: TRAIL[499].hash });
    expect(result).toMatchObject({ ok: true, count: 200, head: { seq: 700, hash: TRAIL[699].hash } });
  });
});

describe("verifyChain: any single tampering is caught at the right seq (property)", { timeout: 180_000 }, () => {
  it("a changed, added or removed field of any event: the fault names that event", () => {
    fc.assert(
      fc.property(trailAndIndex, mutation, ({ n, i }, { field, value }) => {
        const original = TRAIL[i] as unknown as Record<string, any>;
        const current = field === "actor.sub" ? original.actor.sub : field === "data.nested.z" ? original.data.nested.z : original[field];
        fc.pre(field === "extra field" || field === "remove field" || JSON.stringify(current) !== JSON.stringify(value));
        const events: unknown[] = TRAIL.slice(0, n);
        events[i] = mutate(TRAIL[i], field, value);
        expectFault(events, i + 1);
      }),
      RUNS,
    );
  });

  it("a removed event: the fault names the missing seq", () => {
    fc.assert(
      fc.property(trailAndIndex, ({ n, i }) => {
        const events = TRAIL.slice(0, n);
        events.splice(i, 1);
        if (i === n - 1) {
          // Dropping the last event leaves a shorter, valid chain: only the head (or a checkpoint) can tell.
          expect(verifyChain(events).ok).toBe(true);
          expectFault(events, n, "head", { head: { seq: n, hash: TRAIL[n - 1].hash } });
        } else {
          expectFault(events, i + 1, "sequence");
        }
      }),
      RUNS,
    );
  });

  it("two events swapped: the fault names the first of them", () => {
    fc.assert(
      fc.property(
        trailAndIndex.chain(({ n, i }) => fc.record({ n: fc.constant(n), i: fc.constant(i), j: fc.integer({ min: 0, max: n - 1 }) })),
        ({ n, i, j }) => {
          fc.pre(i !== j);
          const events = TRAIL.slice(0, n);
          [events[i], events[j]] = [events[j], events[i]];
          expectFault(events, Math.min(i, j) + 1, "sequence");
        },
      ),
      RUNS,
    );
  });

  it("an event moved elsewhere: the fault names the first place that changed", () => {
    fc.assert(
      fc.property(trailAndIndex, fc.integer({ min: 0, max: TRAIL.length }), ({ n, i }, to) => {
        const target = to % n;
        fc.pre(target !== i);
        const events = TRAIL.slice(0, n);
        const [moved] = events.splice(i, 1);
        events.splice(target, 0, moved);
        expectFault(events, Math.min(i, target) + 1, "sequence");
      }),
      RUNS,
    );
  });

  it("a copy of an existing event inserted: the fault names the place where it sits", () => {
    fc.assert(
      fc.property(trailAndIndex, fc.integer({ min: 0, max: TRAIL.length - 1 }), ({ n, i: at }, which) => {
        const copied = TRAIL[which % n];
        const events: unknown[] = TRAIL.slice(0, n);
        events.splice(at, 0, copied);
        // A copy of the very event that follows is indistinguishable from it; the next one is then out of place.
        const firstBad = copied.seq === at + 1 ? at + 2 : at + 1;
        expectFault(events, firstBad, "sequence");
      }),
      RUNS,
    );
  });

  it("a forged event inserted (even one correctly linked and hashed): caught where the real event resumes", () => {
    fc.assert(
      fc.property(trailAndIndex, fc.boolean(), ({ n, i: at }, wellFormed) => {
        const prev = TRAIL[at - 1];
        const forged = wellFormed
          ? nextEvent(prev, 9999, { action: "licence.issue", data: { forged: true } })
          : { ...nextEvent(prev, 9999, { data: { forged: true } }), hash: "f".repeat(64) };
        const events: unknown[] = TRAIL.slice(0, n);
        events.splice(at, 0, forged);
        if (wellFormed) {
          const fault = expectFault(events, at + 2, "sequence");
          expect(fault.message).toContain(`found seq ${at + 1} again`);
        } else {
          expectFault(events, at + 1, "hash");
        }
      }),
      RUNS,
    );
  });

  it("a rewritten history re-chained from some event on passes alone, but not against the head or a later checkpoint", () => {
    fc.assert(
      fc.property(trailAndIndex, fc.integer({ min: 0, max: TRAIL.length }), ({ n, i }, c) => {
        const events = TRAIL.slice(0, n);
        events[i] = { ...events[i], data: { ...events[i].data, mw: 4999 } };
        const forged = rechain(events, i);
        expect(verifyChain(forged).ok).toBe(true);
        expectFault(forged, n, "head", { head: { seq: n, hash: TRAIL[n - 1].hash } });
        const checkpointSeq = i + 1 + (c % (n - i));
        expectFault(forged, checkpointSeq, "checkpoint", { checkpoint: { seq: checkpointSeq, hash: TRAIL[checkpointSeq - 1].hash } });
      }),
      RUNS,
    );
  });
});

describe("verifyChain: anchors and time", () => {
  const trail = TRAIL.slice(0, 10);

  it("accepts a checkpoint the trail passes through, and genesis as seq 0", () => {
    expect(verifyChain(trail, undefined, { checkpoint: { seq: 4, hash: trail[3].hash } }).ok).toBe(true);
    expect(verifyChain(trail, undefined, { checkpoint: { seq: 0, hash: GENESIS_HASH } }).ok).toBe(true);
    expect(verifyChain(trail, undefined, { checkpoint: { seq: 10, hash: trail[9].hash }, head: { seq: 10, hash: trail[9].hash } }).ok).toBe(true);
  });

  it("fails when the checkpoint lies beyond the end, naming the first missing seq", () => {
    expectFault(trail, 11, "checkpoint", { checkpoint: { seq: 12, hash: "a".repeat(64) } });
  });

  it("fails a checkpoint at seq 0 that is not genesis", () => {
    expectFault(trail, 0, "checkpoint", { checkpoint: { seq: 0, hash: "a".repeat(64) } });
  });

  it("fails when events follow the head", () => {
    expectFault(trail, 9, "head", { head: { seq: 8, hash: trail[7].hash } });
  });

  it("fails a correctly hashed event whose time runs backwards", () => {
    const events = trail.slice(0, 5);
    events.push(nextEvent(events[4], 5, { at: "2025-12-31T23:59:59.999Z" }));
    expectFault(events, 6, "time");
  });

  it("fails a time that is not exactly an ISO instant", () => {
    const events = trail.slice(0, 2);
    events.push(sealEvent({ ...nextEvent(events[1], 2), at: "2026-01-01T10:00:00Z" }));
    expect(expectFault(events, 3, "shape").message).toContain('field "at"');
  });

  it("fails data that could never have been stored", () => {
    const events: unknown[] = trail.slice(0, 1);
    const bad = { ...nextEvent(trail[0], 1), data: { s: "\ud800" } };
    events.push(bad);
    expectFault(events, 2, "shape");
  });

  it("keeps the first fault", () => {
    const verifier = new ChainVerifier();
    expect(verifier.push(trail[1])?.seq).toBe(1);
    expect(verifier.push(trail[0])?.seq).toBe(1);
    expect(verifier.finish()).toMatchObject({ ok: false, fault: { seq: 1, problem: "sequence" } });
  });
});

describe("verifyNdjson", () => {
  const trail = TRAIL.slice(0, 20);
  const lines = (text: string) => text.split("\n");

  it("verifies NDJSON lines with the CLI's verdict", async () => {
    const result = await verifyNdjson(lines(toNdjson(trail)));
    expect(verdictText(result)).toBe(`ok 20 events, head ${trail[19].hash}`);
  });

  it("answers an empty trail with the genesis hash", async () => {
    expect(verdictText(await verifyNdjson([]))).toBe(`ok 0 events, head ${GENESIS_HASH}`);
  });

  it("skips blank lines, a byte-order mark and CRLF line ends", async () => {
    const text = `\ufeff${toNdjson(trail.slice(0, 3)).replaceAll("\n", "\r\n")}\r\n\n`;
    expect(await verifyNdjson(lines(text))).toMatchObject({ ok: true, count: 3 });
  });

  it("names the line of malformed JSON", async () => {
    const text = lines(toNdjson(trail));
    text[6] = '{"seq": 7, "at": ';
    const result = await verifyNdjson(text);
    expect(result).toMatchObject({ ok: false, fault: { problem: "json", line: 7, seq: 7 } });
    expect(verdictText(result)).toMatch(/^fail: line 7: malformed JSON where seq 7 was expected/);
  });

  it("counts blank lines in line numbers", async () => {
    const text = ["", ...lines(toNdjson(trail.slice(0, 2))).slice(0, 2), "not json"];
    expect(await verifyNdjson(text)).toMatchObject({ ok: false, fault: { problem: "json", line: 4, seq: 3 } });
  });

  it("names seq and line of a tampered event", async () => {
    const events = trail.map((e) => (e.seq === 12 ? { ...e, entityId: "other" } : e));
    const result = await verifyNdjson(lines(toNdjson(events)));
    expect(verdictText(result)).toMatch(/^fail: seq 12: hash mismatch: .* \(line 12\)$/);
  });

  it("refuses a JSON line that is not an event object", async () => {
    const result = await verifyNdjson(["[1,2]"]);
    expect(result).toMatchObject({ ok: false, fault: { problem: "shape", seq: 1, line: 1 } });
  });

  it("checks a head and a checkpoint", async () => {
    const ndjson = lines(toNdjson(trail));
    expect((await verifyNdjson(ndjson, { head: { seq: 20, hash: trail[19].hash }, checkpoint: { seq: 5, hash: trail[4].hash } })).ok).toBe(true);
    expect(await verifyNdjson(ndjson, { checkpoint: { seq: 5, hash: trail[5].hash } })).toMatchObject({ ok: false, fault: { seq: 5, problem: "checkpoint" } });
  });
});

describe("parseAnchor", () => {
  it("reads a checkpoint document and ignores its other fields", () => {
    expect(parseAnchor(JSON.stringify({ seq: 3, hash: "a".repeat(64), at: "x", writtenAt: "y" }), "checkpoint")).toEqual({ seq: 3, hash: "a".repeat(64) });
  });

  it.each([["{"], ['{"seq":-1,"hash":"' + "a".repeat(64) + '"}'], ['{"seq":1,"hash":"ABC"}'], ["[]"]])("refuses %s", (text) => {
    expect(() => parseAnchor(text, "checkpoint")).toThrow(/checkpoint/);
  });
});
