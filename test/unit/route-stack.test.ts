import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as z from "zod";
import { readFileSync } from "node:fs";
import { route, CORRELATION_HEADER, type HttpEvent } from "../../lambdas/middleware/route.ts";
import { ok } from "../../lambdas/middleware/response.ts";
import { Conflict } from "../../lambdas/domain/errors.ts";
import { captureStdout, metricValues, type Captured } from "../support/stdout-lines.ts";
import { routeById } from "../../lambdas/routes.ts";

// The named middlewares of route() in their order: who is asking is settled before the body is read,
// the body before the handler, and whatever any of them throws leaves as one problem+json answer,
// logged with the request's correlation id and counted by problem type.

const fixture = (): HttpEvent => JSON.parse(readFileSync("test/events/http-api-v2-jwt.json", "utf8"));
const context = { awsRequestId: "lambda-req-1", functionName: "sandbox-registry-publish-round" } as never;
type Result = { statusCode: number; headers: Record<string, string>; body: string };

const Body = z.strictObject({ name: z.string().min(1), mw: z.number().positive() });
const ran: string[] = [];
const echo = route({ ...routeById("publish-round"), request: { body: Body } }, async (req) => {
  ran.push(req.body.name);
  return ok({ name: req.body.name });
});
const call = async (event: HttpEvent, h: typeof echo = echo) => (await h(event, context)) as unknown as Result;

function anonymous(event = fixture()): HttpEvent {
  (event.requestContext as { authorizer?: unknown }).authorizer = undefined;
  return event;
}
const problemOf = (res: Result) => {
  expect(res.headers["content-type"]).toBe("application/problem+json");
  return JSON.parse(res.body) as { status: number; type: string; errors?: { path: string }[] };
};

let out: Captured;
beforeEach(() => {
  ran.length = 0;
  vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "false");
  out = captureStdout();
});
afterEach(() => {
  out.restore();
  vi.unstubAllEnvs();
});

describe("the order of the route middlewares", () => {
  it("an anonymous request with a bad body is 401: authorize runs before the body rules", async () => {
    const event = anonymous();
    event.body = "{ not json";
    expect(problemOf(await call(event)).status).toBe(401);
    const wrongType = anonymous();
    wrongType.headers["content-type"] = "text/plain";
    expect(problemOf(await call(wrongType)).status).toBe(401);
  });

  it("the same bad body with a good token is 400 naming the field, and the handler never runs", async () => {
    const event = fixture();
    event.body = JSON.stringify({ name: "x", mw: -1 });
    const problem = problemOf(await call(event));
    expect(problem.status).toBe(400);
    expect(problem.errors?.map((e) => e.path)).toEqual(["mw"]);
    expect(ran).toEqual([]);
  });

  it("the body's media type is checked before its fields (415, not 400)", async () => {
    const event = fixture();
    event.headers["content-type"] = "text/plain";
    event.body = JSON.stringify({ name: "" });
    expect(problemOf(await call(event)).status).toBe(415);
  });

  it("an error thrown in any middleware or the handler becomes problem+json", async () => {
    // authorize: the origin secret CloudFront adds is missing
    vi.stubEnv("ORIGIN_SECRET", "only-cloudfront-knows");
    expect(problemOf(await call(fixture())).status).toBe(403);
    vi.stubEnv("ORIGIN_SECRET", "");
    const origin = fixture();
    // authorize: an ID token is refused
    const idToken = fixture();
    (idToken.requestContext.authorizer.jwt.claims as Record<string, unknown>).token_use = "id";
    expect(problemOf(await call(idToken)).status).toBe(401);
    // json-body: over 64 KiB
    origin.body = JSON.stringify({ name: "x".repeat(65 * 1024), mw: 1 });
    expect(problemOf(await call(origin)).status).toBe(413);
    // idempotency: a key that is not a key (refused before any record is claimed)
    const badKey = fixture();
    badKey.body = JSON.stringify({ name: "x", mw: 1 });
    badKey.headers["idempotency-key"] = "has spaces and ☃";
    const keyProblem = problemOf(await call(badKey));
    expect(keyProblem.status).toBe(400);
    expect(keyProblem.errors?.map((e) => e.path)).toEqual(["Idempotency-Key"]);
    // the handler
    const conflict = route({ ...routeById("publish-round"), request: {} }, async () => {
      throw new Conflict("The round overlaps another.");
    });
    expect(problemOf(await call(fixture(), conflict as typeof echo)).status).toBe(409);
    expect(ran).toEqual([]);
  });
});

describe("correlation id", () => {
  it("is API Gateway's request id by default: on every log line of the request and in the answer", async () => {
    const event = fixture();
    event.body = JSON.stringify({ name: "x", mw: 1 });
    const res = await call(event);
    expect(res.statusCode).toBe(200);
    expect(res.headers[CORRELATION_HEADER]).toBe("Ab1Cd2Ef3Gh4=");
    const requestLine = out.lines().find((l) => l.message === "request");
    expect(requestLine).toMatchObject({ correlation_id: "Ab1Cd2Ef3Gh4=", route: "publish-round", status: 200, function_request_id: "lambda-req-1" });
  });

  it("is the caller's x-correlation-id when it sends a plain one, also on a problem answer", async () => {
    const event = anonymous();
    event.headers["x-correlation-id"] = "web-7f3a9c21";
    const res = await call(event);
    expect(res.statusCode).toBe(401);
    expect(res.headers[CORRELATION_HEADER]).toBe("web-7f3a9c21");
    expect(out.lines().find((l) => l.message === "request")).toMatchObject({ correlation_id: "web-7f3a9c21", status: 401 });
    // A header that could forge log content is ignored.
    const forged = anonymous();
    forged.headers["x-correlation-id"] = 'x" "level":"ERROR';
    expect((await call(forged)).headers[CORRELATION_HEADER]).toBe("Ab1Cd2Ef3Gh4=");
  });

  it("does not leak into the next invocation's log lines", async () => {
    const first = anonymous();
    first.headers["x-correlation-id"] = "first-request-id";
    await call(first);
    const second = anonymous();
    await call(second);
    const lines = out.lines().filter((l) => l.message === "request");
    expect(lines.map((l) => l.correlation_id)).toEqual(["first-request-id", "Ab1Cd2Ef3Gh4="]);
  });
});

describe("problem metrics (EMF)", () => {
  it("counts each problem answer by its type, and 5xx answers as ServerErrors", async () => {
    await call(anonymous());
    const boom = route({ ...routeById("publish-round"), request: {} }, async () => {
      throw new Error("unexpected");
    });
    const res = await call(fixture(), boom as typeof echo);
    expect(res.statusCode).toBe(500);
    const emf = out.metrics();
    expect(metricValues(emf, "Problems")).toEqual([
      { value: 1, dimensions: { service: "sandbox-registry", type: "unauthorized", namespace: "SandboxRegistry" } },
      { value: 1, dimensions: { service: "sandbox-registry", type: "internal", namespace: "SandboxRegistry" } },
    ]);
    expect(metricValues(emf, "ServerErrors")).toEqual([{ value: 1, dimensions: { service: "sandbox-registry", namespace: "SandboxRegistry" } }]);
  });

  it("writes nothing when metrics are off (the local runtime and the tests by default)", async () => {
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
    await call(anonymous());
    expect(out.metrics()).toEqual([]);
    delete process.env.POWERTOOLS_METRICS_DISABLED;
    await call(anonymous());
    expect(out.metrics()).toEqual([]);
  });
});
