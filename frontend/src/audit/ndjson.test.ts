import { afterEach, describe, expect, it, vi } from "vitest";
import { mockFetch, signInAs } from "../test-support.tsx";
import { fetchAllEvents, toNdjson } from "./ndjson.ts";

afterEach(() => vi.unstubAllGlobals());

const event = (seq: number) => ({ seq, eventId: `id-${seq}`, at: "2026-11-01T00:00:00Z", actor: { sub: "x", groups: [] }, action: "a", entityType: "t", entityId: "e", data: {}, leafHash: `h${seq}` });

describe("events download", () => {
  it("pages with afterSeq until the API says there is no next page", async () => {
    signInAs("auditor", "auditor");
    const { calls } = mockFetch({
      "GET /api/audit/events?afterSeq=0&limit=100": { body: { items: [event(1), event(2)], nextCursor: "c" } },
      "GET /api/audit/events?afterSeq=2&limit=100": { body: { items: [event(3)], nextCursor: null } },
    });
    const progress: number[] = [];
    const events = await fetchAllEvents((n) => progress.push(n));
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(progress).toEqual([2, 3]);
    expect(calls.every((c) => c.headers.authorization?.startsWith("Bearer "))).toBe(true);
  });

  it("writes one event per line, exactly as the API answered it", () => {
    const text = toNdjson([event(1), event(2)]);
    expect(text.split("\n")).toEqual([JSON.stringify(event(1)), JSON.stringify(event(2)), ""]);
    expect(toNdjson([])).toBe("");
  });
});
