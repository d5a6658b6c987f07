import { env } from "../env.ts";
import { drain, Sequencer } from "../services/audit-sequencer.ts";
import { clock } from "../store/clock.ts";
import { logSigner } from "../store/log-signer.ts";
import { pendingBacklog } from "../store/pending-events.ts";
import { logger } from "../middleware/logger.ts";
import { runJob } from "../observability/job.ts";

// The sequencer's Lambda. Woken by DynamoDB Streams when events are committed (the records are only
// a wake-up: the work is whatever is pending), and by a sweep every minute for wake-ups that were
// missed. Reserved concurrency 1 keeps it to one at a time; correctness does not rest on that (the
// head's condition does). After each run it publishes the backlog as CloudWatch metrics (EMF), which
// the stack's alarm watches (docs/sequencer.md).

export const METRIC_NAMESPACE = "SandboxRegistry/AuditLog";

let sequencer: Sequencer | undefined;

/** Leaves this much of the function's time for the last batch and the metrics. */
const SAFETY_MS = 5_000;

export const handler = runJob("audit-sequencer", async function auditSequencer(_event: unknown, context?: { getRemainingTimeInMillis?: () => number }): Promise<{ sealed: number; pendingEvents: number; oldestPendingSeconds: number }> {
  sequencer ??= new Sequencer({ signer: logSigner(), origin: env().auditLogOrigin });
  const remaining = context?.getRemainingTimeInMillis?.() ?? 60_000;
  const sealed = await drain(sequencer, Date.now() + Math.max(1_000, remaining - SAFETY_MS));
  const backlog = await pendingBacklog();
  const oldestPendingSeconds = backlog.oldestAt ? Math.max(0, (clock.now().getTime() - Date.parse(backlog.oldestAt)) / 1000) : 0;
  publishMetrics({ OldestPendingSeconds: oldestPendingSeconds, PendingEvents: backlog.count, EventsSealed: sealed });
  logger.info("audit sequencer run", { sealed, pendingEvents: backlog.count, oldestPendingSeconds });
  return { sealed, pendingEvents: backlog.count, oldestPendingSeconds };
});

/**
 * One CloudWatch embedded-metric-format line. Written to stdout directly: the runtime's JSON log
 * format wraps console output in its own record, where CloudWatch would not find the `_aws` block.
 */
function publishMetrics(values: Record<string, number>): void {
  if (process.env.AWS_LAMBDA_FUNCTION_NAME === undefined) return; // not on Lambda: nobody collects it
  const line = {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [{ Namespace: METRIC_NAMESPACE, Dimensions: [[]], Metrics: Object.keys(values).map((Name) => ({ Name, Unit: Name.endsWith("Seconds") ? "Seconds" : "Count" })) }],
    },
    ...values,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
