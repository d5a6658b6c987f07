import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JSONWebKeySet, type JWK } from "jose";
import * as z from "zod";
import { GROUPS, type Group } from "../lambdas/routes.ts";

// A stand-in for Cognito, local mode only: signs access tokens shaped like Cognito's (cognito:groups,
// scope, client_id, token_use) with an RS256 key, so the dev gateway can verify them exactly as the
// HTTP API's JWT authorizer verifies Cognito's. The key lives in DATA_DIR so tokens survive restarts.

/** Plays the Cognito app client id; the gateway's authorizer expects it as audience. */
export const DEV_AUDIENCE = "sandbox-registry-local";
export const MAX_EXPIRES_IN = 86_400;
const DEFAULT_EXPIRES_IN = 3_600;
const ALG = "RS256";

// RFC 6749 scope-token characters, space separated.
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/;

export const TokenRequestSchema = z.strictObject({
  sub: z.string().trim().min(1).max(128),
  groups: z
    .array(z.enum(GROUPS as [Group, ...Group[]]))
    .max(GROUPS.length)
    .refine((g) => new Set(g).size === g.length, "groups must not repeat")
    .default([]),
  scope: z.string().max(1_000).regex(SCOPE, "space-separated scope tokens").optional(),
  email: z.email().max(254).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  expiresIn: z.number().int().min(1).max(MAX_EXPIRES_IN).default(DEFAULT_EXPIRES_IN),
});
export type TokenRequest = z.input<typeof TokenRequestSchema>;

export interface TokenResponse {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
}

export interface DevIssuer {
  /** The `iss` every token carries and the authorizer requires. */
  readonly issuer: string;
  readonly audience: string;
  readonly kid: string;
  issueToken(request: TokenRequest): Promise<TokenResponse>;
  /** Public keys only. */
  jwks(): JSONWebKeySet;
}

export interface DevIssuerOptions {
  /** The runtime's DATA_DIR: the key is kept at dev-issuer/key.json inside it. */
  dataDir: string;
  issuer: string;
  audience?: string;
}

export async function createDevIssuer(options: DevIssuerOptions): Promise<DevIssuer> {
  const audience = options.audience ?? DEV_AUDIENCE;
  const stored = await loadOrCreateKey(join(options.dataDir, "dev-issuer"));
  const privateKey = await importJWK(stored, ALG);
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = stored;
  const kid = stored.kid!;

  return {
    issuer: options.issuer,
    audience,
    kid,
    jwks: () => ({ keys: [{ ...publicJwk, use: "sig", alg: ALG, kid }] }),
    async issueToken(request) {
      const input = TokenRequestSchema.parse(request);
      const claims: Record<string, unknown> = { token_use: "access", client_id: audience, username: input.sub };
      // Cognito leaves cognito:groups out for a user in no group; so do we.
      if (input.groups.length > 0) claims["cognito:groups"] = input.groups;
      if (input.scope) claims.scope = input.scope;
      if (input.email) claims.email = input.email;
      if (input.name) claims.name = input.name;
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: ALG, kid, typ: "JWT" })
        .setIssuer(options.issuer)
        .setAudience(audience)
        .setSubject(input.sub)
        .setIssuedAt(now)
        .setExpirationTime(now + input.expiresIn)
        .setJti(randomUUID())
        .sign(privateKey);
      return { access_token: token, token_type: "Bearer", expires_in: input.expiresIn };
    },
  };
}

/**
 * Reads the private JWK, or makes one. The exclusive create means two runtimes starting on the same
 * DATA_DIR at once end up sharing one key instead of overwriting each other's.
 */
async function loadOrCreateKey(dir: string): Promise<JWK> {
  const file = join(dir, "key.json");
  const existing = readKey(file);
  if (existing) return existing;

  const { privateKey } = await generateKeyPair(ALG, { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  jwk.kid = await calculateJwkThumbprint(jwk);
  jwk.alg = ALG;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, JSON.stringify(jwk, null, 2) + "\n", { flag: "wx", mode: 0o600 });
    return jwk;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return readKey(file)!;
  }
}

function readKey(file: string): JWK | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const jwk = JSON.parse(text) as JWK;
  if (jwk.kty !== "RSA" || !jwk.d || !jwk.kid) throw new Error(`${file} is not an RSA private JWK with a kid; delete it to make a new key`);
  return jwk;
}
