import { createLocalJWKSet, errors, jwtVerify, type JWTPayload } from "jose";
import type { DevIssuer } from "./dev-issuer.ts";

// Plays the HTTP API's JWT authorizer in front of non-public routes: signature against the issuer's
// JWKS, `iss`, audience (`aud`, or `client_id` when there is no `aud`, as API Gateway does for Cognito
// access tokens), `exp`/`nbf`, and `token_use` "access" so a Cognito ID token is not accepted.
// Like API Gateway, it decides only "valid token or 401"; roles are the handler's business (403).

export type AuthResult =
  | { ok: true; claims: Record<string, string>; scopes: string[] }
  | { ok: false; detail: string; wwwAuthenticate: string };

export function createAuthorizer(issuer: DevIssuer): (authorization: string | undefined) => Promise<AuthResult> {
  const jwks = createLocalJWKSet(issuer.jwks());

  return async (authorization) => {
    const token = bearerToken(authorization);
    if (!token) return deny("Send Authorization: Bearer <token>.", "invalid_request", "no token");
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, { issuer: issuer.issuer, algorithms: ["RS256"], requiredClaims: ["exp", "sub"] }));
    } catch (error) {
      return deny(reasonOf(error), "invalid_token", reasonOf(error));
    }
    if (!audienceMatches(payload, issuer.audience)) return deny("The token was issued for another audience.", "invalid_token", "audience mismatch");
    if (payload.token_use !== "access") return deny("An access token is required.", "invalid_token", "not an access token");
    return { ok: true, claims: flattenClaims(payload), scopes: scopesOf(payload) };
  };
}

/** API Gateway takes the identity source as is, dropping a leading "Bearer " if present. */
function bearerToken(header: string | undefined): string | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  const token = /^bearer\s+/i.test(value) ? value.replace(/^bearer\s+/i, "") : value;
  return token || undefined;
}

function audienceMatches(payload: JWTPayload, audience: string): boolean {
  if (payload.aud !== undefined) return (Array.isArray(payload.aud) ? payload.aud : [payload.aud]).includes(audience);
  return payload.client_id === audience;
}

/**
 * API Gateway hands claims to the integration as strings: numbers and booleans stringified, arrays
 * as "[a b]". Passing the same shape locally keeps handlers honest (lambdas/middleware/claims.ts).
 */
export function flattenClaims(payload: JWTPayload): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) out[name] = `[${value.map(String).join(" ")}]`;
    else if (typeof value === "object") out[name] = JSON.stringify(value);
    else out[name] = String(value);
  }
  return out;
}

function scopesOf(payload: JWTPayload): string[] {
  const raw = payload.scope ?? payload.scp;
  if (Array.isArray(raw)) return raw.map(String);
  return typeof raw === "string" ? raw.split(" ").filter(Boolean) : [];
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "The token has expired.";
  if (error instanceof errors.JWTClaimValidationFailed) return error.claim === "iss" ? "The token was issued by another issuer." : `The token's ${error.claim} claim is not valid.`;
  if (error instanceof errors.JWKSNoMatchingKey) return "The token was signed by an unknown key.";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "The token's signature does not match.";
  return "The token is malformed.";
}

function deny(detail: string, code: string, description: string): AuthResult {
  return { ok: false, detail, wwwAuthenticate: `Bearer error="${code}", error_description="${description}"` };
}
