import type { ServerResponse } from "node:http";
import { PROBLEM_BASE } from "../lambdas/middleware/problem.ts";
import type { FieldError } from "../lambdas/domain/errors.ts";

// The gateway's own answers (no route, no token, too big, throttled) use the same RFC 9457 shape and
// type URIs as the handlers, so a client cannot tell which layer refused it by the format.

export interface GatewayProblem {
  status: number;
  type: string;
  title: string;
  detail: string;
  errors?: FieldError[];
}

export function sendProblem(res: ServerResponse, problem: GatewayProblem, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({
    type: PROBLEM_BASE + problem.type,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    ...(problem.errors ? { errors: problem.errors } : {}),
  });
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(problem.status, {
    "content-type": "application/problem+json",
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

export const problems = {
  notFound: (detail = "No route matches this path."): GatewayProblem => ({ status: 404, type: "not-found", title: "Not found", detail }),
  methodNotAllowed: (allow: string[]): GatewayProblem => ({
    status: 405,
    type: "method-not-allowed",
    title: "Method not allowed",
    detail: `This path answers ${allow.join(", ")}.`,
  }),
  unauthorized: (detail: string): GatewayProblem => ({ status: 401, type: "unauthorized", title: "A valid bearer token is required", detail }),
  tooLarge: (limit: number): GatewayProblem => ({
    status: 413,
    type: "payload-too-large",
    title: "The request body is too large",
    detail: `The gateway accepts request bodies up to ${limit} bytes.`,
  }),
  throttled: (): GatewayProblem => ({ status: 429, type: "too-many-requests", title: "Too many requests", detail: "Slow down and retry shortly." }),
  badRequest: (detail: string, errors?: FieldError[]): GatewayProblem => ({ status: 400, type: "validation", title: "The request is not valid", detail, errors }),
  unsupportedMediaType: (): GatewayProblem => ({ status: 415, type: "unsupported-media-type", title: "Send application/json", detail: "Request bodies must be application/json." }),
  internal: (): GatewayProblem => ({
    status: 500,
    type: "internal",
    title: "Internal error",
    detail: "Something went wrong on our side; nothing you sent was at fault. Try again later.",
  }),
  unavailable: (detail: string): GatewayProblem => ({ status: 503, type: "service-unavailable", title: "Service unavailable", detail }),
  headersTooLarge: (limit: number): GatewayProblem => ({
    status: 431,
    type: "request-header-fields-too-large",
    title: "The request headers are too large",
    detail: `The gateway accepts request headers up to ${limit} bytes in all.`,
  }),
};

/**
 * A problem written straight onto a socket, for errors Node's HTTP parser raises before there is a
 * request to answer (headers over the limit): Node's own answer would be an empty 431.
 */
export function problemOnSocket(problem: GatewayProblem): string {
  const body = JSON.stringify({ type: PROBLEM_BASE + problem.type, title: problem.title, status: problem.status, detail: problem.detail });
  return (
    `HTTP/1.1 ${problem.status} ${problem.title}\r\n` +
    "content-type: application/problem+json\r\n" +
    "cache-control: no-store\r\n" +
    `content-length: ${Buffer.byteLength(body)}\r\n` +
    "connection: close\r\n\r\n" +
    body
  );
}
