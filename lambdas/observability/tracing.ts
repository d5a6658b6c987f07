import type { Tracer } from "@aws-lambda-powertools/tracer";
import { logger } from "../middleware/logger.ts";
import { METRIC_SERVICE } from "./metrics-catalogue.ts";

// Powertools Tracer: every AWS SDK v3 client the store builds is captured once, when it is built (once
// per cold start), so each DynamoDB, S3, KMS and SES call is a subsegment of the function's X-Ray
// trace (the stack turns active tracing on).
//
// The Tracer and the X-Ray SDK it wraps weigh ~130 KB minified: bundled into every function they would
// put most routes over their 250 KB bundle budget (npm run bench -- --only bundles) and slow every cold
// start. So the module is loaded at run time, by a name esbuild does not follow, only where tracing is
// on: the package belongs beside the AWS SDK in the shared layer. Where it is not deployed, tracing
// stays off with one warning at cold start and the function works unchanged.
const TRACER_PACKAGE: string = "@aws-lambda-powertools/tracer";

/**
 * Only on Lambda, and there unless POWERTOOLS_TRACE_ENABLED=false. Locally and in tests there is no
 * X-Ray daemon and no segment to attach to: nothing is loaded and the clients stay untouched.
 */
export function tracingEnabled(): boolean {
  const flag = process.env.POWERTOOLS_TRACE_ENABLED;
  if (flag !== undefined && flag !== "" && ["0", "false", "no", "off"].includes(flag.trim().toLowerCase())) return false;
  return process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined && process.env.DYNAMODB_ENDPOINT === undefined;
}

async function loadTracer(): Promise<Tracer | undefined> {
  if (!tracingEnabled()) return undefined;
  try {
    const module = (await import(TRACER_PACKAGE)) as typeof import("@aws-lambda-powertools/tracer");
    return new module.Tracer({ serviceName: METRIC_SERVICE, enabled: true });
  } catch (error) {
    logger.warn("tracing is on but @aws-lambda-powertools/tracer is not deployed with the function; AWS SDK calls are not traced", {
      error: error instanceof Error ? error.message : String(error),
    });
    return undefined;
  }
}

// Settled at cold start (module load), so capturing a client stays synchronous where it is built.
const tracer = await loadTracer();

/** The tracer when tracing is on and deployed, for a handler that wants its own subsegments. */
export function getTracer(): Tracer | undefined {
  return tracer;
}

/** The client itself, captured when tracing is on: call where the client is built, never per request. */
export function traced<T>(client: T): T {
  return tracer ? tracer.captureAWSv3Client(client) : client;
}
