import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { createDevIssuer, DEV_AUDIENCE } from "../../local/dev-issuer.ts";
import { startTestApi, type TestApi } from "../support/api.ts";

// The dev issuer's routes (local only): POST /api/dev/token validates its body like any route
// (problem+json 400 with field paths), and its tokens verify against GET /api/dev/jwks.json.

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const post = (body: unknown, headers?: Record<string, string>) => api.request("POST", "/api/dev/token", { body, headers });

describe("POST /api/dev/token", () => {
  it("issues an RS256 access token with Cognito-shaped claims that verifies against the published JWKS", async () => {
    const res = await post({ sub: "applicant-a", groups: ["applicant"], scope: "openid sandbox/audit.read", email: "a@firm.example", name: "A", expiresIn: 120 });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.json).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 120 });

    const jwks = (await api.request("GET", "/api/dev/jwks.json")).json;
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", kid: expect.any(String) });
    expect(jwks.keys[0].d).toBeUndefined();

    const { payload } = await jwtVerify(res.json.access_token, createLocalJWKSet(jwks), { issuer: api.issuer.issuer, audience: DEV_AUDIENCE });
    expect(decodeProtectedHeader(res.json.access_token)).toMatchObject({ alg: "RS256", kid: jwks.keys[0].kid });
    expect(payload).toMatchObject({
      sub: "applicant-a",
      "cognito:groups": ["applicant"],
      scope: "openid sandbox/audit.read",
      email: "a@firm.example",
      name: "A",
      token_use: "access",
      client_id: DEV_AUDIENCE,
    });
    expect(payload.exp! - payload.iat!).toBe(120);
    expect(api.issuer.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dev-issuer$/);
  });

  it("defaults to one hour and leaves cognito:groups out for a client with no groups", async () => {
    const res = await post({ sub: "machine", scope: "sandbox/audit.read" });
    expect(res.json.expires_in).toBe(3600);
    const claims = JSON.parse(Buffer.from(res.json.access_token.split(".")[1], "base64url").toString());
    expect(claims["cognito:groups"]).toBeUndefined();
  });

  it.each([
    ["a missing sub", { groups: ["applicant"] }, "sub"],
    ["an empty sub", { sub: "  " }, "sub"],
    ["an unknown group", { sub: "x", groups: ["superuser"] }, "groups.0"],
    ["a repeated group", { sub: "x", groups: ["admin", "admin"] }, "groups"],
    ["expiresIn 0", { sub: "x", expiresIn: 0 }, "expiresIn"],
    ["expiresIn over a day", { sub: "x", expiresIn: 86_401 }, "expiresIn"],
    ["a fractional expiresIn", { sub: "x", expiresIn: 1.5 }, "expiresIn"],
    ["a malformed email", { sub: "x", email: "not-an-email" }, "email"],
    ["a scope with a double space", { sub: "x", scope: "a  b" }, "scope"],
    ["an unknown field", { sub: "x", group: ["admin"] }, "group"],
  ])("answers 400 problem naming the field for %s", async (_label, body, path) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.json).toMatchObject({ status: 400, type: expect.stringMatching(/validation$/), title: expect.any(String), detail: expect.any(String) });
    expect(res.json.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it("answers 400 for malformed JSON and 415 for another content type", async () => {
    expect((await post("{not json", { "content-type": "application/json" })).status).toBe(400);
    expect((await post('{"sub":"x"}', { "content-type": "text/plain" })).status).toBe(415);
  });

  it("answers 405 with Allow to other methods", async () => {
    const res = await api.request("GET", "/api/dev/token");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });
});

describe("the dev issuer key", () => {
  it("is kept in DATA_DIR, so a new issuer on the same directory signs with the same key", async () => {
    const again = await createDevIssuer({ dataDir: api.dataDir, issuer: api.issuer.issuer });
    expect(again.kid).toBe(api.issuer.kid);
    const { access_token } = await again.issueToken({ sub: "applicant-a", groups: ["applicant"] });
    expect((await api.request("GET", "/api/applications", { token: access_token })).status).not.toBe(401);
  });
});
