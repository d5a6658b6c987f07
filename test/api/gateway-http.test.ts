import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";
import type { LambdaHandler } from "../../local/handler-modules.ts";
import { startTestApi, type TestApi } from "../support/api.ts";

// The gateway as API Gateway HTTP API: route selection, the 2.0 event it builds, how it turns a
// Lambda result into HTTP, and its own refusals (404/405/413/429/500). A stub handler per test
// stands in for the route's module so each rule is observed directly.

type Event = APIGatewayProxyEventV2WithJWTAuthorizer;
let api: TestApi;
let seen: { routeId: string; event: Event; context: Record<string, unknown> }[] = [];
let reply: (event: Event) => unknown = () => ({ statusCode: 204 });

beforeAll(async () => {
  api = await startTestApi({
    loadHandler: async (routeId): Promise<LambdaHandler> => async (event, context) => {
      seen.push({ routeId, event: event as Event, context: context as Record<string, unknown> });
      return reply(event as Event);
    },
  });
});
afterAll(() => api.close());

function last() {
  const call = seen.at(-1);
  if (!call) throw new Error("no handler was called");
  return call;
}

describe("route selection", () => {
  it("answers an unknown /api path with a 404 problem", async () => {
    const res = await api.request("GET", "/api/nothing/here");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.json).toMatchObject({ status: 404, title: expect.any(String), detail: expect.any(String), type: expect.stringMatching(/not-found$/) });
  });

  it("answers a known path with the wrong method with 405 and Allow listing every method of the path", async () => {
    const res = await api.request("DELETE", "/api/allocations");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, POST");
    expect(res.json).toMatchObject({ status: 405, type: expect.stringMatching(/method-not-allowed$/) });
  });

  it("prefers the most specific route: a literal segment beats a {param}", async () => {
    seen = [];
    await api.request("GET", "/api/audit/events/head", { token: "auditor" });
    expect(last().routeId).toBe("audit-events-head");
    expect(last().event.routeKey).toBe("GET /api/audit/events/head");
  });

  it("does not match an empty path parameter", async () => {
    expect((await api.request("GET", "/api/allocations//")).status).toBe(404);
  });
});

describe("the payload 2.0 event", () => {
  it("carries the raw path and query, decoded path parameters, joined repeated keys, cookies apart from headers", async () => {
    seen = [];
    await api.request("GET", "/api/allocations/round%2F7%20b?b=2&a=1&a=3&e=x%20y", {
      headers: { cookie: "c1=v1; c2=v2", "X-Custom-Header": "Yes" },
    });
    const { event, context, routeId } = last();
    expect(routeId).toBe("get-allocation");
    expect(event).toMatchObject({
      version: "2.0",
      routeKey: "GET /api/allocations/{roundId}",
      rawPath: "/api/allocations/round%2F7%20b",
      rawQueryString: "b=2&a=1&a=3&e=x%20y",
      queryStringParameters: { a: "1,3", b: "2", e: "x y" },
      pathParameters: { roundId: "round/7 b" },
      cookies: ["c1=v1", "c2=v2"],
      isBase64Encoded: false,
    });
    expect(event.headers["x-custom-header"]).toBe("Yes");
    expect(event.headers.cookie).toBeUndefined();
    expect(event.body).toBeUndefined();
    expect(event.requestContext).toMatchObject({
      accountId: expect.any(String),
      apiId: expect.any(String),
      domainName: "127.0.0.1",
      http: { method: "GET", path: "/api/allocations/round%2F7%20b", protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: expect.any(String) },
      requestId: expect.any(String),
      routeKey: "GET /api/allocations/{roundId}",
      stage: "$default",
      time: expect.stringMatching(/^\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/),
      timeEpoch: expect.any(Number),
    });
    expect(context).toMatchObject({ awsRequestId: expect.any(String), functionName: "sandbox-registry-get-allocation" });
    expect((context.getRemainingTimeInMillis as () => number)()).toBeGreaterThan(0);
  });

  it("omits queryStringParameters and pathParameters when there are none", async () => {
    seen = [];
    await api.request("GET", "/api/allocations");
    expect(last().event.queryStringParameters).toBeUndefined();
    expect(last().event.pathParameters).toBeUndefined();
  });

  it("gives public routes no authorizer context, even when a valid token is sent", async () => {
    seen = [];
    await api.request("GET", "/api/allocations", { token: "admin" });
    expect(last().event.requestContext.authorizer).toBeUndefined();
  });

  it("passes verified claims on private routes as API Gateway does: strings, arrays flattened, scopes split", async () => {
    seen = [];
    await api.request("GET", "/api/audit/events/head", { token: { sub: "m2m", groups: ["auditor", "reviewer"], scope: "sandbox/audit.read other" } });
    const jwt = last().event.requestContext.authorizer.jwt;
    expect(jwt.claims).toMatchObject({ sub: "m2m", "cognito:groups": "[auditor reviewer]", token_use: "access", exp: expect.stringMatching(/^\d+$/) });
    expect(jwt.scopes).toEqual(["sandbox/audit.read", "other"]);
  });

  it("passes JSON bodies as text and binary bodies as base64 with isBase64Encoded", async () => {
    seen = [];
    await api.request("POST", "/api/eligibility", { body: { region: "KE" } });
    expect(last().event).toMatchObject({ body: '{"region":"KE"}', isBase64Encoded: false });
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    await api.request("POST", "/api/eligibility", { body: bytes, headers: { "content-type": "application/octet-stream" } });
    expect(last().event).toMatchObject({ body: bytes.toString("base64"), isBase64Encoded: true });
  });
});

describe("turning the Lambda result into HTTP", () => {
  it("sends a structured result's status, headers, cookies and (base64) body", async () => {
    reply = () => ({
      statusCode: 201,
      headers: { "Content-Type": "text/csv", ETag: '"3"', "content-length": "999" },
      cookies: ["a=1; Path=/", "b=2; HttpOnly"],
      body: Buffer.from("x,y\n1,2\n").toString("base64"),
      isBase64Encoded: true,
    });
    const res = await api.request("GET", "/api/allocations");
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe("text/csv");
    expect(res.headers.get("etag")).toBe('"3"');
    expect(res.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; HttpOnly"]);
    expect(res.text).toBe("x,y\n1,2\n");
    expect(res.headers.get("apigw-requestid")).toBeTruthy();
  });

  it("treats a result without statusCode as a 200 JSON body (a string as is, anything else serialised)", async () => {
    reply = () => ({ hello: "world" });
    let res = await api.request("GET", "/api/allocations");
    expect([res.status, res.headers.get("content-type"), res.json]).toEqual([200, "application/json", { hello: "world" }]);
    reply = () => "plain";
    res = await api.request("GET", "/api/allocations");
    expect([res.status, res.text]).toEqual([200, "plain"]);
  });

  it("answers a malformed result or a thrown error with a generic 500 problem and no internals", async () => {
    reply = () => ({ statusCode: "two hundred" });
    let res = await api.request("GET", "/api/allocations");
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toBe("application/problem+json");

    reply = () => {
      throw new Error("secret table name sandbox-registry-xyz");
    };
    res = await api.request("GET", "/api/allocations");
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({ status: 500, type: expect.stringMatching(/internal$/), title: expect.any(String), detail: expect.any(String) });
    expect(res.text).not.toMatch(/secret|sandbox-registry-xyz|at .*\.ts/);
  });
});

describe("gateway limits", () => {
  it("refuses a body over 1 MiB with 413 before the handler, and accepts one just under", async () => {
    reply = () => ({ statusCode: 204 });
    seen = [];
    const big = "x".repeat(1024 * 1024 + 1);
    const res = await api.request("POST", "/api/eligibility", { body: big, headers: { "content-type": "text/plain" } });
    expect(res.status).toBe(413);
    expect(res.json).toMatchObject({ status: 413, type: expect.stringMatching(/payload-too-large$/) });
    expect(seen).toHaveLength(0);

    const ok = await api.request("POST", "/api/eligibility", { body: "x".repeat(1024 * 1024), headers: { "content-type": "text/plain" } });
    expect(ok.status).toBe(204);
  });

  it("throttles a source IP past its burst with 429 problem and Retry-After", async () => {
    const throttled = await startTestApi({ throttle: { rate: 0.001, burst: 3 }, loadHandler: async () => async () => ({ statusCode: 204 }) });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await throttled.request("GET", "/api/allocations")).status);
      expect(statuses).toEqual([204, 204, 204, 429]);
      const res = await throttled.request("GET", "/api/health");
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after")).toBe("1");
      expect(res.json).toMatchObject({ status: 429, type: expect.stringMatching(/too-many-requests$/) });
    } finally {
      await throttled.close();
    }
  });
});
