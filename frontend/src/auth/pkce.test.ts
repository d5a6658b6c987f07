import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeJwt } from "../test-support.tsx";
import { authorizeUrl, challengeFor, cognitoLogoutUrl, completeCognitoSignIn } from "./pkce.ts";
import { getSession, setSession } from "./session.ts";

const config = {
  kind: "cognito" as const,
  domain: "https://registry.auth.ap-south-1.amazoncognito.com",
  clientId: "client123",
  redirectUri: "https://registry.example/",
  scopes: ["openid", "email", "profile"],
};

beforeEach(() => {
  sessionStorage.clear();
  setSession(null);
});
afterEach(() => vi.unstubAllGlobals());

describe("PKCE", () => {
  it("derives the S256 challenge of RFC 7636's example verifier", async () => {
    expect(await challengeFor("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  });

  it("sends the challenge, state and scopes to the hosted UI and remembers the verifier", async () => {
    const url = new URL(await authorizeUrl(config, "/applications"));
    expect(url.origin + url.pathname).toBe("https://registry.auth.ap-south-1.amazoncognito.com/oauth2/authorize");
    const p = url.searchParams;
    expect(Object.fromEntries([...p].filter(([k]) => !["state", "code_challenge"].includes(k)))).toEqual({
      response_type: "code",
      client_id: "client123",
      redirect_uri: "https://registry.example/",
      scope: "openid email profile",
      code_challenge_method: "S256",
    });
    const pending = JSON.parse(sessionStorage.getItem("sandbox.pkce")!);
    expect(pending.state).toBe(p.get("state"));
    expect(await challengeFor(pending.verifier)).toBe(p.get("code_challenge"));
    expect(pending.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("exchanges the code with the verifier and keeps the groups from cognito:groups", async () => {
    const url = new URL(await authorizeUrl(config, "/review"));
    const state = url.searchParams.get("state")!;
    const { verifier } = JSON.parse(sessionStorage.getItem("sandbox.pkce")!);
    const access = fakeJwt({ sub: "u-1", "cognito:groups": ["reviewer"] });
    const id = fakeJwt({ sub: "u-1", email: "r@council.example", name: "Rabia" });
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ access_token: access, id_token: id, token_type: "Bearer", expires_in: 3600 })));

    const { session, returnTo } = await completeCognitoSignIn(config, `?code=abc&state=${state}`, fetchMock);
    expect(returnTo).toBe("/review");
    expect(session).toMatchObject({ sub: "u-1", groups: ["reviewer"], email: "r@council.example", name: "Rabia", accessToken: access });
    expect(getSession()?.sub).toBe("u-1");
    const [target, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(target).toBe("https://registry.auth.ap-south-1.amazoncognito.com/oauth2/token");
    expect(Object.fromEntries(new URLSearchParams(String(init.body)))).toEqual({
      grant_type: "authorization_code",
      client_id: "client123",
      code: "abc",
      redirect_uri: "https://registry.example/",
      code_verifier: verifier,
    });
    // The verifier is single use.
    expect(sessionStorage.getItem("sandbox.pkce")).toBeNull();
  });

  it("refuses an answer whose state does not match, without exchanging the code", async () => {
    await authorizeUrl(config, "/");
    const fetchMock = vi.fn();
    await expect(completeCognitoSignIn(config, "?code=abc&state=forged", fetchMock)).rejects.toThrow(/did not match/);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(getSession()).toBeNull();
  });

  it("reports the hosted UI's error", async () => {
    await authorizeUrl(config, "/");
    await expect(completeCognitoSignIn(config, "?error=access_denied&error_description=User+cancelled", vi.fn())).rejects.toThrow("User cancelled");
  });

  it("signs out through the hosted UI back to the site root", () => {
    const url = new URL(cognitoLogoutUrl(config));
    expect(url.pathname).toBe("/logout");
    expect(url.searchParams.get("logout_uri")).toBe("https://registry.example/");
    expect(url.searchParams.get("client_id")).toBe("client123");
  });
});
