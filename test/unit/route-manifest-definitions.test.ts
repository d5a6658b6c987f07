import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { BodyOf, ParamsOf, QueryOf, ResponseOf } from "../../lambdas/middleware/route.ts";
import { ROUTES, routeById, type RouteDef } from "../../lambdas/routes.ts";
import { submitApplicationRoute, withdrawApplicationRoute } from "../../lambdas/routes/applicant.ts";
import { healthRoute } from "../../lambdas/routes/public.ts";

// One definition per route: lambdas/routes/<group>.ts defines it, lambdas/routes.ts lists it, and its
// handler module imports exactly that definition and wraps it. A second registry keyed by a string
// (a route id typed again somewhere) has nowhere to live.

process.env.TABLE_NAME ??= "unused";
process.env.DOCUMENTS_BUCKET ??= "unused";

const camel = (id: string) => `${id.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase())}Route`;
const groupFiles = readdirSync("lambdas/routes").filter((f) => f.endsWith(".ts")).sort();
const handlerFiles = readdirSync("lambdas/http").filter((f) => f.endsWith(".ts")).map((f) => f.slice(0, -3)).sort();

const isDefinition = (v: unknown): v is RouteDef =>
  typeof v === "object" && v !== null && typeof (v as RouteDef).id === "string" && typeof (v as RouteDef).path === "string" && "request" in v && "responses" in v;

async function definitions(): Promise<{ file: string; name: string; def: RouteDef }[]> {
  const out: { file: string; name: string; def: RouteDef }[] = [];
  for (const file of groupFiles) {
    const mod = (await import(`../../lambdas/routes/${file}`)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) if (isDefinition(value)) out.push({ file, name, def: value });
  }
  return out;
}

describe("route definitions", () => {
  it("ids are unique and every definition is in ROUTES, under its camel-case name", async () => {
    const defs = await definitions();
    expect(new Set(ROUTES.map((r) => r.id)).size).toBe(ROUTES.length);
    expect(new Set(defs.map((d) => d.def.id)).size).toBe(defs.length);
    for (const { name, def } of defs) {
      expect(name, def.id).toBe(camel(def.id));
      expect(ROUTES.includes(def), `${def.id} is defined but not in ROUTES`).toBe(true);
    }
    expect(defs.length).toBe(ROUTES.length);
  });

  it("every handler module is a route, and every route has its handler module", () => {
    expect(handlerFiles).toEqual(ROUTES.map((r) => r.id).sort());
  });

  it("each group file's list is its definitions in order, and ROUTES is those lists in turn", async () => {
    const listed: RouteDef[] = [];
    for (const file of groupFiles) {
      const mod = (await import(`../../lambdas/routes/${file}`)) as Record<string, unknown>;
      const lists = Object.entries(mod).filter(([name, v]) => name.endsWith("Routes") && Array.isArray(v));
      expect(lists.length, file).toBe(1);
      const defs = Object.values(mod).filter(isDefinition);
      expect(lists[0][1], file).toEqual(defs);
      listed.push(...(lists[0][1] as RouteDef[]));
    }
    expect(new Set(listed)).toEqual(new Set(ROUTES));
  });

  it.each(ROUTES.map((r) => [r.id] as const))("%s: the handler imports exactly its own definition and wraps it", async (id) => {
    const source = readFileSync(`lambdas/http/${id}.ts`, "utf8");
    const imports = [...source.matchAll(/import\s*\{([^}]*)\}\s*from\s*"\.\.\/routes\/([\w-]+)\.ts"/g)];
    expect(imports.length, `${id} imports from lambdas/routes/ once`).toBe(1);
    const names = imports[0][1].split(",").map((s) => s.trim()).filter(Boolean);
    expect(names).toEqual([camel(id)]);
    expect(source, `${id} imports nothing else route-shaped`).not.toMatch(/from\s*"\.\.\/routes\.ts"/);
    expect(source, `${id} names no route by string`).not.toMatch(/(?:route|authedRoute|routeById)\(\s*"/);

    const group = (await import(`../../lambdas/routes/${imports[0][2]}.ts`)) as Record<string, RouteDef>;
    const def = group[camel(id)];
    expect(def.id).toBe(id);
    expect(def).toBe(routeById(id));
    const mod = (await import(`../../lambdas/http/${id}.ts`)) as { handler: { route: RouteDef } };
    expect(mod.handler.route).toBe(def);
  });

  it("a handler's params, query, body and answers are inferred from its definition (checked by tsc)", () => {
    expectTypeOf<ParamsOf<typeof submitApplicationRoute>>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<BodyOf<typeof submitApplicationRoute>>().toEqualTypeOf<undefined>();
    expectTypeOf<QueryOf<typeof healthRoute>>().toEqualTypeOf<Record<string, never>>();
    expectTypeOf<BodyOf<typeof withdrawApplicationRoute>>().not.toBeUndefined();
    expectTypeOf<ResponseOf<typeof healthRoute, 200>>().toEqualTypeOf<{ status: "ok" }>();
    expectTypeOf(submitApplicationRoute.id).toEqualTypeOf<"submit-application">();
    expect(submitApplicationRoute.request.params).toBeDefined();
  });
});
