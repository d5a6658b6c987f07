import type { Context } from "aws-lambda";
import { logger } from "../middleware/logger.ts";
import { emit, flushMetrics } from "./metrics.ts";

// The one wrapper every scheduled or event-driven job handler goes through: the Lambda context on its
// log lines, JobRuns {job, outcome} and JobFailures {job} counted, and the invocation's metrics
// (commit retries, MW released, ... counted inside the run) flushed before it returns or throws.

export type JobOutcome = "ok" | "partial" | "failed";

export interface JobOptions<R> {
  /** A run that returned but left work for the next run (e.g. mail that failed for good). */
  partial?: (result: R) => boolean;
}

export function runJob<E, C, R>(jobId: string, run: (event: E, context?: C) => Promise<R>, options: JobOptions<R> = {}) {
  // The event is optional as for the handlers this wraps: the scheduled ones ignore theirs.
  return async (event?: E, context?: C): Promise<R> => {
    // Tests pass a bare { getRemainingTimeInMillis }; only a real Lambda context enriches the logs.
    if (isLambdaContext(context)) logger.addContext(context);
    let outcome: JobOutcome = "failed";
    try {
      const result = await run(event as E, context);
      outcome = options.partial?.(result) ? "partial" : "ok";
      return result;
    } finally {
      emit("jobRuns", 1, { job: jobId, outcome });
      if (outcome !== "ok") emit("jobFailures", 1, { job: jobId });
      flushMetrics();
    }
  };
}

function isLambdaContext(context: unknown): context is Context {
  return typeof context === "object" && context !== null && typeof (context as Context).awsRequestId === "string" && typeof (context as Context).functionName === "string";
}
