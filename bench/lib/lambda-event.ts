import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RouteDef } from "../../lambdas/routes.ts";
import { PROJECT_ROOT } from "../../local/paths.ts";
import type { TokenRequest } from "../../local/dev-issuer.ts";

// A realistic API Gateway HTTP API (payload 2.0) event for one route, adapted from the recorded
// fixture test/events/http-api-v2-jwt.json: route key, path, parameters, body and the JWT claims as
// API Gateway flattens them ("[a b]" for arrays). Public routes carry no authorizer block.

const FIXTURE = JSON.parse(readFileSync(join(PROJECT_ROOT, "test", "events", "http-api-v2-jwt.json"), "utf8"));

export interface EventSpec {
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** Added to the fixture's headers (lower-case names, as API Gateway sends them). */
  headers?: Record<string, string>;
  who?: TokenRequest;
}

export function lambdaEvent(route: RouteDef, spec: EventSpec = {}): Record<string, unknown> {
  const event = structuredClone(FIXTURE) as Record<string, any>;
  const rawPath = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(spec.pathParameters?.[name] ?? name));
  const routeKey = `${route.method} ${route.path}`;
  const rawQueryString = new URLSearchParams(spec.query ?? {}).toString();
  event.routeKey = routeKey;
  event.rawPath = rawPath;
  event.rawQueryString = rawQueryString;
  event.requestContext.routeKey = routeKey;
  event.requestContext.http = { ...event.requestContext.http, method: route.method, path: rawPath };
  event.requestContext.requestId = `bench-${Math.random().toString(36).slice(2)}`;
  event.requestContext.timeEpoch = Date.now();
  if (spec.query) event.queryStringParameters = spec.query;
  if (spec.pathParameters) event.pathParameters = spec.pathParameters;
  if (spec.headers) event.headers = { ...event.headers, ...spec.headers };
  if (spec.body === undefined) {
    delete event.body;
    delete event.headers["content-type"];
  } else {
    event.body = JSON.stringify(spec.body);
  }
  if (route.access.public || !spec.who) {
    delete event.requestContext.authorizer;
  } else {
    const claims = event.requestContext.authorizer.jwt.claims;
    claims.sub = spec.who.sub;
    claims.username = spec.who.sub;
    if (spec.who.groups?.length) claims["cognito:groups"] = `[${spec.who.groups.join(" ")}]`;
    else delete claims["cognito:groups"];
    if (spec.who.email) claims.email = spec.who.email;
    if (spec.who.name) claims.name = spec.who.name;
    claims.scope = spec.who.scope ?? "aws.cognito.signin.user.admin";
    event.requestContext.authorizer.jwt.scopes = claims.scope.split(" ");
  }
  return event;
}
