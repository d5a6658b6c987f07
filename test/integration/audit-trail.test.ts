import { afterEach, describe, expect, it, vi } from "vitest";
import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { commit, type TransactItem } from "../../lambdas/store/commit.ts";
import { dynamo, tableName } from "../../lambdas/store/clients.ts";
import { s3Client } from "../../lambdas/store/s3-client.ts";
import { keys } from "../../lambdas/store/keys.ts";
import { clock } from "../../lambdas/store/clock.ts";
import { afterSeqOfCursor, eventsCursor, listArchivedCheckpoints, listEvents, readEventsHead } from "../../lambdas/store/audit.ts";
import { readLogHead } from "../../lambdas/store/log-head.ts";
import { pendingBacklog } from "../../lambdas/store/pending-events.ts";
import { drain } from "../../lambdas/services/audit-sequencer.ts";
import { consistencyProof, inclusionProof } from "../../lambdas/services/audit-log.ts";
import { handler as checkpointJob } from "../../lambdas/jobs/audit-checkpoint.ts";
import { EVENT_FIELDS } from "../../lambdas/domain/audit-event.ts";
import { EMPTY_ROOT, rootOf, verifyConsistency, verifyInclusion } from "../../lambdas/domain/merkle.ts";
import { verifyCheckpoint } from "../../lambdas/domain/checkpoint.ts";
import { NotFound, ValidationError } from "../../lambdas/domain/errors.ts";
import type { Actor } from "../../lambdas/domain/actor.ts";
import { env } from "../../lambdas/env.ts";
import { allEvents, expectWholeLog, sealAll, testSequencer, TEST_ORIGIN } from "../support/audit-log.ts";

// The transparency log against real DynamoDB Local: commit() writes pending events with nothing
// global in the transaction, the sequencer numbers them (raced, crashed, restarted), and the proofs
// served verify. Tests in this file run in order on one table: the log only grows.

const writer: Actor = { sub: "writer", groups: ["admin"], scopes: [] };
const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
  vi.restoreAllMocks();
});

/** A trivial change of entity `test/<tag>`: one item of its own plus its audit event. */
function touch(tag: string, data: Record<string, unknown> = {}) {
  return commit(writer, async (now) => ({
    items: [{ item: { Put: { TableName: tableName(), Item: { pk: `TEST#${tag}`, sk: `TEST#${now}#${Math.random()}`, at: now } } } }],
    event: { action: "test.touch", entityType: "test", entityId: tag, data: { tag, text: "Kārachi 🚀", mw: 12.5, nested: { b: [1, null, "x"], a: true }, ...data } },
    result: tag,
  }));
}

/** The TransactItems of every TransactWriteItems sent while `fn` runs. */
async function transactionsOf(fn: () => Promise<unknown>): Promise<TransactItem[][]> {
  const sent: TransactItem[][] = [];
  const client = dynamo();
  const send = client.send.bind(client);
  vi.spyOn(client, "send").mockImplementation(((command: { input: { TransactItems?: TransactItem[] } }) => {
    if (command.input.TransactItems) sent.push(command.input.TransactItems);
    return send(command as never);
  }) as never);
  await fn();
  vi.restoreAllMocks();
  return sent;
}

const keyOf = (item: TransactItem) => {
  const { pk, sk } = (item.Put?.Item ?? item.Update?.Key ?? item.Delete?.Key ?? item.ConditionCheck?.Key) as { pk: string; sk: string };
  return { pk, sk };
};

async function eventItem(entityId: string, n: number) {
  return (await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.auditEvent("test", entityId, n), ConsistentRead: true }))).Item;
}

describe("the empty log", () => {
  it("has a signed checkpoint of size 0 with the empty tree's root once the sequencer ran", async () => {
    expect(await readLogHead()).toBeUndefined();
    expect(await readEventsHead()).toEqual({ seq: 0, rootHash: EMPTY_ROOT.toString("hex"), at: null, pendingEvents: 0, oldestPendingSeconds: 0 });
    await sealAll();
    const head = (await readLogHead())!;
    expect(head).toMatchObject({ size: 0, origin: TEST_ORIGIN, keyName: TEST_ORIGIN });
    expect(head.root.equals(EMPTY_ROOT)).toBe(true);
    expect(verifyCheckpoint(head.note, head.vkey)).toMatchObject({ origin: TEST_ORIGIN, treeSize: 0 });
    expect(await listEvents(0, 25)).toEqual({ items: [], nextAfterSeq: null });
  });
});

describe("commit() writes only the change's own items", () => {
  it("holds the change's items and its pending event, keyed under the changed entity, and nothing else", async () => {
    const sent = await transactionsOf(() => Promise.all(["solo-a", "solo-b", "solo-c"].map((t) => touch(t))));
    expect(sent).toHaveLength(3);
    for (const items of sent) {
      expect(items).toHaveLength(2);
      const tag = (items[0].Put!.Item as { pk: string }).pk.slice("TEST#".length);
      // The change's own item and the entity's event partition: no global head, no global counter.
      expect(items.map(keyOf).map((k) => k.pk)).toEqual([`TEST#${tag}`, `EVT#test#${tag}`]);
      expect(items[1].Put).toMatchObject({ ConditionExpression: "attribute_not_exists(pk)", Item: { n: 1, entityId: tag } });
    }
    // The events wait, visible as pending, until the sequencer runs.
    const head = await readEventsHead();
    expect(head).toMatchObject({ seq: 0, pendingEvents: 3 });
    expect(head.oldestPendingSeconds).toBeGreaterThanOrEqual(0);
    expect(await sealAll()).toBe(3);
    expect(await readEventsHead()).toMatchObject({ seq: 3, pendingEvents: 0, oldestPendingSeconds: 0 });
  });

  it("numbers an entity's events 1, 2, 3 in its own partition; a change with several events writes each", async () => {
    const sent = await transactionsOf(async () => {
      await touch("multi");
      await commit(writer, async () => ({
        items: [],
        event: { action: "test.first", entityType: "test", entityId: "multi", data: {} },
        events: [
          { action: "test.second", entityType: "test", entityId: "multi", data: {} },
          { action: "test.other", entityType: "test", entityId: "multi-other", data: {} },
        ],
        result: null,
      }));
    });
    expect(sent[1].map(keyOf)).toEqual([keys.auditEvent("test", "multi", 2), keys.auditEvent("test", "multi", 3), keys.auditEvent("test", "multi-other", 1)]);
    await sealAll();
    const events = await expectWholeLog();
    expect(events.filter((e) => e.entityId === "multi").map((e) => e.action)).toEqual(["test.touch", "test.first", "test.second"]);
  });

  it("a create's first event skips the tail read; a wrong newEntity hint costs a retry, never a wrong n", async () => {
    /** The Query commands (tail reads) and TransactItems sent while `fn` runs. */
    async function callsOf(fn: () => Promise<unknown>) {
      const queries: unknown[] = [];
      const transactions: TransactItem[][] = [];
      const client = dynamo();
      const send = client.send.bind(client);
      vi.spyOn(client, "send").mockImplementation(((command: { input: { TransactItems?: TransactItem[]; KeyConditionExpression?: string } }) => {
        if (command.input.TransactItems) transactions.push(command.input.TransactItems);
        if (command.input.KeyConditionExpression) queries.push(command.input);
        return send(command as never);
      }) as never);
      await fn();
      vi.restoreAllMocks();
      return { queries, transactions };
    }
    const created = (entityId: string) =>
      commit(writer, async () => ({ items: [], event: { action: "test.created", entityType: "test", entityId, data: {}, newEntity: true }, result: null }));

    const fresh = await callsOf(() => created("fresh-entity"));
    expect(fresh.queries).toEqual([]);
    expect(fresh.transactions.map((t) => t.map(keyOf))).toEqual([[keys.auditEvent("test", "fresh-entity", 1)]]);

    // The hint is wrong (the entity has an event already): the first attempt's n = 1 is refused by its
    // condition, the retry reads the tail and writes n = 2.
    await touch("not-new");
    const wrong = await callsOf(() => created("not-new"));
    expect(wrong.queries).toHaveLength(1);
    expect(wrong.transactions.map((t) => t.map(keyOf))).toEqual([[keys.auditEvent("test", "not-new", 1)], [keys.auditEvent("test", "not-new", 2)]]);
    expect((await eventItem("not-new", 2))?.action).toBe("test.created");
    await sealAll();
    await expectWholeLog();
  });

  it("reads the last event of an entity named up front while build reads, and still numbers it next", async () => {
    await touch("named");
    const sentBeforeBuild: string[] = [];
    const sent: string[] = [];
    const client = dynamo();
    const send = client.send.bind(client);
    vi.spyOn(client, "send").mockImplementation(((command: { constructor: { name: string } }) => {
      sent.push(command.constructor.name);
      return send(command as never);
    }) as never);
    await commit(
      writer,
      async () => {
        sentBeforeBuild.push(...sent);
        return { items: [], event: { action: "test.named", entityType: "test", entityId: "named", data: {} }, result: null };
      },
      { entity: { entityType: "test", entityId: "named" } },
    );
    vi.restoreAllMocks();
    // The tail Query went out before build ran; no second one after it.
    expect(sentBeforeBuild).toEqual(["QueryCommand"]);
    expect(sent).toEqual(["QueryCommand", "TransactWriteCommand"]);
    expect((await eventItem("named", 2))?.action).toBe("test.named");
    await sealAll();
    await expectWholeLog();
  });
});

describe("the sequencer", () => {
  it("numbers 40 concurrent writers' events gap-free, exactly as committed, and answers them in their nine fields", async () => {
    const before = (await readLogHead())!.size;
    const written = (await Promise.all(Array.from({ length: 40 }, (_, i) => touch(`w${i}`)))).map((r) => r.event!);
    expect((await pendingBacklog()).count).toBe(40);
    expect(await sealAll()).toBe(40);
    const events = await expectWholeLog();
    const mine = events.slice(before);
    expect(new Set(mine.map((e) => e.eventId))).toEqual(new Set(written.map((e) => e.eventId)));
    for (const event of mine) {
      expect(Object.keys(event)).toEqual([...EVENT_FIELDS]);
      const { seq: _seq, leafHash: _leaf, ...committed } = event;
      expect(committed).toEqual(written.find((w) => w.eventId === event.eventId));
    }
  });

  it("pages by seq, with a next cursor only when there is more, and refuses foreign cursors", async () => {
    const size = (await readLogHead())!.size;
    const full = await listEvents(0, size);
    expect(full.items).toHaveLength(size);
    expect(full.nextAfterSeq).toBeNull();
    const partial = await listEvents(0, size - 1);
    expect(partial.nextAfterSeq).toBe(size - 1);
    expect((await listEvents(size - 1, 100)).items.map((e) => e.seq)).toEqual([size]);
    expect(afterSeqOfCursor(eventsCursor(39)!)).toBe(39);
    const foreign = Buffer.from(JSON.stringify({ pk: "APP#1", sk: "APP" })).toString("base64url");
    expect(() => afterSeqOfCursor(foreign)).toThrow(ValidationError);
  });

  it("keeps an entity's events in commit order even when its clock ran backwards or the index shows them out of order", async () => {
    // The clock goes back between changes: commit() still dates each event no earlier than the last.
    const t0 = Date.now() + 3_600_000;
    for (let i = 0; i < 3; i++) {
      clock.now = () => new Date(t0 - i * 60_000);
      await touch("ordered", { i });
    }
    clock.now = realNow;
    // The index sorts the 5th before the 4th (as two functions' skewed clocks could).
    await touch("ordered", { i: 3 });
    await touch("ordered", { i: 4 });
    await dynamo().send(new UpdateCommand({ TableName: tableName(), Key: keys.auditEvent("test", "ordered", 5), UpdateExpression: "SET gsi4sk = :s", ExpressionAttributeValues: { ":s": "0000-early" } }));
    await sealAll();
    const events = (await expectWholeLog()).filter((e) => e.entityId === "ordered");
    expect(events.map((e) => e.data.i)).toEqual([0, 1, 2, 3, 4]);
    const ats = events.map((e) => e.at);
    expect([...ats].sort()).toEqual(ats);
  });

  it("leaves an entity's later event pending while its earlier one is not in the index yet, then seals both in order", async () => {
    await touch("lagging", { i: 0 });
    await touch("lagging", { i: 1 });
    // As if the index had not caught up with the first event yet.
    await dynamo().send(new UpdateCommand({ TableName: tableName(), Key: keys.auditEvent("test", "lagging", 1), UpdateExpression: "REMOVE gsi4pk" }));
    await sealAll();
    expect((await eventItem("lagging", 2))?.seq).toBeUndefined();
    expect((await pendingBacklog()).count).toBe(1);
    await dynamo().send(new UpdateCommand({ TableName: tableName(), Key: keys.auditEvent("test", "lagging", 1), UpdateExpression: "SET gsi4pk = :p", ExpressionAttributeValues: { ":p": "PENDING#0" } }));
    await sealAll();
    const [first, second] = [await eventItem("lagging", 1), await eventItem("lagging", 2)];
    expect(second!.seq).toBe(first!.seq + 1);
  });

  it("two sequencers racing never commit the same numbers and leave a gap-free log", async () => {
    const before = (await readLogHead())!.size;
    for (let i = 0; i < 6; i++) await Promise.all(Array.from({ length: 50 }, (_, j) => touch(`race-${i}-${j}`)));
    const a = testSequencer({ eventsPerTransaction: 20 });
    const b = testSequencer({ eventsPerTransaction: 20 });
    const [sealedA, sealedB] = await Promise.all([drain(a), drain(b)]);
    expect(sealedA + sealedB).toBe(300);
    const events = await expectWholeLog();
    expect(events).toHaveLength(before + 300);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
    expect((await pendingBacklog()).count).toBe(0);
  });

  it("a sequencer that dies between reading and committing assigns nothing; a restarted one seals everything", async () => {
    const before = (await readLogHead())!;
    await Promise.all(Array.from({ length: 30 }, (_, i) => touch(`crash-${i}`)));
    const crashing = testSequencer({
      beforeCommit: () => {
        throw new Error("killed mid-batch");
      },
    });
    await expect(crashing.run()).rejects.toThrow("killed mid-batch");
    const after = (await readLogHead())!;
    expect(after.size).toBe(before.size);
    expect(after.note).toBe(before.note);
    expect((await pendingBacklog()).count).toBe(30);
    for (let i = 0; i < 30; i++) expect((await eventItem(`crash-${i}`, 1))?.seq).toBeUndefined();
    // A new process: nothing remembered, the backlog still there.
    expect(await drain(testSequencer())).toBe(30);
    await expectWholeLog();
  });

  it("a batch whose transaction fails commits none of it, and the next run seals the rest", async () => {
    const before = (await readLogHead())!.size;
    await Promise.all(Array.from({ length: 10 }, (_, i) => touch(`failing-${i}`)));
    let sabotaged = false;
    const sequencer = testSequencer({
      beforeCommit: async ({ events }) => {
        if (sabotaged) return;
        sabotaged = true;
        // The event vanishes between the read and the transaction: its condition fails, so the batch does.
        await dynamo().send(new DeleteCommand({ TableName: tableName(), Key: { pk: events[3].pk, sk: events[3].sk } }));
      },
    });
    const first = await sequencer.run();
    expect(first).toMatchObject({ sealed: 0, stale: true });
    expect((await readLogHead())!.size).toBe(before);
    expect(await drain(sequencer)).toBe(9);
    await expectWholeLog();
  });

  it("keeps a batch within DynamoDB's 100 items across tile boundaries (sizes past 256 leaves)", async () => {
    const size = (await readLogHead())!.size;
    expect(size).toBeGreaterThan(256);
    const sent = await transactionsOf(async () => {
      await Promise.all(Array.from({ length: 95 }, (_, i) => touch(`bulk-${i}`)));
      await sealAll();
    });
    const batches = sent.filter((items) => items.some((i) => keyOf(i).pk === "LOG"));
    expect(batches.length).toBeGreaterThanOrEqual(2);
    for (const items of batches) expect(items.length).toBeLessThanOrEqual(100);
    await expectWholeLog();
  });

  it("answers a page within full tiles from the tiles it read before: the events and the head, no tile read", async () => {
    expect((await readLogHead())!.size).toBeGreaterThan(256);
    const first = await listEvents(200, 50); // leaves 200..249: the first tile, full
    const keysRead: string[] = [];
    const client = dynamo();
    const send = client.send.bind(client);
    vi.spyOn(client, "send").mockImplementation(((command: { input: { RequestItems?: Record<string, { Keys: { pk: string }[] }> } }) => {
      for (const request of Object.values(command.input.RequestItems ?? {})) keysRead.push(...request.Keys.map((k) => k.pk));
      return send(command as never);
    }) as never);
    const again = await listEvents(200, 50);
    vi.restoreAllMocks();
    expect(again).toEqual(first);
    expect(again.items.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 201 + i));
    expect(keysRead).toHaveLength(50);
    expect(keysRead.filter((pk) => pk.startsWith("TILE#"))).toEqual([]);
  });
});

describe("proofs", () => {
  it("serves inclusion proofs that verify against the root of the tree asked for, and 404 past it", async () => {
    const events = await allEvents();
    const leaves = events.map((e) => Buffer.from(e.leafHash, "hex"));
    const n = events.length;
    for (const treeSize of [1, 2, 7, 256, 257, n]) {
      const root = rootOf(leaves.slice(0, treeSize));
      for (const seq of new Set([1, Math.ceil(treeSize / 2), treeSize])) {
        const proof = await inclusionProof(seq, treeSize);
        expect(proof).toMatchObject({ seq, leafIndex: seq - 1, treeSize, leafHash: events[seq - 1].leafHash });
        expect(verifyInclusion(seq - 1, treeSize, leaves[seq - 1], proof.hashes.map((h) => Buffer.from(h, "hex")), root), `${seq} in ${treeSize}`).toBe(true);
      }
    }
    expect((await inclusionProof(n)).treeSize).toBe(n);
    await expect(inclusionProof(5, 4)).rejects.toThrow(NotFound);
    await expect(inclusionProof(1, n + 1)).rejects.toThrow(ValidationError);
  });

  it("serves consistency proofs that verify between any two sizes", async () => {
    const leaves = (await allEvents()).map((e) => Buffer.from(e.leafHash, "hex"));
    const n = leaves.length;
    for (const [m, k] of [[1, 1], [1, n], [3, 7], [256, 257], [255, n], [100, 300], [n, n]]) {
      const proof = await consistencyProof(m, k);
      expect(proof).toMatchObject({ from: m, to: k });
      const ok = verifyConsistency(m, k, rootOf(leaves.slice(0, m)), rootOf(leaves.slice(0, k)), proof.hashes.map((h) => Buffer.from(h, "hex")));
      expect(ok, `${m} -> ${k}`).toBe(true);
    }
    await expect(consistencyProof(1, n + 1)).rejects.toThrow(ValidationError);
  });
});

describe("archived checkpoints", () => {
  it("the audit-checkpoint job archives the latest signed checkpoint to S3 once and records it once per size", async () => {
    clock.now = () => new Date("2030-03-01T10:00:00.000Z");
    const head = (await readLogHead())!;
    const first = (await checkpointJob())!;
    const bySize = `checkpoints/size/${String(head.size).padStart(12, "0")}.txt`;
    expect(first).toMatchObject({ treeSize: head.size, written: ["checkpoints/2030-03-01.txt", bySize], kept: [], recorded: true });
    const object = await s3Client().send(new GetObjectCommand({ Bucket: env().checkpointBucket, Key: bySize }));
    expect(await object.Body!.transformToString()).toBe(head.note);

    // Again the same day, the log unchanged: nothing written, nothing recorded twice.
    expect(await checkpointJob()).toMatchObject({ written: [], recorded: false });
    clock.now = realNow;
    await touch("after-archive");
    await sealAll();
    clock.now = () => new Date("2030-03-02T10:00:00.000Z");
    const second = (await checkpointJob())!;
    expect(second.treeSize).toBe(head.size + 1);

    const listed = await listArchivedCheckpoints(25);
    expect(listed.items.map((c) => c.treeSize)).toEqual([head.size + 1, head.size]);
    expect(listed.items[1]).toEqual({ treeSize: head.size, at: head.at, note: head.note });
    const paged = await listArchivedCheckpoints(1);
    expect(paged.items).toHaveLength(1);
    expect((await listArchivedCheckpoints(1, paged.nextCursor!)).items.map((c) => c.treeSize)).toEqual([head.size]);
  });
});

describe("event items", () => {
  it("leave the pending index when numbered", async () => {
    const { Items } = await dynamo().send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": "EVT#test#w1" }, ConsistentRead: true }));
    expect(Items).toHaveLength(1);
    expect(Items![0].gsi4pk).toBeUndefined();
    expect(Items![0].seq).toBeGreaterThan(0);
  });
});
