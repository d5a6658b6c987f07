import { GROUPS, type Group } from "../route-def.ts";
import type { Actor } from "../domain/actor.ts";

type Claims = Record<string, unknown>;

// API Gateway's JWT authorizer (and the local gateway, which mirrors it) flattens array claims into
// strings like "[admin reviewer]"; a direct invocation may carry real arrays. Accept both.
function listClaim(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== "string" || value.trim() === "") return [];
  return value
    .replace(/^\[|\]$/g, "")
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function actorFromClaims(claims: Claims | undefined): Actor | null {
  if (!claims || typeof claims.sub !== "string" || claims.sub === "") return null;
  const groups = listClaim(claims["cognito:groups"]).filter((g): g is Group => (GROUPS as readonly string[]).includes(g));
  return {
    sub: claims.sub,
    groups,
    scopes: listClaim(claims.scope),
    email: typeof claims.email === "string" ? claims.email : undefined,
    name: typeof claims.name === "string" ? claims.name : undefined,
  };
}
