import { describe, expect, it } from "vitest";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { rateMs, startJobs } from "../../local/jobs.ts";
import type { JobDef } from "../../lambdas/routes.ts";
import { sealAll } from "../support/audit-log.ts";

// The local scheduler: runs JOBS on timers with an EventBridge-shaped event, skips a job whose module
// is not written yet (saying so once), survives a failing job, and stops cleanly.

const job = (id: string): JobDef => ({ id, schedule: "rate(1 hour)", touches: { table: "read" }, summary: id });

async function until(condition: () => boolean, withinMs = 10_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not reached");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("local scheduled jobs", () => {
  it("runs a run-at-start job immediately with a scheduled event and a Lambda context, then on its interval", async () => {
    const calls: { event: Record<string, unknown>; context: Record<string, unknown> }[] = [];
    const jobs = startJobs({
      jobs: [job("tick")],
      timing: { tick: { everyMs: 25, runAtStart: true } },
      moduleExists: () => true,
      loadHandler: async () => async (event, context) => {
        calls.push({ event: event as Record<string, unknown>, context: context as Record<string, unknown> });
      },
    });
    await until(() => calls.length >= 3);
    await jobs.stop();
    const count = calls.length;
    expect(calls[0].event).toMatchObject({ "detail-type": "Scheduled Event", source: "aws.events", detail: {} });
    expect(calls[0].context).toMatchObject({ functionName: "sandbox-registry-tick", awsRequestId: expect.any(String) });
    await new Promise((r) => setTimeout(r, 100));
    expect(calls.length).toBe(count);
  });

  it("skips a job without a module, logging it once, and keeps running the others after one fails", async () => {
    const log: string[] = [];
    let good = 0;
    const jobs = startJobs({
      jobs: [job("missing"), job("broken"), job("good")],
      timing: { missing: { everyMs: 20, runAtStart: true }, broken: { everyMs: 20, runAtStart: true }, good: { everyMs: 20, runAtStart: true } },
      moduleExists: (id) => id !== "missing",
      log: (line) => log.push(line),
      loadHandler: async (id) => async () => {
        if (id === "broken") throw new Error("boom");
        good++;
      },
    });
    await until(() => good >= 3 && log.filter((l) => l.includes("broken")).length >= 2);
    await jobs.stop();
    expect(log.filter((l) => l.includes("missing"))).toEqual(["job missing skipped: lambdas/jobs/missing.ts does not exist yet"]);
    expect(log.filter((l) => l.includes("broken")).every((l) => l === "job broken failed")).toBe(true);
  });

  it("does not stack a run on one still in progress", async () => {
    let release!: () => void;
    let runs = 0;
    const jobs = startJobs({
      jobs: [job("slow")],
      timing: { slow: { everyMs: 3_600_000, runAtStart: false } },
      moduleExists: () => true,
      loadHandler: async () => () => {
        runs++;
        return new Promise<void>((r) => (release = r));
      },
    });
    const first = jobs.runNow("slow");
    const second = jobs.runNow("slow");
    expect(second).toBe(first);
    await until(() => runs === 1 && release !== undefined);
    release();
    await first;
    await jobs.stop();
    expect(runs).toBe(1);
  });

  it("runs the real audit-checkpoint module, which archives the signed checkpoint to the checkpoint bucket", async () => {
    await sealAll(); // the empty log's first signed checkpoint
    const failures: string[] = [];
    const jobs = startJobs({ jobs: [], log: (line) => failures.push(line) });
    await jobs.runNow("audit-checkpoint");
    await jobs.stop();
    expect(failures).toEqual([]);
    const s3 = new S3Client({
      region: process.env.AWS_REGION,
      endpoint: process.env.S3_ENDPOINT,
      forcePathStyle: true,
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    });
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: process.env.CHECKPOINT_BUCKET, Prefix: "checkpoints/" }));
    expect(listed.KeyCount).toBeGreaterThan(0);
  });

  it("reads EventBridge rate() schedules for jobs without a local timing", () => {
    expect(rateMs("rate(1 hour)")).toBe(3_600_000);
    expect(rateMs("rate(5 minutes)")).toBe(300_000);
    expect(rateMs("rate(1 day)")).toBe(86_400_000);
    expect(() => rateMs("cron(0 12 * * ? *)")).toThrow(/unsupported schedule/);
  });
});
