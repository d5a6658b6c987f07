// The route vocabulary: what a route definition says (RouteDef) and the access rules routes name.
// Every route is one defineRoute() in lambdas/routes/<group>.ts; lambdas/routes.ts lists them.

import type * as z from "zod";
import { REGIONS } from "./schemas/common.ts";

export type Group = "applicant" | "reviewer" | "admin" | "auditor";
export const GROUPS: readonly Group[] = ["applicant", "reviewer", "admin", "auditor"];
export const AUDIT_SCOPE = "sandbox/audit.read";
/** A region's grid operator (its distribution company's machine client): `sandbox/meter.<REGION>`. */
export const METER_SCOPE_PREFIX = "sandbox/meter.";
export const METER_SCOPES: readonly string[] = REGIONS.map((r) => `${METER_SCOPE_PREFIX}${r}`);

export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** Who may call: nobody is implied; `public` must be said out loud. */
export type Access =
  | { readonly public: true }
  | { readonly public?: false; readonly groups: readonly Group[]; readonly scopes?: readonly string[] };

/** What the function may touch: drives IAM grants on AWS. */
export interface Touches {
  readonly table: "read" | "write";
  /** Documents bucket: read = HeadObject/GetObject (download links, confirm checks); write = presigned uploads. */
  readonly documents?: "read" | "write";
  /** Audit checkpoint bucket. */
  readonly checkpoints?: "read" | "write";
  /** The audit log's checkpoint key (KMS): sign = kms:Sign and kms:GetPublicKey. */
  readonly logKey?: "sign";
  /** Sends mail: ses:SendEmail on the configured identity only. */
  readonly mail?: boolean;
}

/** The request schemas of a route: validate() parses path, query string and body with them. */
export interface RouteRequest {
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
}

/**
 * The answer's schema per 2xx status: the only source of the document's success statuses (a test
 * refuses a route without). Text answers (CSV, Atom, the signed note) are TextAnswer here and get
 * their media type from openapi.ts TEXT_ROUTES.
 */
export type RouteResponses = Readonly<Record<number, z.ZodType>>;

export interface RouteDef<Req extends RouteRequest = RouteRequest, Res extends RouteResponses = RouteResponses> {
  /** Stable id, also the handler file name under lambdas/http (kebab-case). */
  readonly id: string;
  readonly method: Method;
  /** API Gateway style path with {params}. */
  readonly path: string;
  readonly access: Access;
  readonly touches: Touches;
  /** Changes state: honours Idempotency-Key (POST) and is refused to read-only identities. */
  readonly writes: boolean;
  /** Only in the local runtime (the dev issuer); never deployed. */
  readonly localOnly?: boolean;
  readonly summary: string;
  /** What validate() parses: path parameters, query string and JSON body (each optional). */
  readonly request: Req;
  readonly responses: Res;
}

export const PUBLIC = { public: true } as const;
export const APPLICANT = { groups: ["applicant"] } as const;
export const REVIEWER = { groups: ["reviewer"] } as const;
export const ADMIN = { groups: ["admin"] } as const;
export const AUDITOR = { groups: ["auditor"], scopes: [AUDIT_SCOPE] } as const;
export const APPLICANT_OR_REVIEWER = { groups: ["applicant", "reviewer"] } as const;
/** Any region's grid operator; the service then keeps it to its own region (domain/actor.ts gridRegions). */
export const GRID = { groups: [], scopes: METER_SCOPES } as const;
export const GRID_OR_ADMIN = { groups: ["admin"], scopes: METER_SCOPES } as const;
export const GRID_ADMIN_OR_REVIEWER = { groups: ["admin", "reviewer"], scopes: METER_SCOPES } as const;

export const R = "read" as const;
export const W = "write" as const;

/**
 * One route's whole definition, written once in lambdas/routes/<group>.ts and imported by its handler.
 * `const` keeps the literal types, so route() infers the handler's params, query and body from the
 * schemas and `ResponseOf` names each status's answer.
 */
export function defineRoute<const D extends RouteDef>(def: D): D {
  return def;
}
