import { afterAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/api.ts";

// A stopped sequencer stops no write: with the gateway's sequencer loop off, changes commit and their
// events wait, counted as pending; a runtime started again with events pending numbers them all.

const opened: TestApi[] = [];
afterAll(async () => {
  for (const api of opened) await api.close();
});

async function start(sequencer: boolean): Promise<TestApi> {
  const api = await startTestApi(sequencer ? {} : { sequencer: false });
  opened.push(api);
  return api;
}

describe("events pending while the sequencer is stopped", { timeout: 120_000 }, () => {
  it("writes go on, the head counts what waits, and a restarted sequencer seals it all in commit order", async () => {
    const stopped = await start(false);
    const creates = await Promise.all(Array.from({ length: 5 }, () => stopped.request("POST", "/api/applications", { token: "applicantA", body: { category: "BITCOIN_MINING" } })));
    expect(creates.map((r) => r.status)).toEqual(Array(5).fill(201));
    const id = creates[0].json.id as string;
    const patched = await stopped.request("PATCH", `/api/applications/${id}`, { token: "applicantA", body: { organisation: { legalName: "Pending Ltd" } }, headers: { "if-match": '"1"' } });
    expect(patched.status).toBe(200);

    const waiting = await stopped.request("GET", "/api/audit/events/head", { token: "auditor" });
    expect(waiting.json).toMatchObject({ seq: 0, at: null, pendingEvents: 6 });
    expect(waiting.json.oldestPendingSeconds).toBeGreaterThanOrEqual(0);
    expect((await stopped.request("GET", "/api/audit/events", { token: "auditor" })).json).toEqual({ items: [], nextCursor: null });
    expect((await stopped.request("GET", "/api/audit/checkpoint", { token: "auditor" })).status).toBe(404);
    await stopped.close();
    opened.pop();

    // A runtime started again on the same table, with its sequencer: everything pending is numbered.
    const restarted = await start(true);
    let head = (await restarted.request("GET", "/api/audit/events/head", { token: "auditor" })).json;
    while (head.pendingEvents > 0) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      head = (await restarted.request("GET", "/api/audit/events/head", { token: "auditor" })).json;
    }
    expect(head).toMatchObject({ seq: 6, pendingEvents: 0, oldestPendingSeconds: 0 });
    const events = (await restarted.request("GET", "/api/audit/events", { token: "auditor" })).json.items as { seq: number; entityId: string; action: string }[];
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    const mine = events.filter((e) => e.entityId === id).map((e) => e.action);
    expect(mine).toEqual(["application.created", "application.updated"]);
  });
});
