import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startTestApi, type TestApi } from "../support/api.ts";
import { createDevClock } from "../../local/dev-clock.ts";
import { clock } from "../../lambdas/store/clock.ts";

// The local-only dev clock and job trigger: no token, moves the product's clock forward only, keeps
// the offset in DATA_DIR, and runs a named job now.

let api: TestApi;
const realNow = clock.now;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  clock.now = realNow;
  await api.close();
});

const DAY = 24 * 60 * 60 * 1000;

describe("dev clock", () => {
  it("advances by days or to a later time, never backwards, and persists the offset in DATA_DIR", async () => {
    const before = Date.parse((await api.request("GET", "/api/dev/clock")).json.now);
    const advanced = await api.request("POST", "/api/dev/clock", { body: { advanceDays: 10 } });
    expect(advanced.status).toBe(200);
    expect(Date.parse(advanced.json.now) - before).toBeGreaterThanOrEqual(10 * DAY);
    expect(Date.parse(advanced.json.now) - before).toBeLessThan(10 * DAY + 60_000);
    // The product's clock moved, not just the route's answer.
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(Date.parse(advanced.json.now));

    const target = new Date(Date.parse(advanced.json.now) + 30 * DAY).toISOString();
    const set = await api.request("POST", "/api/dev/clock", { body: { now: target } });
    expect(set.json.now.slice(0, 16)).toBe(target.slice(0, 16));

    const back = await api.request("POST", "/api/dev/clock", { body: { now: "2020-01-01T00:00:00Z" } });
    expect(back.status).toBe(409);
    expect(back.headers.get("content-type")).toBe("application/problem+json");
    const negative = await api.request("POST", "/api/dev/clock", { body: { advanceDays: -1 } });
    expect(negative.status).toBe(400);
    expect(negative.json.errors[0].path).toBe("advanceDays");
    expect((await api.request("POST", "/api/dev/clock", { body: {} })).status).toBe(400);
    expect((await api.request("POST", "/api/dev/clock", { body: { now: "soon" } })).json.errors[0].path).toBe("now");

    // A restart (a new dev clock on the same DATA_DIR) keeps the product's date.
    expect(existsSync(join(api.dataDir, "dev-clock.json"))).toBe(true);
    clock.now = realNow;
    const restarted = createDevClock(api.dataDir);
    expect(Math.abs(restarted.now().getTime() - Date.parse(target))).toBeLessThan(60_000);
    expect(JSON.parse(readFileSync(join(api.dataDir, "dev-clock.json"), "utf8")).offsetMs).toBeGreaterThan(39 * DAY);
  });

  it("runs a scheduled job now, and names an unknown job as 404", async () => {
    const ran = await api.request("POST", "/api/dev/jobs/expire-licences");
    expect(ran.status).toBe(200);
    expect(ran.json).toEqual({ jobId: "expire-licences", ranAt: expect.any(String) });
    const unknown = await api.request("POST", "/api/dev/jobs/no-such-job");
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toBe("application/problem+json");
  });
});
