import { afterEach, describe, expect, it, vi } from "vitest";
import { AUDITOR_READ, logAuditorRead } from "../../lambdas/middleware/audit-read-log.ts";
import { routeById } from "../../lambdas/routes.ts";
import { logger } from "../../lambdas/middleware/logger.ts";

// Every auditor read leaves one structured line: who, what, when, and no personal data.

afterEach(() => vi.restoreAllMocks());

function captureLogLines(): () => Record<string, any>[] {
  const lines: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return () =>
    lines
      .join("")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
}

describe("logAuditorRead", () => {
  const actor = { sub: "auditor-7", groups: ["auditor" as const], scopes: [], email: "someone@audit.example", name: "Jane Auditor" };

  it("logs who (sub, groups, scopes), what (route and ids/filters) and when, as one JSON line", () => {
    const lines = captureLogLines();
    logger.setLogLevel("INFO");
    logAuditorRead({ route: routeById("audit-get-application"), actor, requestId: "req-1" }, { applicationId: "app-123", cursor: undefined });
    const [line] = lines();
    expect(line).toMatchObject({
      level: "INFO",
      message: AUDITOR_READ,
      auditorRead: {
        who: { sub: "auditor-7", groups: ["auditor"], scopes: [] },
        what: { route: "audit-get-application", method: "GET", path: "/api/audit/applications/{id}", applicationId: "app-123" },
        requestId: "req-1",
      },
    });
    expect(Date.parse(line.auditorRead.when)).not.toBeNaN();
    expect("cursor" in line.auditorRead.what).toBe(false);
  });

  it("never writes the caller's e-mail or name", () => {
    const lines = captureLogLines();
    logger.setLogLevel("INFO");
    logAuditorRead({ route: routeById("audit-list-events"), actor, requestId: "req-2" }, { afterSeq: 10, limit: 25 });
    const text = JSON.stringify(lines());
    expect(text).toContain("auditor-7");
    expect(text).not.toContain("someone@audit.example");
    expect(text).not.toContain("Jane Auditor");
  });

  it("names a machine client by its scope", () => {
    const spy = vi.spyOn(logger, "info").mockImplementation(() => {});
    logAuditorRead({ route: routeById("audit-events-head"), actor: { sub: "machine-1", groups: [], scopes: ["sandbox/audit.read"] }, requestId: "req-3" });
    expect(spy).toHaveBeenCalledWith(AUDITOR_READ, {
      auditorRead: expect.objectContaining({ who: { sub: "machine-1", groups: [], scopes: ["sandbox/audit.read"] }, what: { route: "audit-events-head", method: "GET", path: "/api/audit/events/head" } }),
    });
  });
});
