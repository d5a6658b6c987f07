import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AUDIT_SCOPE, GROUPS, JOBS, ROUTES } from "../../lambdas/routes.ts";

// Deny by default: the manifest is the only place routes exist, and each states who may call it.

describe("route manifest", () => {
  it("has unique ids and unique method+path pairs", () => {
    expect(new Set(ROUTES.map((r) => r.id)).size).toBe(ROUTES.length);
    expect(new Set(ROUTES.map((r) => `${r.method} ${r.path}`)).size).toBe(ROUTES.length);
  });

  it.each(ROUTES.map((r) => [r.id, r] as const))("%s declares an explicit access rule", (_id, r) => {
    const access = r.access as { public?: boolean; groups?: readonly string[]; scopes?: readonly string[] };
    if (access.public === true) {
      expect(r.writes && r.id !== "check-eligibility").toBe(false);
      return;
    }
    expect(Array.isArray(access.groups)).toBe(true);
    expect((access.groups ?? []).length + (access.scopes ?? []).length).toBeGreaterThan(0);
    for (const g of access.groups ?? []) expect(GROUPS).toContain(g);
  });

  it("public routes never write (eligibility is a read-only question)", () => {
    for (const r of ROUTES.filter((x) => x.access.public)) {
      expect(r.touches.table, r.id).toBe("read");
      expect(r.touches.documents ?? "read", r.id).toBe("read");
    }
  });

  it("auditors (group or machine scope) reach only read-only routes", () => {
    for (const r of ROUTES) {
      if (r.access.public) continue;
      const auditorAllowed = r.access.groups.includes("auditor") || (r.access.scopes ?? []).includes(AUDIT_SCOPE);
      if (auditorAllowed) {
        expect(r.writes, r.id).toBe(false);
        expect(r.method, r.id).toBe("GET");
        expect(r.touches.table, r.id).toBe("read");
      }
    }
  });

  it("routes that write say they touch the table for writing, and only they do", () => {
    for (const r of ROUTES) expect(r.touches.table === "write", r.id).toBe(r.writes);
  });

  it("every route and job has its handler module", () => {
    for (const r of ROUTES) expect(existsSync(`lambdas/http/${r.id}.ts`), r.id).toBe(true);
    for (const j of JOBS) expect(existsSync(`lambdas/jobs/${j.id}.ts`), j.id).toBe(true);
  });

  it("every route is under /api", () => {
    for (const r of ROUTES) expect(r.path.startsWith("/api/"), r.id).toBe(true);
  });
});
