import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROUTES, routeById } from "../../lambdas/routes.ts";
import { buildOpenApi, successResponses } from "../../lambdas/schemas/openapi.ts";

// The served OpenAPI document: every route's 2xx answers come from its declared responses (none
// guessed), every 2xx answer has a schema, and Redocly CLI's recommended ruleset finds no error.

type Operation = { operationId: string; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };
const operations = (): Operation[] =>
  Object.values(buildOpenApi().paths as Record<string, Record<string, Operation>>).flatMap((byMethod) => Object.values(byMethod));

describe("OpenAPI document", () => {
  it.each(ROUTES.filter((r) => !r.localOnly).map((r) => [r.id, r] as const))("%s declares its 2xx responses", (id, def) => {
    const declared = routeById(id).responses;
    expect(Object.keys(declared).length, `${id} has no responses in its definition`).toBeGreaterThan(0);
    for (const status of Object.keys(declared)) expect(status).toMatch(/^2\d\d$/);
    expect(Object.keys(successResponses(def)).sort()).toEqual(Object.keys(declared).sort());
  });

  it("refuses a route without declared responses instead of guessing a status", () => {
    const undeclared = { ...ROUTES[0], id: "no-such-route", responses: {} };
    expect(() => successResponses(undeclared)).toThrow(/declares no responses/);
  });

  it("gives every 2xx answer other than 204 a schema, never a bare object", () => {
    for (const op of operations()) {
      for (const [status, response] of Object.entries(op.responses).filter(([s]) => s.startsWith("2"))) {
        if (status === "204") continue;
        const contents = Object.entries(response.content ?? {});
        expect(contents.length, `${op.operationId} ${status}`).toBeGreaterThan(0);
        for (const [media, { schema }] of contents) {
          expect(schema, `${op.operationId} ${status} ${media}`).toBeDefined();
          expect(schema, `${op.operationId} ${status} ${media}`).not.toEqual({ type: "object" });
        }
      }
    }
  });

  it("passes Redocly CLI lint (recommended rules) with no error", () => {
    const run = spawnSync(process.execPath, [join(import.meta.dirname, "..", "..", "node_modules", "tsx", "dist", "cli.mjs"), "scripts/openapi-lint.ts", "--format=json"], {
      cwd: join(import.meta.dirname, "..", ".."),
      encoding: "utf8",
    });
    const report = JSON.parse(run.stdout.slice(run.stdout.indexOf("{"))) as { totals: { errors: number }; problems: { ruleId: string; severity: string; message: string }[] };
    expect(report.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(report.totals.errors).toBe(0);
    expect(run.status).toBe(0);
  }, 60_000);
});
