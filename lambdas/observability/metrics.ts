import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { logger } from "../middleware/logger.ts";
import { METRIC_NAMESPACE, METRIC_SERVICE, METRICS, type MetricKey } from "./metrics-catalogue.ts";

// Powertools Metrics (CloudWatch embedded metric format) for the names in metrics-catalogue.ts. One
// buffer per process: what a request or a job adds is flushed at the end of its invocation (the
// routes' logMetrics middleware, jobs' runJob()); a metric with dimensions is written at once as a
// single-metric line, since the dimensions of one EMF line apply to every metric in it.

/**
 * On Lambda unless POWERTOOLS_METRICS_DISABLED says otherwise; off elsewhere (the local runtime and the
 * tests run every handler in one process, where EMF lines would only flood stdout and no one collects
 * them). Read on each call so a test can switch it on.
 */
export function metricsEnabled(): boolean {
  const flag = process.env.POWERTOOLS_METRICS_DISABLED;
  if (flag !== undefined && flag !== "") return !["1", "true", "yes", "on"].includes(flag.trim().toLowerCase());
  return process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined;
}

/**
 * Powertools' own diagnostics go to our logger. "No application metrics to publish" is the normal case
 * of a request that counted nothing, so it is kept at debug level.
 */
const quietLogger = {
  debug: (...args: unknown[]) => logger.debug(String(args[0])),
  info: (...args: unknown[]) => logger.info(String(args[0])),
  warn: (...args: unknown[]) => (String(args[0]).startsWith("No application metrics") ? logger.debug(String(args[0])) : logger.warn(String(args[0]))),
  error: (...args: unknown[]) => logger.error(String(args[0])),
};

const UNITS = { Count: MetricUnit.Count, Milliseconds: MetricUnit.Milliseconds, None: MetricUnit.NoUnit } as const;

export const metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName: METRIC_SERVICE, logger: quietLogger });

/** Adds `value` to a catalogue metric; with dimensions (the catalogue's), written at once. */
export function emit(key: MetricKey, value: number, dimensions: Record<string, string> = {}): void {
  if (!metricsEnabled()) return;
  const def = METRICS[key];
  const unit = UNITS[def.unit];
  const names = Object.keys(dimensions);
  if (names.length === 0) {
    metrics.addMetric(def.name, unit, value);
    return;
  }
  const declared: readonly string[] = "dimensions" in def ? def.dimensions : [];
  const single = metrics.singleMetric();
  for (const name of names) {
    if (!declared.includes(name)) throw new Error(`metric ${def.name} has no dimension ${name} in the catalogue`);
    single.addDimension(name, dimensions[name] || "unknown");
  }
  single.addMetric(def.name, unit, value);
}

/** Writes what the invocation buffered (one EMF line), if anything. */
export function flushMetrics(): void {
  if (metricsEnabled() && metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
