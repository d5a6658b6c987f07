// What an operator watches, in one list: the Lambda code emits these (Powertools Metrics, EMF) and the
// CDK stack draws a dashboard widget for each and an alarm where `alarm` is set. Adding a metric here is
// the one step that makes it both emitted-by-name and watched; a name used nowhere else is a bug.

export const METRIC_NAMESPACE = "SandboxRegistry";
/** Every metric also carries Powertools' default `service` dimension. */
export const METRIC_SERVICE = "sandbox-registry";

export interface MetricDef {
  /** The CloudWatch metric name. */
  readonly name: string;
  readonly unit: "Count" | "Milliseconds" | "None";
  /** Dimensions the emitter adds besides `service` (the dashboard groups by them). */
  readonly dimensions?: readonly string[];
  readonly description: string;
  /** Alarm when the Sum over 5 minutes reaches `threshold` (aggregated over every dimension value). */
  readonly alarm?: { readonly threshold: number; readonly evaluationPeriods: number };
}

export const METRICS = {
  commitRetries: { name: "CommitRetries", unit: "Count", description: "Transactions retried after TransactionConflict", alarm: { threshold: 50, evaluationPeriods: 1 } },
  commitFailures: { name: "CommitFailures", unit: "Count", description: "Transactions that failed after every retry", alarm: { threshold: 1, evaluationPeriods: 1 } },
  mwApproved: { name: "MwApproved", unit: "None", dimensions: ["region"], description: "MW consumed from a round line at approval" },
  mwReleased: { name: "MwReleased", unit: "None", dimensions: ["region"], description: "MW given back to a line (revoke, expire, surrender, exit, vary)" },
  problems: { name: "Problems", unit: "Count", dimensions: ["type"], description: "problem+json answers by problem type (4xx and 5xx)" },
  serverErrors: { name: "ServerErrors", unit: "Count", description: "5xx answers (internal errors and unavailable dependencies)", alarm: { threshold: 1, evaluationPeriods: 1 } },
  jobRuns: { name: "JobRuns", unit: "Count", dimensions: ["job", "outcome"], description: "Scheduled job runs by outcome (ok, partial, failed)" },
  jobFailures: { name: "JobFailures", unit: "Count", dimensions: ["job"], description: "Job runs that failed or left work for the next run", alarm: { threshold: 1, evaluationPeriods: 2 } },
  meterReadingsStored: { name: "MeterReadingsStored", unit: "Count", dimensions: ["region"], description: "Meter readings stored or corrected" },
} as const satisfies Record<string, MetricDef>;

export type MetricKey = keyof typeof METRICS;
