import { describe, expect, it } from "vitest";
import * as z from "zod";
import { readFileSync } from "node:fs";
import { route, type HttpEvent } from "../../lambdas/middleware/route.ts";
import { ok } from "../../lambdas/middleware/response.ts";
import { InsufficientSurplus } from "../../lambdas/domain/errors.ts";
import { routeById } from "../../lambdas/routes.ts";

// route() on real API Gateway HTTP API (payload 2.0) events, without a network: claims -> actor,
// the manifest's role check, body rules and problem+json. `publish-round` is admin-only and writes.

const fixture = (): HttpEvent => JSON.parse(readFileSync("test/events/http-api-v2-jwt.json", "utf8"));
const context = { awsRequestId: "req-1" } as never;
type Result = { statusCode: number; headers: Record<string, string>; body: string };

const Body = z.strictObject({ name: z.string().min(1) });
const echo = route({ ...routeById("publish-round"), request: { body: Body } }, async (req) => ok({ name: req.body.name, sub: req.actor?.sub, groups: req.actor?.groups }));
const call = async (event: HttpEvent) => (await echo(event, context)) as unknown as Result;

function withClaims(claims: Record<string, unknown> | undefined): HttpEvent {
  const event = fixture();
  (event.requestContext as { authorizer?: unknown }).authorizer = claims ? { jwt: { claims, scopes: [] } } : undefined;
  return event;
}

describe("route() on API Gateway events", () => {
  it("reads Cognito's flattened group claim and lets an admin through", async () => {
    const res = await call(fixture());
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ name: "x", sub: "1f2e3d4c-5b6a-4789-8abc-def012345678", groups: ["admin", "reviewer"] });
  });

  it("401 without verified claims, 403 for a role the manifest does not name", async () => {
    expect((await call(withClaims(undefined))).statusCode).toBe(401);
    const reviewer = await call(withClaims({ sub: "r1", "cognito:groups": "[reviewer]" }));
    expect(reviewer.statusCode).toBe(403);
    expect(reviewer.headers["content-type"]).toBe("application/problem+json");
    const scopeOnly = await call(withClaims({ sub: "m2m", scope: "sandbox/audit.read" }));
    expect(scopeOnly.statusCode).toBe(403);
  });

  it("refuses a role check before looking at the body", async () => {
    const event = withClaims({ sub: "r1", "cognito:groups": ["reviewer"] });
    event.body = "{ not json";
    expect((await call(event)).statusCode).toBe(403);
  });

  it("415 for a non-JSON body, 413 over 64 KiB, 400 for malformed JSON and schema errors", async () => {
    const text = fixture();
    text.headers["content-type"] = "text/plain";
    expect((await call(text)).statusCode).toBe(415);

    const big = fixture();
    big.body = JSON.stringify({ name: "x".repeat(65 * 1024) });
    expect((await call(big)).statusCode).toBe(413);

    const base64 = fixture();
    base64.body = Buffer.from(JSON.stringify({ name: "b64" })).toString("base64");
    base64.isBase64Encoded = true;
    expect(JSON.parse((await call(base64)).body).name).toBe("b64");

    const malformed = fixture();
    malformed.body = "{";
    expect((await call(malformed)).statusCode).toBe(400);

    const invalid = fixture();
    invalid.body = JSON.stringify({ name: "", extra: 1 });
    const res = await call(invalid);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).errors).toEqual([
      { path: "name", message: expect.any(String) },
      { path: "extra", message: "unknown field: extra" },
    ]);
  });

  it("maps domain errors to their problem, with extra members", async () => {
    const h = route({ ...routeById("publish-round"), request: {} }, async () => {
      throw new InsufficientSurplus("Only 5 MW remain.", undefined, { remainingMw: 5 });
    });
    const res = (await h(fixture(), context)) as unknown as Result;
    expect(res.statusCode).toBe(409);
    expect(JSON.parse(res.body)).toMatchObject({ status: 409, type: expect.stringMatching(/insufficient-surplus$/), detail: "Only 5 MW remain.", remainingMw: 5 });
  });

  it("turns anything unexpected into a generic 500 with no internals", async () => {
    const h = route({ ...routeById("publish-round"), request: {} }, async () => {
      throw new Error("secret table name sandbox-prod in stack");
    });
    const res = (await h(fixture(), context)) as unknown as Result;
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain("secret");
    expect(res.body).not.toContain("stack");
    expect(JSON.parse(res.body)).toMatchObject({ status: 500, title: "Internal error" });
  });

  it("answers 503 (retry later) when DynamoDB or S3 cannot be reached or throttles", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8000"), { code: "ECONNREFUSED" });
    const throttled = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException", $metadata: { httpStatusCode: 400 } });
    for (const error of [refused, throttled]) {
      const h = route({ ...routeById("publish-round"), request: {} }, async () => {
        throw error;
      });
      const res = (await h(fixture(), context)) as unknown as Result;
      expect(res.statusCode).toBe(503);
      expect(res.body).not.toContain("ECONNREFUSED");
      expect(JSON.parse(res.body)).toMatchObject({ status: 503, type: expect.stringMatching(/service-unavailable$/) });
    }
  });
});
