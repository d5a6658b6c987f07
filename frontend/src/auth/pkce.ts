import type { AuthConfig } from "../config.ts";
import { sessionFromTokens, setSession, type Session } from "./session.ts";

// Cognito hosted UI: authorization code flow with PKCE (RFC 7636, S256) and a state check.

type CognitoConfig = Extract<AuthConfig, { kind: "cognito" }>;
const PENDING_KEY = "sandbox.pkce";

export function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function randomString(byteLength: number): string {
  return base64url(crypto.getRandomValues(new Uint8Array(byteLength)));
}

export async function challengeFor(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** Builds the authorize URL and remembers the verifier and state for the callback. */
export async function authorizeUrl(config: CognitoConfig, returnTo: string): Promise<string> {
  const verifier = randomString(32);
  const state = randomString(16);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, returnTo }));
  const params = new URLSearchParams({
    response_type: "code",
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: config.scopes.join(" "),
    state,
    code_challenge: await challengeFor(verifier),
    code_challenge_method: "S256",
  });
  return `${config.domain}/oauth2/authorize?${params}`;
}

export async function beginCognitoSignIn(config: CognitoConfig, returnTo: string): Promise<void> {
  window.location.assign(await authorizeUrl(config, returnTo));
}

/** Handles the redirect back: checks state, exchanges the code, stores the session; returns where to go. */
export async function completeCognitoSignIn(
  config: CognitoConfig,
  search: string,
  fetchImpl: typeof fetch = fetch,
): Promise<{ session: Session; returnTo: string }> {
  const params = new URLSearchParams(search);
  const pendingRaw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  const error = params.get("error");
  if (error) throw new Error(`Sign-in was not completed: ${params.get("error_description") ?? error}`);
  const code = params.get("code");
  const pending = pendingRaw ? (JSON.parse(pendingRaw) as { verifier: string; state: string; returnTo: string }) : null;
  if (!code || !pending) throw new Error("This sign-in link is incomplete or was already used. Please sign in again.");
  if (params.get("state") !== pending.state) throw new Error("The sign-in answer did not match this browser's request. Please sign in again.");
  const response = await fetchImpl(`${config.domain}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: config.clientId,
      code,
      redirect_uri: config.redirectUri,
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error("The sign-in service refused the code. Please sign in again.");
  const tokens = (await response.json()) as { access_token: string; id_token?: string };
  const session = sessionFromTokens(tokens.access_token, tokens.id_token);
  setSession(session);
  return { session, returnTo: pending.returnTo.startsWith("/") ? pending.returnTo : "/" };
}

export function cognitoLogoutUrl(config: CognitoConfig): string {
  const params = new URLSearchParams({ client_id: config.clientId, logout_uri: new URL("/", config.redirectUri).href });
  return `${config.domain}/logout?${params}`;
}
