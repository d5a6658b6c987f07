import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from "jose";
import { createHandlerLoader } from "../../local/handler-modules.ts";
import { DEV_AUDIENCE } from "../../local/dev-issuer.ts";
import { startTestApi, type TestApi } from "../support/api.ts";

// The gateway plays API Gateway's JWT authorizer: every bad token is a 401 problem that never reaches
// (or even loads) a handler; a good token goes through, and the handler decides 200 or 403.

const PRIVATE_PATH = "/api/applications"; // list-applications: applicant only
let api: TestApi;
const loaded: string[] = [];
let issuerKey: JWK;

beforeAll(async () => {
  const realLoader = createHandlerLoader("http");
  api = await startTestApi({
    loadHandler: (id) => {
      loaded.push(id);
      return realLoader(id);
    },
  });
  issuerKey = JSON.parse(readFileSync(join(api.dataDir, "dev-issuer", "key.json"), "utf8")) as JWK;
});
afterAll(() => api.close());

/** Signs arbitrary claims, by default with the dev issuer's own key and the claims it would set. */
async function sign(overrides: Record<string, unknown> = {}, options: { key?: JWK; kid?: string; omit?: string[] } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: api.issuer.issuer,
    aud: DEV_AUDIENCE,
    client_id: DEV_AUDIENCE,
    sub: "applicant-a",
    "cognito:groups": ["applicant"],
    token_use: "access",
    iat: now,
    exp: now + 600,
    ...overrides,
  };
  for (const name of options.omit ?? []) delete claims[name];
  const key = options.key ?? issuerKey;
  return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: options.kid ?? key.kid ?? api.issuer.kid }).sign(await importJWK(key, "RS256"));
}

async function expectRefused(token: string | undefined, detail?: RegExp): Promise<void> {
  const before = loaded.length;
  const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
  const res = await api.request("GET", PRIVATE_PATH, { headers });
  expect(res.status).toBe(401);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  expect(res.headers.get("www-authenticate")).toMatch(/^Bearer /);
  expect(res.json).toMatchObject({ type: expect.stringMatching(/\/unauthorized$/), title: expect.any(String), status: 401, detail: expect.any(String) });
  if (detail) expect(res.json.detail).toMatch(detail);
  expect(loaded.length).toBe(before);
}

describe("gateway JWT authorizer", () => {
  it("refuses a request without a token, before loading any handler", async () => {
    await expectRefused(undefined, /Bearer/);
    expect(loaded).not.toContain("list-applications");
  });

  it("refuses garbage, an empty bearer and an unsecured (alg none) token", async () => {
    await expectRefused("not-a-jwt", /malformed/);
    await expectRefused("a.b.c", /malformed/);
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    const payload = Buffer.from(JSON.stringify({ sub: "x", iss: api.issuer.issuer, aud: DEV_AUDIENCE, token_use: "access", exp: 9e9 })).toString("base64url");
    await expectRefused(`${header}.${payload}.`);
    const res = await api.request("GET", PRIVATE_PATH, { headers: { authorization: "Bearer " } });
    expect(res.status).toBe(401);
  });

  it("refuses a token signed by another key, whether its kid is unknown or borrowed", async () => {
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    const other = { ...(await exportJWK(privateKey)), kid: "someone-else" };
    await expectRefused(await sign({}, { key: other }), /unknown key/);
    await expectRefused(await sign({}, { key: other, kid: api.issuer.kid }), /signature/);
  });

  it("refuses a token whose claims were edited after signing", async () => {
    const [header, payload, signature] = (await api.token("applicantA")).split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    claims["cognito:groups"] = ["admin"];
    const forged = [header, Buffer.from(JSON.stringify(claims)).toString("base64url"), signature].join(".");
    await expectRefused(forged, /signature/);
  });

  it("refuses an expired token, and one with no expiry", async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(await sign({ iat: now - 7200, exp: now - 3600 }), /expired/);
    await expectRefused(await sign({}, { omit: ["exp"] }));
  });

  it("refuses a token not yet valid (nbf in the future)", async () => {
    await expectRefused(await sign({ nbf: Math.floor(Date.now() / 1000) + 3600 }));
  });

  it("refuses another issuer and another audience (aud, or client_id when aud is absent)", async () => {
    await expectRefused(await sign({ iss: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_other" }), /issuer/);
    await expectRefused(await sign({ aud: "another-client", client_id: "another-client" }), /audience/);
    await expectRefused(await sign({ client_id: "another-client" }, { omit: ["aud"] }), /audience/);
  });

  it("refuses an ID token (token_use id) and a token without token_use", async () => {
    await expectRefused(await sign({ token_use: "id" }), /access token/);
    await expectRefused(await sign({}, { omit: ["token_use"] }), /access token/);
  });

  it("accepts a Cognito-style access token that carries client_id and no aud", async () => {
    const res = await api.request("GET", PRIVATE_PATH, { token: await sign({}, { omit: ["aud"] }) });
    expect(res.status).toBe(200);
  });
});

describe("after a good token, the handler decides", () => {
  it("lets an applicant list their applications (200)", async () => {
    const res = await api.request("GET", PRIVATE_PATH, { token: "applicantA" });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ items: [], nextCursor: null });
    expect(loaded).toContain("list-applications");
  });

  it("answers 403 (from the handler, not the gateway) to a valid token of the wrong role", async () => {
    for (const persona of ["reviewer1", "admin", "auditor", "auditMachine"] as const) {
      const res = await api.request("GET", PRIVATE_PATH, { token: persona });
      expect(res.status, persona).toBe(403);
      expect(res.json.type).toMatch(/\/forbidden$/);
    }
  });

  it("lets the audit machine client in by scope alone", async () => {
    const res = await api.request("GET", "/api/audit/events/head", { token: "auditMachine" });
    expect(res.status).toBe(200);
  });

  it("accepts the raw token without the Bearer prefix, as API Gateway does", async () => {
    const res = await api.request("GET", PRIVATE_PATH, { headers: { authorization: await api.token("applicantA") } });
    expect(res.status).toBe(200);
  });

  it("serves public routes without a token, and ignores a bad token there (no authorizer on the route)", async () => {
    expect((await api.request("GET", "/api/health")).json).toEqual({ status: "ok" });
    const res = await api.request("GET", "/api/health", { headers: { authorization: "Bearer garbage" } });
    expect(res.status).toBe(200);
  });
});
