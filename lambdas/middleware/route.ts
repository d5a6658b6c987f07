import middy from "@middy/core";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import type { Context } from "aws-lambda";
import { routeById, type RouteDef } from "../routes.ts";
import type { Actor } from "../domain/actor.ts";
import { Unauthorized } from "../domain/errors.ts";
import { metrics } from "../observability/metrics.ts";
import type { Reply } from "./response.ts";
import { requestLog } from "./request-log.ts";
import { authorizeRequest } from "./authorize.ts";
import { jsonBody } from "./json-body.ts";
import { validate, type Schemas } from "./validate.ts";
import { idempotency } from "./idempotency.ts";
import { problemJson } from "./problem-json.ts";
import type { HttpEvent, HttpResult, RouteState } from "./request-state.ts";

// Re-exported: handlers and tests import the route vocabulary from here.
export { authorize, checkOrigin, ORIGIN_HEADER } from "./authorize.ts";
export { MAX_BODY_BYTES } from "./json-body.ts";
export { CORRELATION_HEADER } from "./request-log.ts";
export type { HttpEvent } from "./request-state.ts";

export interface Req<P, Q, B> {
  route: RouteDef;
  /** null only on public routes called without a token. */
  actor: Actor | null;
  params: P;
  query: Q;
  body: B;
  headers: Record<string, string | undefined>;
  requestId: string;
}
/** A request on a route that requires a token: the actor is always there. */
export type AuthedReq<P, Q, B> = Req<P, Q, B> & { actor: Actor };

function toResult(reply: Reply): HttpResult {
  const headers: Record<string, string> = { "cache-control": "no-store", ...(reply.headers ?? {}) };
  if (reply.text !== undefined) {
    return { statusCode: reply.status, headers: { "content-type": reply.contentType ?? "text/plain; charset=utf-8", ...headers }, body: reply.text };
  }
  if (reply.body === undefined) return { statusCode: reply.status, headers };
  return { statusCode: reply.status, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(reply.body) };
}

/**
 * Wraps a route's function as a Lambda handler: a middy stack whose order is the order below.
 * On the way in, `before` runs top to bottom; on the way out `after` (or, on an error, `onError`)
 * runs bottom to top, so problem-json answers first and everything above sees that answer.
 *
 *   logMetrics      flush this invocation's EMF metrics (Powertools)
 *   requestLog      Lambda context + correlation id on the logs; one "request" line; x-correlation-id
 *   authorize       origin secret, claims -> actor, the manifest's access rule (401/403)
 *   jsonBody        64 KiB (413), JSON media type (415), well-formed JSON (400)
 *   validate        zod over path, query and body (400 naming the fields)
 *   idempotency     Idempotency-Key on writing POSTs: claim, replay, 409/422; store the answer
 *   problemJson     the one place an error becomes a problem+json answer (and is counted)
 *
 * The function itself only does: one domain call -> Reply. State travels in `request.internal`.
 */
export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  routeId: string,
  schemas: Schemas<P, Q, B>,
  fn: (req: Req<P, Q, B>) => Promise<Reply>,
) {
  const def = routeById(routeId);

  const base = async (event: HttpEvent, context: Context, { internal }: { internal: RouteState }): Promise<HttpResult> => {
    if (internal.replay) return internal.replay;
    const input = internal.input;
    if (!input) throw new Error(`route ${routeId}: the handler ran before validation`);
    return toResult(
      await fn({
        route: def,
        actor: internal.actor ?? null,
        params: input.params as P,
        query: input.query as Q,
        body: input.body as B,
        headers: internal.headers ?? {},
        requestId: context?.awsRequestId ?? event.requestContext?.requestId ?? "local",
      }),
    );
  };

  // middy hands a handler only (event, context): the request's state is looked up by its event, whose
  // object is this invocation's own (a WeakMap, so nothing outlives the request).
  const states = new WeakMap<HttpEvent, RouteState>();
  const handler = middy<HttpEvent, HttpResult, Error, Context, RouteState>()
    .use(logMetrics(metrics))
    .use(requestLog(def))
    .use(authorizeRequest(def))
    .use(jsonBody())
    .use(validate(schemas as Schemas<unknown, unknown, unknown>))
    .use(idempotency(def))
    .use(problemJson())
    .use({ before: (request) => void states.set(request.event, request.internal) })
    .handler((event, context) => base(event, context, { internal: states.get(event) ?? {} }));
  // Exposed so a test can prove the OpenAPI registry (schemas/route-schemas.ts) names the same schemas.
  return Object.assign(handler, { routeId, schemas: schemas as Schemas<unknown, unknown, unknown> });
}

/**
 * route() for routes that require a token: the actor is guaranteed. Refuses, at cold start, to wrap a
 * route the manifest marks public, so the handler can never run without an identity.
 */
export function authedRoute<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  routeId: string,
  schemas: Schemas<P, Q, B>,
  fn: (req: AuthedReq<P, Q, B>) => Promise<Reply>,
) {
  if (routeById(routeId).access.public) throw new Error(`route ${routeId} is public; use route()`);
  return route<P, Q, B>(routeId, schemas, (req) => {
    if (!req.actor) throw new Unauthorized("Send Authorization: Bearer <token>.");
    return fn(req as AuthedReq<P, Q, B>);
  });
}
