import { ADMIN, defineRoute } from "../route-def.ts";
import { Amendment, PublishRound, RoundParams, RoundView } from "../schemas/allocations.ts";

// Admin
// Each definition is the route's one source: its handler, the CDK stack, the local gateway and the OpenAPI document read it.

export const publishRoundRoute = defineRoute({
  id: "publish-round",
  method: "POST",
  path: "/api/allocations",
  access: ADMIN,
  touches: { table: "write" },
  writes: true,
  summary: "Publish an allocation round",
  request: { body: PublishRound },
  responses: { 201: RoundView },
});

export const amendRoundRoute = defineRoute({
  id: "amend-round",
  method: "POST",
  path: "/api/allocations/{roundId}/amendments",
  access: ADMIN,
  touches: { table: "write" },
  writes: true,
  summary: "Amend one line of a round",
  request: { params: RoundParams, body: Amendment },
  responses: { 200: RoundView },
});

/** This section of lambdas/routes.ts ROUTES, in order. */
export const adminRoutes = [publishRoundRoute, amendRoundRoute] as const;
