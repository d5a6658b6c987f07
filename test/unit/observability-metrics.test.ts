import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { captureStdout, metricValues, type Captured } from "../support/stdout-lines.ts";

// The EMF metrics an operator watches, read back from what Powertools Metrics writes to stdout:
// commit() counts its retries and derives MW approved and released from the events it commits;
// runJob() counts every job run by outcome and flushes what the run counted.

// A DynamoDB stand-in: the entity has no events yet, and the first TransactWriteItems loses a race.
const sent: string[] = [];
let conflicts = 0;
vi.mock("../../lambdas/store/clients.ts", () => ({
  tableName: () => "metrics-test",
  dynamo: () => ({
    send: async (command: { constructor: { name: string } }) => {
      sent.push(command.constructor.name);
      if (command.constructor.name === "QueryCommand") return { Items: [] };
      if (command.constructor.name === "TransactWriteCommand" && conflicts > 0) {
        conflicts--;
        throw new TransactionCanceledException({ message: "Transaction cancelled", $metadata: {}, CancellationReasons: [{ Code: "None" }, { Code: "TransactionConflict" }] });
      }
      return {};
    },
  }),
}));

const { commit } = await import("../../lambdas/store/commit.ts");
const { flushMetrics } = await import("../../lambdas/observability/metrics.ts");
const { runJob } = await import("../../lambdas/observability/job.ts");
const { SYSTEM_ACTOR } = await import("../../lambdas/domain/actor.ts");

const item = { item: { Put: { TableName: "metrics-test", Item: { pk: "APP#a1", sk: "META" } } } };
const SERVICE = { service: "sandbox-registry", namespace: "SandboxRegistry" };

let out: Captured;
beforeEach(() => {
  sent.length = 0;
  conflicts = 0;
  vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "false");
  out = captureStdout();
});
afterEach(() => {
  out.restore();
  vi.unstubAllEnvs();
});

describe("commit() metrics", () => {
  it("counts a retry after TransactionConflict, flushed with the invocation", async () => {
    conflicts = 1;
    await commit(SYSTEM_ACTOR, async () => ({ items: [item], event: { action: "application.updated", entityType: "application", entityId: "a1", data: {} }, result: 1 }));
    expect(sent.filter((c) => c === "TransactWriteCommand")).toHaveLength(2);
    expect(metricValues(out.metrics(), "CommitRetries")).toEqual([]); // buffered until the flush
    flushMetrics();
    expect(metricValues(out.metrics(), "CommitRetries")).toEqual([{ value: 1, dimensions: SERVICE }]);
  });

  it("counts an approval's MW by region, from the committed licence-issuing event", async () => {
    await commit(SYSTEM_ACTOR, async () => ({
      items: [item],
      event: { action: "application.approve", entityType: "application", entityId: "a1", data: { licenceNumber: "SBX-E-2026-0001", approvedMw: 12.5, roundId: "r1", region: "north" } },
      result: 1,
    }));
    expect(metricValues(out.metrics(), "MwApproved")).toEqual([{ value: 12.5, dimensions: { ...SERVICE, region: "north" } }]);
  });

  it("counts nothing for a first approval under four eyes (no licence, nothing consumed)", async () => {
    await commit(SYSTEM_ACTOR, async () => ({
      items: [item],
      event: { action: "application.approve", entityType: "application", entityId: "a1", data: { approvedMw: 60, fourEyes: true } },
      result: 1,
    }));
    expect(metricValues(out.metrics(), "MwApproved")).toEqual([]);
  });

  it("counts MW released by a revoke or a variation down", async () => {
    for (const event of [
      { action: "licence.revoke", entityType: "licence", entityId: "L1", data: { from: "ACTIVE", to: "REVOKED", releasedMw: 5, region: "south" } },
      { action: "licence.vary", entityType: "licence", entityId: "L2", data: { from: 10, to: 7, releasedMw: 3, region: "north" } },
    ]) {
      await commit(SYSTEM_ACTOR, async () => ({ items: [item], event, result: 1 }));
    }
    expect(metricValues(out.metrics(), "MwReleased")).toEqual([
      { value: 5, dimensions: { ...SERVICE, region: "south" } },
      { value: 3, dimensions: { ...SERVICE, region: "north" } },
    ]);
  });
});

describe("runJob() metrics", () => {
  it("a failed run counts JobRuns{outcome: failed} and JobFailures, flushes its retries, and still throws", async () => {
    const job = runJob("expire-licences", async () => {
      conflicts = 1;
      await commit(SYSTEM_ACTOR, async () => ({ items: [item], event: { action: "licence.expire", entityType: "licence", entityId: "L1", data: {} }, result: 1 }));
      throw new Error("1 licence(s) could not be expired; the next run retries them");
    });
    await expect(job()).rejects.toThrow("could not be expired");
    const emf = out.metrics();
    expect(metricValues(emf, "JobRuns")).toEqual([{ value: 1, dimensions: { ...SERVICE, job: "expire-licences", outcome: "failed" } }]);
    expect(metricValues(emf, "JobFailures")).toEqual([{ value: 1, dimensions: { ...SERVICE, job: "expire-licences" } }]);
    expect(metricValues(emf, "CommitRetries")).toEqual([{ value: 1, dimensions: SERVICE }]);
  });

  it("a run that leaves work is partial; a clean run is ok and no failure", async () => {
    const notifier = runJob("notifier", async () => ({ sent: 2, failed: 1 }), { partial: (run) => run.failed > 0 });
    await notifier();
    const clean = runJob("reminders", async () => ({ sent: 0 }));
    await clean();
    const emf = out.metrics();
    expect(metricValues(emf, "JobRuns").map((m) => m.dimensions.outcome)).toEqual(["partial", "ok"]);
    expect(metricValues(emf, "JobFailures")).toEqual([{ value: 1, dimensions: { ...SERVICE, job: "notifier" } }]);
  });
});
