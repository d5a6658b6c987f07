import middy from "@middy/core";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import type { Context } from "aws-lambda";
import type * as z from "zod";
import type { RouteDef, RouteRequest } from "../route-def.ts";
import type { Actor } from "../domain/actor.ts";
import { Unauthorized } from "../domain/errors.ts";
import { metrics } from "../observability/metrics.ts";
import type { Reply } from "./response.ts";
import { requestLog } from "./request-log.ts";
import { authorizeRequest } from "./authorize.ts";
import { jsonBody } from "./json-body.ts";
import { validate } from "./validate.ts";
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

// What the definition's request schemas parse to; a part the route does not declare is empty (no body: undefined).
type Parsed<R, K extends keyof RouteRequest, Otherwise> = R extends { readonly [P in K]: infer S extends z.ZodType } ? z.output<S> : Otherwise;
export type ParamsOf<D extends RouteDef> = Parsed<D["request"], "params", Record<string, never>>;
export type QueryOf<D extends RouteDef> = Parsed<D["request"], "query", Record<string, never>>;
export type BodyOf<D extends RouteDef> = Parsed<D["request"], "body", undefined>;
/** The answer a definition declares for a status, e.g. `ResponseOf<typeof submitApplicationRoute, 200>`. */
export type ResponseOf<D extends RouteDef, S extends keyof D["responses"]> = D["responses"][S] extends z.ZodType ? z.output<D["responses"][S]> : never;

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
export function route<D extends RouteDef>(def: D, fn: (req: Req<ParamsOf<D>, QueryOf<D>, BodyOf<D>>) => Promise<Reply>) {
  type P = ParamsOf<D>;
  type Q = QueryOf<D>;
  type B = BodyOf<D>;

  const base = async (event: HttpEvent, context: Context, { internal }: { internal: RouteState }): Promise<HttpResult> => {
    if (internal.replay) return internal.replay;
    const input = internal.input;
    if (!input) throw new Error(`route ${def.id}: the handler ran before validation`);
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
    .use(validate(def.request))
    .use(idempotency(def))
    .use(problemJson())
    .use({ before: (request) => void states.set(request.event, request.internal) })
    .handler((event, context) => base(event, context, { internal: states.get(event) ?? {} }));
  // Exposed so the manifest test can prove each handler module wraps exactly its own definition.
  return Object.assign(handler, { route: def });
}

/**
 * route() for routes that require a token: the actor is guaranteed. Refuses, at cold start, to wrap a
 * route the manifest marks public, so the handler can never run without an identity.
 */
export function authedRoute<D extends RouteDef>(def: D, fn: (req: AuthedReq<ParamsOf<D>, QueryOf<D>, BodyOf<D>>) => Promise<Reply>) {
  if (def.access.public) throw new Error(`route ${def.id} is public; use route()`);
  return route(def, (req) => {
    if (!req.actor) throw new Unauthorized("Send Authorization: Bearer <token>.");
    return fn(req as AuthedReq<ParamsOf<D>, QueryOf<D>, BodyOf<D>>);
  });
}
