import { PUBLIC, defineRoute } from "../route-def.ts";
import { EligibilityAnswer, EligibilityRequest, RoundPage, RoundParams, RoundView } from "../schemas/allocations.ts";
import { Health, OpenApiDocument } from "../schemas/audit.ts";
import { Page, TextAnswer } from "../schemas/common.ts";
import { LicenceParams, RegisterEntry, RegisterPage, RegisterQuery } from "../schemas/review.ts";

// Public
// Each definition is the route's one source: its handler, the CDK stack, the local gateway and the OpenAPI document read it.

export const healthRoute = defineRoute({
  id: "health",
  method: "GET",
  path: "/api/health",
  access: PUBLIC,
  touches: { table: "read", documents: "read" },
  writes: false,
  summary: "DynamoDB and S3 answer",
  request: {},
  responses: { 200: Health },
});

export const openapiRoute = defineRoute({
  id: "openapi",
  method: "GET",
  path: "/api/openapi.json",
  access: PUBLIC,
  touches: { table: "read" },
  writes: false,
  summary: "The OpenAPI 3.1 document",
  request: {},
  responses: { 200: OpenApiDocument },
});

export const listAllocationsRoute = defineRoute({
  id: "list-allocations",
  method: "GET",
  path: "/api/allocations",
  access: PUBLIC,
  touches: { table: "read" },
  writes: false,
  summary: "Published rounds with MW per line",
  request: { query: Page },
  responses: { 200: RoundPage },
});

export const getAllocationRoute = defineRoute({
  id: "get-allocation",
  method: "GET",
  path: "/api/allocations/{roundId}",
  access: PUBLIC,
  touches: { table: "read" },
  writes: false,
  summary: "One round",
  request: { params: RoundParams },
  responses: { 200: RoundView },
});

export const checkEligibilityRoute = defineRoute({
  id: "check-eligibility",
  method: "POST",
  path: "/api/eligibility",
  access: PUBLIC,
  touches: { table: "read" },
  writes: false,
  summary: "Pre-check eligibility for energy",
  request: { body: EligibilityRequest },
  responses: { 200: EligibilityAnswer },
});

export const listRegisterRoute = defineRoute({
  id: "list-register",
  method: "GET",
  path: "/api/register",
  access: PUBLIC,
  touches: { table: "read" },
  writes: false,
  summary: "Licensed participants, JSON or CSV",
  request: { query: RegisterQuery },
  responses: { 200: RegisterPage },
});

export const registerFeedRoute = defineRoute({
  id: "register-feed",
  method: "GET",
  path: "/api/register/feed.atom",
  access: PUBLIC,
  touches: { table: "read" },
  writes: false,
  summary: "Atom 1.0 feed of the latest register changes",
  request: {},
  responses: { 200: TextAnswer },
});

export const getRegisterEntryRoute = defineRoute({
  id: "get-register-entry",
  method: "GET",
  path: "/api/register/{licenceNumber}",
  access: PUBLIC,
  touches: { table: "read" },
  writes: false,
  summary: "One licence, public fields",
  request: { params: LicenceParams },
  responses: { 200: RegisterEntry },
});

/** This section of lambdas/routes.ts ROUTES, in order. */
export const publicRoutes = [healthRoute, openapiRoute, listAllocationsRoute, getAllocationRoute, checkEligibilityRoute, listRegisterRoute, registerFeedRoute, getRegisterEntryRoute] as const;
