import * as z from "zod";
import { ROUTES, type RouteDef } from "../routes.ts";
import { TextAnswer } from "./common.ts";

// The OpenAPI 3.1 document, generated from the route manifest and the zod request schemas
// (OpenAPI 3.1 uses JSON Schema 2020-12, which is what z.toJSONSchema emits).

const jsonSchema = (schema: z.ZodType, io: "input" | "output" = "input") => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
};

const problemRef = { $ref: "#/components/schemas/Problem" };
const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: problemRef } } });

function parameters(def: RouteDef) {
  const schemas = def.request;
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

/**
 * Routes whose answer is (or may be) text, by media type. A route declaring TextAnswer answers only
 * these; one declaring a JSON schema answers JSON or, when asked (`?format=csv`), these.
 */
export const TEXT_ROUTES: Record<string, readonly string[]> = {
  // RFC 4180, one download of every matching licence.
  "list-register": ["text/csv; charset=utf-8"],
  "register-feed": ["application/atom+xml; charset=utf-8"],
  // A C2SP signed note, byte for byte as signed.
  "audit-get-checkpoint": ["text/plain; charset=utf-8"],
};

/** The declared 2xx answers: the only source of the document's success statuses. */
export function successResponses(def: RouteDef): Record<string, unknown> {
  const declared = def.responses;
  const statuses = Object.keys(declared ?? {});
  if (!declared || statuses.length === 0) throw new Error(`route ${def.id} declares no responses in its definition`);
  const out: Record<string, unknown> = {};
  for (const status of statuses) {
    if (!/^2\d\d$/.test(status)) throw new Error(`route ${def.id}: responses are the 2xx answers; ${status} is not one`);
    const schema = declared[Number(status)];
    const text = Object.fromEntries((TEXT_ROUTES[def.id] ?? []).map((media) => [media, { schema: { type: "string" } }]));
    if (status === "204") out[status] = { description: def.summary };
    else if (schema === TextAnswer) out[status] = { description: def.summary, content: text };
    else out[status] = { description: def.summary, content: { "application/json": { schema: jsonSchema(schema, "output") }, ...text } };
  }
  return out;
}

/** Routes that name the record they read in the query string rather than the path: an unknown one is a 404 too. */
const LOOKS_UP_BY_QUERY = new Set(["energy-usage"]);

function operation(def: RouteDef) {
  const body = def.request.body;
  const success = successResponses(def);
  const responses: Record<string, unknown> = {
    ...success,
    "400": problem("Invalid input; `errors` names each field"),
    "503": problem("A dependency is down; nothing was written"),
  };
  if (!def.access.public) {
    responses["401"] = problem("Missing, invalid or expired token");
    responses["403"] = problem("The role may not do this");
  }
  if (def.path.includes("{") || LOOKS_UP_BY_QUERY.has(def.id)) responses["404"] = problem("Unknown, or not yours");
  if (def.writes) responses["409"] = problem("Wrong state, or not enough MW left");
  if (def.writes && def.method === "POST") responses["422"] = problem("Idempotency-Key reused with another body");
  if (def.method === "PATCH" || def.id === "file-return") {
    responses["412"] = problem("If-Match no longer matches the record's version");
    responses["428"] = problem("If-Match is needed");
  }
  if (body) {
    responses["413"] = problem("The body is over 64 KiB");
    responses["415"] = problem("The body is not JSON");
  }
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
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
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
