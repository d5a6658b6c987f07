import { beforeEach, describe, expect, it } from "vitest";
import { countUnread, lastSeen, markSeen } from "./unread.ts";

describe("the inbox's unread count", () => {
  beforeEach(() => window.localStorage.clear());

  it("counts notices newer than the newest one seen, per account, and never goes back", () => {
    const items = [{ at: "2026-03-03T00:00:00.000Z" }, { at: "2026-03-02T00:00:00.000Z" }, { at: "2026-03-01T00:00:00.000Z" }];
    expect(countUnread(items, lastSeen("a"))).toBe(3);
    markSeen("a", "2026-03-02T00:00:00.000Z");
    expect(countUnread(items, lastSeen("a"))).toBe(1);
    expect(countUnread(items, lastSeen("b"))).toBe(3);
    markSeen("a", "2026-03-01T00:00:00.000Z");
    expect(lastSeen("a")).toBe("2026-03-02T00:00:00.000Z");
  });
});
