import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2, Context } from "aws-lambda";
import type { Actor } from "../domain/actor.ts";

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyResultV2;

/**
 * What the route middlewares hand each other and the handler, in middy's `request.internal`. Each
 * field is written by the one middleware named beside it; the event itself is never changed.
 */
export type RouteState = {
  /** request-log */
  started?: number;
  correlationId?: string;
  /** authorize: null only on a public route called without a token. */
  actor?: Actor | null;
  /** authorize: the request's headers, names in lower case. */
  headers?: Record<string, string | undefined>;
  /** json-body: the parsed body; undefined when the request had none. */
  json?: unknown;
  /** validate */
  input?: { params: unknown; query: unknown; body: unknown };
  /** idempotency: the claimed record's key, to settle once the answer is known. */
  idempotencyKey?: Record<string, string>;
  /** idempotency: the stored first answer, which the handler returns instead of running again. */
  replay?: HttpResult;
};

export type RouteMiddleware = MiddlewareObj<HttpEvent, HttpResult, Error, Context, RouteState>;

export function lowerHeaders(headers: Record<string, string | undefined> | undefined): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}

