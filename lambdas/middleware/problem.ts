import type { APIGatewayProxyResultV2 } from "aws-lambda";
import { DomainError, type FieldError } from "../domain/errors.ts";
import { logger } from "./logger.ts";

export const PROBLEM_BASE = "https://sandbox-registry.dev/problems/";

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

/** The one mapping from errors to RFC 9457 problem details. Unknown errors become a generic 500. */
export function toProblem(error: unknown): Problem {
  if (error instanceof DomainError) {
    return {
      ...(error.extra ?? {}),
      type: PROBLEM_BASE + error.type,
      title: error.title,
      status: error.status,
      detail: error.message,
      ...(error.errors ? { errors: error.errors } : {}),
    };
  }
  if (isDependencyDown(error)) {
    logger.warn("dependency unavailable", { error: describe(error) });
    return {
      type: PROBLEM_BASE + "service-unavailable",
      title: "A dependency is unavailable; nothing was changed, retry later",
      status: 503,
      detail: "The registry's storage did not answer. Nothing was written; please retry shortly.",
    };
  }
  logger.error("unhandled error", { error: { ...describe(error), stack: error instanceof Error ? error.stack : undefined } });
  return {
    type: PROBLEM_BASE + "internal",
    title: "Internal error",
    status: 500,
    detail: "Something went wrong on our side; nothing you sent was at fault. Try again later.",
  };
}

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): APIGatewayProxyResultV2 {
  return {
    statusCode: problem.status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store", ...headers },
    body: JSON.stringify(problem),
  };
}

const TRANSIENT_NAMES = new Set([
  "ThrottlingException",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "InternalServerError",
  "ServiceUnavailable",
  "SlowDown",
  "TimeoutError",
]);
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);

/** AWS SDK errors that mean "the dependency is down or throttling", not "our request was wrong". */
function isDependencyDown(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code ?? (error.cause as { code?: string } | undefined)?.code;
  if (code && NETWORK_CODES.has(code)) return true;
  if (TRANSIENT_NAMES.has(error.name)) return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === 503 || (error as { $retryable?: unknown }).$retryable !== undefined;
}

function describe(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { name: error.name, message: error.message } : { value: String(error) };
}
