import { timingSafeEqual } from "node:crypto";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2 } from "aws-lambda";
import * as z from "zod";
import { routeById, type RouteDef } from "../routes.ts";
import type { Actor } from "../domain/actor.ts";
import { Forbidden, PayloadTooLarge, Unauthorized, UnsupportedMediaType, ValidationError } from "../domain/errors.ts";
import { actorFromClaims } from "./claims.ts";
import { problemResponse, toProblem } from "./problem.ts";
import { logger } from "./logger.ts";
import type { Reply } from "./response.ts";
import { zodFieldErrors } from "../schemas/field-errors.ts";
import { withIdempotency } from "./idempotency.ts";
import { originSecret } from "../env.ts";

export const MAX_BODY_BYTES = 64 * 1024;

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

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

interface Schemas<P, Q, B> {
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
}

type Parsed = { actor: Actor | null; params: unknown; query: unknown; body: unknown; headers: Record<string, string | undefined> };
type Internal = { parsed?: Parsed; started?: number };

function lowerHeaders(headers: Record<string, string | undefined> | undefined): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}

function claimsOf(event: HttpEvent): Record<string, unknown> | undefined {
  return (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } }).authorizer?.jwt?.claims;
}

export const ORIGIN_HEADER = "x-origin-verify";

/**
 * On AWS only CloudFront knows the origin secret and adds it to what it forwards: a request that went
 * straight to the execute-api endpoint (around CloudFront and its WAF) is refused before anything runs.
 */
export function checkOrigin(event: HttpEvent, expected: string | undefined = originSecret()): void {
  if (!expected) return;
  const given = lowerHeaders(event.headers)[ORIGIN_HEADER] ?? "";
  const a = Buffer.from(given, "utf8");
  const b = Buffer.from(expected, "utf8");
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new Forbidden("Call the API through its public address.");
}

/**
 * Claims -> actor -> role check against the manifest entry. Only access tokens act: API Gateway's JWT
 * authorizer checks signature, issuer, audience and expiry but not `token_use`, so a Cognito ID token
 * (token_use "id") would otherwise pass; it is refused here (401) on every route, public ones included.
 */
export function authorize(route: RouteDef, event: HttpEvent): Actor | null {
  const claims = claimsOf(event);
  if (claims && claims.token_use !== undefined && claims.token_use !== "access") throw new Unauthorized("An access token is required, not an ID token.");
  const actor = actorFromClaims(claims);
  if (route.access.public) return actor;
  if (!actor) throw new Unauthorized("Send Authorization: Bearer <token>.");
  const allowedGroups = route.access.groups;
  const allowedScopes = route.access.scopes ?? [];
  const byGroup = actor.groups.some((g) => allowedGroups.includes(g));
  const byScope = actor.scopes.some((s) => allowedScopes.includes(s));
  if (!byGroup && !byScope) throw new Forbidden(`This action needs one of: ${[...allowedGroups, ...allowedScopes].join(", ")}.`);
  return actor;
}

function rawBody(event: HttpEvent): string | undefined {
  if (event.body === undefined || event.body === null || event.body === "") return undefined;
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, "base64") : Buffer.from(event.body, "utf8");
  if (bytes.length > MAX_BODY_BYTES) throw new PayloadTooLarge(`Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
  return bytes.toString("utf8");
}

function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const media = contentType.split(";")[0].trim().toLowerCase();
  return media === "application/json" || (media.startsWith("application/") && media.endsWith("+json"));
}

function parseWith<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return value as T;
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationError(`The ${where} is not valid.`, zodFieldErrors(result.error));
  return result.data;
}

function parseInput<P, Q, B>(route: RouteDef, event: HttpEvent, schemas: Schemas<P, Q, B>, actor: Actor | null): Parsed {
  const headers = lowerHeaders(event.headers);
  const raw = rawBody(event);
  let json: unknown = undefined;
  if (raw !== undefined) {
    if (!isJson(headers["content-type"])) throw new UnsupportedMediaType("Request bodies must be application/json.");
    try {
      json = JSON.parse(raw);
    } catch {
      throw new ValidationError("The body is not valid JSON.", [{ path: "", message: "malformed JSON" }]);
    }
  }
  return {
    actor,
    headers,
    params: parseWith(schemas.params, event.pathParameters ?? {}, "path"),
    query: parseWith(schemas.query, event.queryStringParameters ?? {}, "query string"),
    body: parseWith(schemas.body, json, "body"),
  };
}

function toResult(reply: Reply): APIGatewayProxyResultV2 {
  const headers: Record<string, string> = { "cache-control": "no-store", ...(reply.headers ?? {}) };
  if (reply.text !== undefined) {
    return { statusCode: reply.status, headers: { "content-type": reply.contentType ?? "text/plain; charset=utf-8", ...headers }, body: reply.text };
  }
  if (reply.body === undefined) return { statusCode: reply.status, headers };
  return { statusCode: reply.status, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(reply.body) };
}

/**
 * Wraps a route's function as a Lambda handler. Owns, in order: logging, claims -> actor, the role
 * check from the manifest, JSON body limits and parsing, zod validation, Idempotency-Key, and the
 * mapping of every error to problem+json. The function itself only does: one domain call -> Reply.
 */
export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  routeId: string,
  schemas: Schemas<P, Q, B>,
  fn: (req: Req<P, Q, B>) => Promise<Reply>,
) {
  const def = routeById(routeId);

  const base = async (event: HttpEvent, context: { awsRequestId?: string }): Promise<APIGatewayProxyResultV2> => {
    const parsed = (event as unknown as { __parsed: Parsed }).__parsed;
    const req: Req<P, Q, B> = {
      route: def,
      actor: parsed.actor,
      params: parsed.params as P,
      query: parsed.query as Q,
      body: parsed.body as B,
      headers: parsed.headers,
      requestId: context.awsRequestId ?? event.requestContext?.requestId ?? "local",
    };
    const run = async (): Promise<APIGatewayProxyResultV2> => {
      try {
        return toResult(await fn(req));
      } catch (error) {
        return problemResponse(toProblem(error));
      }
    };
    return def.writes && def.method === "POST" ? withIdempotency(def, req.actor, req.headers["idempotency-key"], event, run) : run();
  };

  const handler = middy<HttpEvent, APIGatewayProxyResultV2>(base as never)
    .use({
      // Outermost: logs one line per request and turns anything thrown before the handler into problem+json.
      before: (request) => {
        (request.internal as Internal).started = Date.now();
      },
      after: (request) => {
        logRequest(def, request.event, request.response, (request.internal as Internal).started);
      },
      onError: (request) => {
        request.response = problemResponse(toProblem(request.error));
        logRequest(def, request.event, request.response, (request.internal as Internal).started);
      },
    })
    .use({
      before: (request) => {
        checkOrigin(request.event);
        const actor = authorize(def, request.event);
        (request.event as unknown as { __parsed: Parsed }).__parsed = parseInput(def, request.event, schemas, actor);
      },
    });
  // Exposed so a test can prove the OpenAPI registry (schemas/route-schemas.ts) names the same schemas.
  return Object.assign(handler, { routeId, schemas: schemas as Schemas<unknown, unknown, unknown> });
}

function logRequest(def: RouteDef, event: HttpEvent, response: APIGatewayProxyResultV2 | undefined, started: number | undefined): void {
  const status = typeof response === "object" && response && "statusCode" in response ? response.statusCode : 200;
  const actor = actorFromClaims(claimsOf(event));
  logger.info("request", {
    route: def.id,
    method: def.method,
    status,
    durationMs: started ? Date.now() - started : undefined,
    actorSub: actor?.sub,
    actorGroups: actor?.groups,
  });
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
