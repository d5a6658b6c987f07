import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { JOBS, type JobDef } from "../lambdas/routes.ts";
import { createHandlerLoader, handlerPath, type LambdaHandler } from "./handler-modules.ts";
import { ACCOUNT_ID, buildContext } from "./lambda-event.ts";
import { clock } from "../lambdas/store/clock.ts";

// EventBridge schedules, played by timers. Locally licences expire every minute instead of every
// hour so a demo shows it happen; the audit checkpoint runs once at start and then daily.

export interface JobTiming {
  everyMs: number;
  runAtStart: boolean;
}

const LOCAL_TIMING: Record<string, JobTiming> = {
  "expire-licences": { everyMs: 60_000, runAtStart: false },
  "audit-checkpoint": { everyMs: 24 * 60 * 60 * 1000, runAtStart: true },
  // Mail within a second or two of the change, as the inbox a demo shows expects.
  notifier: { everyMs: 1_000, runAtStart: true },
  reminders: { everyMs: 24 * 60 * 60 * 1000, runAtStart: true },
};

export interface JobsOptions {
  jobs?: readonly JobDef[];
  timing?: Record<string, JobTiming>;
  loadHandler?: (id: string) => Promise<LambdaHandler>;
  /** Defaults to a check for lambdas/jobs/<id>.ts. */
  moduleExists?: (id: string) => boolean;
  log?: (line: string, error?: unknown) => void;
}

export interface Jobs {
  /** Runs one job now (as a timer would) and resolves when it is done; failures are logged, not thrown. */
  runNow(id: string): Promise<void>;
  /** Runs one job now for POST /api/dev/jobs/{jobId}: like runNow, but a failure rejects. */
  trigger(id: string): Promise<void>;
  stop(): Promise<void>;
}

export function startJobs(options: JobsOptions = {}): Jobs {
  const jobs = options.jobs ?? JOBS;
  const timing = { ...LOCAL_TIMING, ...(options.timing ?? {}) };
  const load = options.loadHandler ?? createHandlerLoader("jobs");
  const moduleExists = options.moduleExists ?? ((id: string) => existsSync(handlerPath("jobs", id)));
  const log = options.log ?? ((line, error) => console.error(`[jobs] ${line}`, error ?? ""));
  const timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<void>>();
  const reportedMissing = new Set<string>();
  let stopped = false;

  const runNow = (id: string): Promise<void> => {
    // A run that outlasts its interval is not stacked on: EventBridge would start another Lambda,
    // but locally overlapping runs only contend for the same items.
    const current = running.get(id);
    if (current) return current;
    const run = runOnce(id).finally(() => running.delete(id));
    running.set(id, run);
    return run;
  };

  const runOnce = async (id: string): Promise<void> => {
    try {
      await runOrThrow(id);
    } catch (error) {
      log(`job ${id} failed`, error);
    }
  };

  const runOrThrow = async (id: string): Promise<void> => {
    if (stopped) return;
    if (!moduleExists(id)) {
      if (!reportedMissing.has(id)) log(`job ${id} skipped: lambdas/jobs/${id}.ts does not exist yet`);
      reportedMissing.add(id);
      return;
    }
    await invokeJob(load, id);
  };

  const trigger = async (id: string): Promise<void> => {
    // Waits for a run already in progress, then runs once more: the caller asked for a run that starts now.
    await running.get(id);
    const run = runOrThrow(id).finally(() => running.delete(id));
    running.set(id, run.catch(() => undefined));
    return run;
  };

  for (const job of jobs) {
    const t = timing[job.id] ?? { everyMs: rateMs(job.schedule), runAtStart: false };
    const timer = setInterval(() => void runNow(job.id), t.everyMs);
    // Timers alone must not keep a process (or a test worker) alive.
    timer.unref();
    timers.push(timer);
    if (t.runAtStart) void runNow(job.id);
  }

  return {
    runNow,
    trigger,
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...running.values()]);
    },
  };
}

/** Invokes a job's handler the way EventBridge would; a failure rejects. */
export async function invokeJob(load: (id: string) => Promise<LambdaHandler>, id: string): Promise<void> {
  const handler = await load(id);
  await handler(scheduledEvent(id), buildContext(`sandbox-registry-${id}`, 15 * 60 * 1000));
}

/** The event EventBridge sends a scheduled Lambda. */
function scheduledEvent(id: string): Record<string, unknown> {
  const region = process.env.AWS_REGION ?? "us-east-1";
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account: ACCOUNT_ID,
    // The product's time (the dev clock locally), which the job itself reads too.
    time: clock.now().toISOString().replace(/\.\d{3}Z$/, "Z"),
    region,
    resources: [`arn:aws:events:${region}:${ACCOUNT_ID}:rule/sandbox-registry-${id}`],
    detail: {},
  };
}

/** "rate(1 hour)" -> ms, for jobs without a local timing. */
export function rateMs(schedule: string): number {
  const match = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(schedule);
  if (!match) throw new Error(`unsupported schedule ${schedule}; give the job a local timing`);
  const unit = match[2].startsWith("minute") ? 60_000 : match[2].startsWith("hour") ? 3_600_000 : 86_400_000;
  return Number(match[1]) * unit;
}
