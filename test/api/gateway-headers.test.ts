import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/api.ts";

// Every error is a problem+json, including 431 for request headers over 16 KB (docs/api.md Conventions):
// Node's parser refuses them before there is a request, and its own answer has an empty body.

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

function get(path: string, headers: Record<string, string>): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${api.url}${path}`, { method: "GET", headers }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("request headers over 16 KB", () => {
  it("answer 431 with a problem+json body; just under the limit is served", async () => {
    const big = await get("/api/health", { "x-padding": "a".repeat(17 * 1024) });
    expect(big.status).toBe(431);
    expect(big.type).toBe("application/problem+json");
    expect(JSON.parse(big.body)).toMatchObject({ status: 431, title: expect.any(String), detail: expect.stringMatching(/16384 bytes/), type: expect.stringMatching(/request-header-fields-too-large$/) });
    const small = await get("/api/health", { "x-padding": "a".repeat(15 * 1024) });
    expect(small.status).toBe(200);
  });
});
