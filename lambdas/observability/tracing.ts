import { Tracer } from "@aws-lambda-powertools/tracer";
import { METRIC_SERVICE } from "./metrics-catalogue.ts";

// Powertools Tracer: every AWS SDK v3 client the store builds is captured once, when it is built (once
// per cold start), so each DynamoDB, S3, KMS, SES and Secrets Manager call is a subsegment of the
// function's X-Ray trace (the stack turns active tracing on).

/**
 * Only on Lambda, and there unless POWERTOOLS_TRACE_ENABLED=false. Locally and in tests there is no
 * X-Ray daemon and no segment to attach to, so capture is skipped and the clients stay untouched.
 */
export function tracingEnabled(): boolean {
  const flag = process.env.POWERTOOLS_TRACE_ENABLED;
  if (flag !== undefined && flag !== "" && ["0", "false", "no", "off"].includes(flag.trim().toLowerCase())) return false;
  return process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined && process.env.DYNAMODB_ENDPOINT === undefined;
}

let tracer: Tracer | undefined;

export function getTracer(): Tracer {
  tracer ??= new Tracer({ serviceName: METRIC_SERVICE, enabled: tracingEnabled() });
  return tracer;
}

/** The client itself, captured when tracing is on: call where the client is built, never per request. */
export function traced<T>(client: T): T {
  if (!tracingEnabled()) return client;
  return getTracer().captureAWSv3Client(client);
}
