import { APPLICANT, GRID, GRID_ADMIN_OR_REVIEWER, GRID_OR_ADMIN, defineRoute } from "../route-def.ts";
import { AckCurtailment, CurtailmentDeclared, CurtailmentPage, CurtailmentParams, CurtailmentView, CurtailmentsQuery, DeclareCurtailment, LicenceCurtailmentPage, LicenceCurtailmentView, LicenceCurtailmentsQuery, RespondCurtailment } from "../schemas/curtailment.ts";
import { LicenceParams } from "../schemas/review.ts";

// Energy: curtailment (a region's grid operator or an admin declares; licensees acknowledge; the operator answers)
// Each definition is the route's one source: its handler, the CDK stack, the local gateway and the OpenAPI document read it.

export const declareCurtailmentRoute = defineRoute({
  id: "declare-curtailment",
  method: "POST",
  path: "/api/curtailments",
  access: GRID_OR_ADMIN,
  touches: { table: "write" },
  writes: true,
  summary: "Declare a curtailment event for a region's curtailable licences",
  request: { body: DeclareCurtailment },
  responses: { 201: CurtailmentDeclared },
});

export const listCurtailmentsRoute = defineRoute({
  id: "list-curtailments",
  method: "GET",
  path: "/api/curtailments",
  access: GRID_ADMIN_OR_REVIEWER,
  touches: { table: "read" },
  writes: false,
  summary: "Curtailment events, newest start first (a grid operator: its regions)",
  request: { query: CurtailmentsQuery },
  responses: { 200: CurtailmentPage },
});

export const getCurtailmentRoute = defineRoute({
  id: "get-curtailment",
  method: "GET",
  path: "/api/curtailments/{id}",
  access: GRID_ADMIN_OR_REVIEWER,
  touches: { table: "read" },
  writes: false,
  summary: "One curtailment event with each target's acknowledgement and outcome",
  request: { params: CurtailmentParams },
  responses: { 200: CurtailmentView },
});

export const ackCurtailmentRoute = defineRoute({
  id: "ack-curtailment",
  method: "POST",
  path: "/api/curtailments/{id}/ack",
  access: APPLICANT,
  touches: { table: "write" },
  writes: true,
  summary: "The licensee of a targeted licence acknowledges the event",
  request: { params: CurtailmentParams, body: AckCurtailment },
  responses: { 200: LicenceCurtailmentView },
});

export const respondCurtailmentRoute = defineRoute({
  id: "respond-curtailment",
  method: "POST",
  path: "/api/curtailments/{id}/responses",
  access: GRID,
  touches: { table: "write" },
  writes: true,
  summary: "After the end: each target's average MW, COMPLIED or FAILED (a case)",
  request: { params: CurtailmentParams, body: RespondCurtailment },
  responses: { 200: CurtailmentView },
});

export const listLicenceCurtailmentsRoute = defineRoute({
  id: "list-licence-curtailments",
  method: "GET",
  path: "/api/licences/{licenceNumber}/curtailments",
  access: APPLICANT,
  touches: { table: "read" },
  writes: false,
  summary: "The events that targeted the licensee's own licence",
  request: { params: LicenceParams, query: LicenceCurtailmentsQuery },
  responses: { 200: LicenceCurtailmentPage },
});

/** This section of lambdas/routes.ts ROUTES, in order. */
export const curtailmentRoutes = [declareCurtailmentRoute, listCurtailmentsRoute, getCurtailmentRoute, ackCurtailmentRoute, respondCurtailmentRoute, listLicenceCurtailmentsRoute] as const;
