import * as z from "zod";
import { ROUTES, type RouteDef } from "../routes.ts";
import { ROUTE_SCHEMAS } from "./route-schemas.ts";

// The OpenAPI 3.1 document, generated from the route manifest and the zod request schemas
// (OpenAPI 3.1 uses JSON Schema 2020-12, which is what z.toJSONSchema emits).

const jsonSchema = (schema: z.ZodType, io: "input" | "output" = "input") => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
};

const problemRef = { $ref: "#/components/schemas/Problem" };
const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: problemRef } } });

function parameters(def: RouteDef) {
  const schemas = ROUTE_SCHEMAS[def.id] ?? {};
  const out: Record<string, unknown>[] = [];
  for (const where of ["params", "query"] as const) {
    const schema = schemas[where];
    if (!schema) continue;
    const json = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      out.push({ name, in: where === "params" ? "path" : "query", required: where === "params" || (json.required ?? []).includes(name), schema: prop });
    }
  }
  if (def.writes && def.method === "POST") {
    out.push({ name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 128 }, description: "Replays the first answer for 24 h" });
  }
  if (def.id === "file-return") out.push({ name: "If-Match", in: "header", required: false, schema: { type: "string" }, description: "The return's version: needed to file again" });
  if (def.method === "PATCH") out.push({ name: "If-Match", in: "header", required: true, schema: { type: "string" }, description: "The ETag from GET" });
  return out;
}

/** Routes whose answer is not JSON. */
const TEXT_ROUTES: Record<string, Record<string, unknown>> = {
  // A C2SP signed note, byte for byte as signed.
  "audit-get-checkpoint": { "text/plain; charset=utf-8": { schema: { type: "string" } } },
};

function operation(def: RouteDef) {
  const body = ROUTE_SCHEMAS[def.id]?.body;
  const declared = ROUTE_SCHEMAS[def.id]?.responses;
  const success = declared
    ? Object.fromEntries(Object.entries(declared).map(([status, schema]) => [status, { description: def.summary, content: { "application/json": { schema: jsonSchema(schema, "output") } } }]))
    : { [def.id.startsWith("create-") || def.id === "publish-round" ? "201" : "200"]: { description: def.summary, content: TEXT_ROUTES[def.id] ?? { "application/json": { schema: { type: "object" } } } } };
  const responses: Record<string, unknown> = {
    ...success,
    "400": problem("Invalid input; `errors` names each field"),
    "503": problem("A dependency is down; nothing was written"),
  };
  if (!def.access.public) {
    responses["401"] = problem("Missing, invalid or expired token");
    responses["403"] = problem("The role may not do this");
  }
  if (def.path.includes("{")) responses["404"] = problem("Unknown, or not yours");
  if (def.writes) responses["409"] = problem("Wrong state, or not enough MW left");
  return {
    operationId: def.id,
    summary: def.summary,
    tags: [def.access.public ? "public" : def.access.groups.join(", ")],
    security: def.access.public ? [] : [{ bearer: def.access.scopes ?? [] }],
    parameters: parameters(def),
    ...(body ? { requestBody: { required: def.id !== "withdraw-application", content: { "application/json": { schema: jsonSchema(body) } } } } : {}),
    responses,
    "x-access": def.access,
  };
}

export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const def of ROUTES) {
    if (def.localOnly) continue;
    (paths[def.path] ??= {})[def.method.toLowerCase()] = operation(def);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Sandbox registry API",
      version: "1.0.0",
      description: "Registry and licensing workflow for a crypto council's regulatory sandbox. Errors are RFC 9457 problem details.",
    },
    servers: [{ url: "/" }],
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: {
        Problem: {
          type: "object",
          required: ["type", "title", "status", "detail"],
          properties: {
            type: { type: "string" },
            title: { type: "string" },
            status: { type: "integer" },
            detail: { type: "string" },
            errors: { type: "array", items: { type: "object", required: ["path", "message"], properties: { path: { type: "string" }, message: { type: "string" } } } },
          },
        },
      },
    },
  };
}
