import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { commit } from "../../lambdas/store/commit.ts";
import { dynamo, tableName } from "../../lambdas/store/clients.ts";
import { s3Client } from "../../lambdas/store/s3-client.ts";
import { keys } from "../../lambdas/store/keys.ts";
import { clock } from "../../lambdas/store/clock.ts";
import { afterSeqOfCursor, eventsCursor, listEvents, readAuditHead } from "../../lambdas/store/audit.ts";
import { handler as checkpointJob } from "../../lambdas/jobs/audit-checkpoint.ts";
import { EVENT_FIELDS, GENESIS_HASH, sealEvent, verifyChain, type AuditEvent } from "../../lambdas/domain/audit-chain.ts";
import { ValidationError } from "../../lambdas/domain/errors.ts";
import type { Actor } from "../../lambdas/domain/actor.ts";
import { runVerifier } from "../unit/audit-fixture.ts";
import { env } from "../../lambdas/env.ts";

// The trail as commit() writes it to real DynamoDB Local, read back through store/audit.ts, and
// checkpointed to s3rver. Tests in this file run in order on one table: the trail only grows.

const writer: Actor = { sub: "writer", groups: ["admin"], scopes: [] };
const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});

/** A trivial change: one item of its own plus the audit event, as every real state change does. */
function touch(tag: string) {
  return commit(writer, async (now) => ({
    items: [{ item: { Put: { TableName: tableName(), Item: { pk: `TEST#${tag}`, sk: "TEST", at: now }, ConditionExpression: "attribute_not_exists(pk)" } } }],
    event: { action: "test.touch", entityType: "test", entityId: tag, data: { tag, text: "Kārachi 🚀", mw: 12.5, nested: { b: [1, null, "x"], a: true } } },
    result: tag,
  }));
}

/** Every event from afterSeq on, paged through listEvents with the given page size. */
async function pageAll(limit: number, afterSeq = 0): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  let after: number | null = afterSeq;
  while (after !== null) {
    const page = await listEvents(after, limit);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    out.push(...page.items);
    after = page.nextAfterSeq;
  }
  return out;
}


async function readCheckpoint(key: string): Promise<Record<string, unknown>> {
  const object = await s3Client().send(new GetObjectCommand({ Bucket: env().checkpointBucket, Key: key }));
  return JSON.parse(await object.Body!.transformToString());
}

describe("audit trail in DynamoDB", () => {
  it("is empty at first: head at genesis, no events", async () => {
    expect(await readAuditHead()).toEqual({ seq: 0, hash: GENESIS_HASH, at: null });
    expect(await listEvents(0, 25)).toEqual({ items: [], nextAfterSeq: null });
  });

  it("40 concurrent writers leave a gap-free, correctly linked sequence", async () => {
    const tags = Array.from({ length: 40 }, (_, i) => `w${i}`);
    const written = (await Promise.all(tags.map((tag) => touch(tag)))).map((r) => r.event!);

    const seqs = written.map((e) => e.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const events = await pageAll(7);
    expect(events.map((e) => e.seq)).toEqual(seqs);
    expect(new Set(events.map((e) => e.entityId))).toEqual(new Set(tags));
    // What each writer was told is exactly what was stored.
    for (const event of written) expect(events[event.seq - 1]).toEqual(event);

    const head = await readAuditHead();
    expect(verifyChain(events, undefined, { head })).toEqual({ ok: true, count: 40, head: { seq: 40, hash: head.hash, at: head.at } });
  });

  it("answers events with exactly their nine fields, in order, never the head item", async () => {
    const events = await pageAll(100);
    for (const event of events) expect(Object.keys(event)).toEqual([...EVENT_FIELDS]);
    // An item under pk AUDIT that is not an event (the head is one) must stay out of every page.
    expect((await listEvents(39, 100)).items.map((e) => e.seq)).toEqual([40]);
    expect(await listEvents(40, 100)).toEqual({ items: [], nextAfterSeq: null });
  });

  it("says there is a next page only when there is one", async () => {
    const full = await listEvents(0, 40);
    expect(full.items).toHaveLength(40);
    expect(full.nextAfterSeq).toBeNull();
    const partial = await listEvents(0, 39);
    expect(partial.items).toHaveLength(39);
    expect(partial.nextAfterSeq).toBe(39);
    expect(afterSeqOfCursor(eventsCursor(39)!)).toBe(39);
  });

  it("refuses a cursor that is not one of its own", () => {
    const foreign = Buffer.from(JSON.stringify({ pk: "APP#1", sk: "APP" })).toString("base64url");
    expect(() => afterSeqOfCursor(foreign)).toThrow(ValidationError);
    expect(() => afterSeqOfCursor("not-a-cursor")).toThrow(ValidationError);
  });

  it("paging never skips or repeats an event while writers append", async () => {
    const start = (await readAuditHead()).seq;
    const total = 60;
    let writersDone = false;
    // Three writers appending concurrently while one reader pages with a small limit from where it stopped.
    const writers = Promise.all(
      [0, 1, 2].map(async (w) => {
        for (let i = 0; i < total / 3; i++) await touch(`live-${w}-${i}`);
      }),
    ).finally(() => {
      writersDone = true;
    });

    const seen: number[] = [];
    let after = start;
    for (;;) {
      const done = writersDone;
      const page = await listEvents(after, 3);
      for (const event of page.items) {
        seen.push(event.seq);
        after = event.seq;
      }
      // Only stop once the writers had finished before this read and it found nothing more.
      if (done && page.items.length === 0) break;
    }
    await writers;

    expect(seen).toEqual(Array.from({ length: total }, (_, i) => start + i + 1));
    const all = await pageAll(100);
    expect(verifyChain(all, undefined, { head: await readAuditHead() }).ok).toBe(true);
  });
});

describe("audit checkpoints in S3", () => {
  it("writes the head under the day and the seq, once, and --checkpoint verifies against it", async () => {
    clock.now = () => new Date("2030-03-01T10:00:00.000Z");
    const head = await readAuditHead();

    const first = await checkpointJob();
    const checkpoint = { seq: head.seq, hash: head.hash, at: head.at, writtenAt: "2030-03-01T10:00:00.000Z" };
    expect(first).toEqual({ checkpoint, written: ["checkpoints/2030-03-01.json", `checkpoints/seq/${String(head.seq).padStart(12, "0")}.json`], kept: [] });
    expect(await readCheckpoint("checkpoints/2030-03-01.json")).toEqual(checkpoint);

    // Later the same day: nothing is rewritten.
    clock.now = () => new Date("2030-03-01T18:00:00.000Z");
    expect((await checkpointJob()).written).toEqual([]);
    expect(await readCheckpoint("checkpoints/2030-03-01.json")).toEqual(checkpoint);

    // The trail grows; a rerun that day records the new head by seq, the day's checkpoint stays.
    await touch("after-checkpoint");
    const rerun = await checkpointJob();
    expect(rerun.written).toEqual([`checkpoints/seq/${String(head.seq + 1).padStart(12, "0")}.json`]);
    expect(rerun.kept).toEqual(["checkpoints/2030-03-01.json"]);

    // Export the trail as an auditor would and check it against the saved checkpoint.
    const dir = mkdtempSync(join(tmpdir(), "audit-checkpoint-"));
    try {
      const cpFile = join(dir, "checkpoint.json");
      writeFileSync(cpFile, JSON.stringify(await readCheckpoint("checkpoints/2030-03-01.json")));
      const export1 = join(dir, "events.ndjson");
      writeFileSync(export1, (await pageAll(100)).map((e) => `${JSON.stringify(e)}\n`).join(""));
      const ok = await runVerifier([export1, "--checkpoint", cpFile]);
      expect(ok).toMatchObject({ code: 0, stdout: `ok ${head.seq + 1} events, head ${(await readAuditHead()).hash}\n` });

      // Someone with table access rewrites event 5 and re-chains everything after it: the chain
      // alone still links, the checkpoint does not match.
      const events = await pageAll(100);
      const rewritten: AuditEvent[] = events.slice(0, 4);
      for (const e of events.slice(4)) {
        const { hash: _h, ...rest } = e;
        const data = e.seq === 5 ? { ...e.data, mw: 4999 } : e.data;
        rewritten.push(sealEvent({ ...rest, data, prevHash: rewritten[rewritten.length - 1].hash }));
      }
      for (const e of rewritten.slice(4)) await dynamo().send(new PutCommand({ TableName: tableName(), Item: { ...keys.auditEvent(e.seq), ...e } }));
      const export2 = join(dir, "rewritten.ndjson");
      writeFileSync(export2, (await pageAll(100)).map((e) => `${JSON.stringify(e)}\n`).join(""));
      expect((await runVerifier([export2])).code).toBe(0);
      const caught = await runVerifier([export2, "--checkpoint", cpFile]);
      expect(caught.code).toBe(1);
      expect(caught.stdout).toMatch(new RegExp(`^fail: seq ${head.seq}: does not match the checkpoint`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a gap in the table (an event deleted behind the API's back)", () => {
  it("is answered as stored, so the verifier names the missing seq", async () => {
    await dynamo().send(new DeleteCommand({ TableName: tableName(), Key: keys.auditEvent(10) }));
    const page = await listEvents(5, 10);
    expect(page.items.map((e) => e.seq)).toEqual([6, 7, 8, 9, 11, 12, 13, 14, 15, 16]);
    const result = verifyChain(await pageAll(25));
    expect(result).toMatchObject({ ok: false, fault: { seq: 10, problem: "sequence" } });
  });
});

// Last: these append events, and the tests above count the trail.
describe("a lost race for the chain head", () => {
  /**
   * A slow writer reads the head, then, while it builds its change, a fast writer commits. Head reads
   * are counted as they come back, so the slow writer can wait for its own. Clocks: the slow writer's
   * time, then the fast writer's.
   */
  async function race(slowAt: Date, fastAt: Date) {
    let headReads = 0;
    const name = "countHeadReads";
    dynamo().middlewareStack.add(
      (next) => async (args) => {
        const output = await next(args);
        if ((args.input as { Key?: { sk?: string } }).Key?.sk === "HEAD") headReads++;
        return output;
      },
      { step: "initialize", name },
    );
    try {
      const builtAt: string[] = [];
      let fast: Awaited<ReturnType<typeof touch>> | undefined;
      clock.now = () => slowAt;
      const slow = await commit(writer, async (now) => {
        builtAt.push(now);
        while (headReads < 1) await new Promise((resolve) => setTimeout(resolve, 1));
        if (!fast) {
          clock.now = () => fastAt;
          fast = await touch(`raced-fast-${fastAt.getTime()}`);
        }
        return {
          items: [{ item: { Put: { TableName: tableName(), Item: { pk: `TEST#raced-slow-${slowAt.getTime()}`, sk: "TEST", at: now }, ConditionExpression: "attribute_not_exists(pk)" } } }],
          event: { action: "test.touch", entityType: "test", entityId: "raced-slow", data: {} },
          result: "raced-slow",
        };
      });
      return { slow: slow.event!, fast: fast!.event!, builtAt, headReads };
    } finally {
      dynamo().middlewareStack.remove(name);
    }
  }

  /** A time later than the trail's last event (earlier tests move the clock ahead). */
  async function afterHead(ms: number): Promise<Date> {
    const { at } = await readAuditHead();
    return new Date(Math.max(Date.now(), at ? Date.parse(at) : 0) + ms);
  }

  it("commits the same change on the winner's head, reading and building nothing again", async () => {
    const at = await afterHead(60_000);
    const { slow, fast, builtAt, headReads } = await race(at, at);
    expect(builtAt).toEqual([at.toISOString()]);
    expect(headReads).toBe(2); // the slow writer's first read and the fast writer's: the retry read nothing
    expect(slow).toMatchObject({ seq: fast.seq + 1, prevHash: fast.hash, at: at.toISOString() });
    expect(await readAuditHead()).toMatchObject({ seq: slow.seq, hash: slow.hash });
  });

  it("rebuilds the change at the winner's time when that is later than its own, still without reading the head", async () => {
    const slowAt = await afterHead(120_000);
    const fastAt = new Date(slowAt.getTime() + 5);
    const { slow, fast, builtAt, headReads } = await race(slowAt, fastAt);
    expect(builtAt).toEqual([slowAt.toISOString(), fastAt.toISOString()]);
    expect(headReads).toBe(2);
    expect(slow).toMatchObject({ seq: fast.seq + 1, prevHash: fast.hash, at: fastAt.toISOString() });
    // Stored as returned, and sealed over its own (rebuilt) fields.
    const stored = (await listEvents(fast.seq, 1)).items[0];
    expect(stored).toEqual(slow);
    const { hash: _hash, ...fields } = slow;
    expect(sealEvent(fields).hash).toBe(slow.hash);
  });
});
