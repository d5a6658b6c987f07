import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/api.ts";

// Everything outside /api: the runtime config the web app reads, the built web app with an SPA
// fallback and correct content types, no way out of the web root, and a plain page when unbuilt.

let api: TestApi;
let unbuilt: TestApi;
const webRoot = mkdtempSync(join(tmpdir(), "sandbox-web-"));

beforeAll(async () => {
  mkdirSync(join(webRoot, "assets"));
  writeFileSync(join(webRoot, "index.html"), "<!doctype html><title>app</title>");
  writeFileSync(join(webRoot, "assets", "app-1234.js"), "console.log(1)");
  writeFileSync(join(webRoot, "assets", "app-1234.css"), "body{}");
  writeFileSync(join(webRoot, "favicon.svg"), "<svg/>");
  api = await startTestApi({ webRoot });
  unbuilt = await startTestApi({ webRoot: join(webRoot, "missing") });
});
afterAll(async () => {
  await api.close();
  await unbuilt.close();
  rmSync(webRoot, { recursive: true, force: true });
});

/** fetch() normalises "../" away; a raw request sends the path exactly as written. */
function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(base + "/", { method: "GET", path }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("web origin", () => {
  it("serves GET /config.json with the dev auth kind", async () => {
    const res = await api.request("GET", "/config.json");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ auth: { kind: "dev" } });
  });

  it("serves built files with their content types and long caching for hashed assets", async () => {
    const js = await api.request("GET", "/assets/app-1234.js");
    expect([js.status, js.headers.get("content-type"), js.text]).toEqual([200, "text/javascript; charset=utf-8", "console.log(1)"]);
    expect(js.headers.get("cache-control")).toContain("immutable");
    expect((await api.request("GET", "/assets/app-1234.css")).headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect((await api.request("GET", "/favicon.svg")).headers.get("content-type")).toBe("image/svg+xml");
    const index = await api.request("GET", "/");
    expect([index.status, index.headers.get("content-type"), index.headers.get("cache-control")]).toEqual([200, "text/html; charset=utf-8", "no-cache"]);
  });

  it("falls back to index.html for client-side routes, but 404s a missing asset", async () => {
    const route = await api.request("GET", "/review/applications/123");
    expect([route.status, route.text]).toEqual([200, "<!doctype html><title>app</title>"]);
    expect((await api.request("GET", "/assets/missing.js")).status).toBe(404);
  });

  it("never serves a file outside the web root", async () => {
    for (const path of ["/../package.json", "/..%2f..%2fpackage.json", "/assets/..%2F..%2F..%2Fetc%2Fpasswd", "/%2e%2e/%2e%2e/etc/passwd"]) {
      const res = await rawGet(api.url, path);
      expect(res.body, path).not.toMatch(/sandbox-registry|root:/);
      expect([200, 400, 404], path).toContain(res.status);
    }
  });

  it("refuses other methods outside /api with 405", async () => {
    const res = await api.request("POST", "/");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
  });

  it("answers a plain page saying how to get a token when the web app is not built", async () => {
    const res = await unbuilt.request("GET", "/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.text).toContain("/api/dev/token");
  });
});
