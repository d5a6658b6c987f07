import { timingSafeEqual } from "node:crypto";
import type { RouteDef } from "../route-def.ts";
import type { Actor } from "../domain/actor.ts";
import { Forbidden, Unauthorized } from "../domain/errors.ts";
import { originSecret } from "../env.ts";
import { actorFromClaims } from "./claims.ts";
import { lowerHeaders, type HttpEvent, type RouteMiddleware } from "./request-state.ts";

export const ORIGIN_HEADER = "x-origin-verify";

function claimsOf(event: HttpEvent): Record<string, unknown> | undefined {
  return (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } }).authorizer?.jwt?.claims;
}

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

/** Origin check, then who is calling and may they: before anything reads the body (401/403 first). */
export function authorizeRequest(def: RouteDef): RouteMiddleware {
  return {
    before: (request) => {
      checkOrigin(request.event);
      request.internal.actor = authorize(def, request.event);
      request.internal.headers = lowerHeaders(request.event.headers);
    },
  };
}
