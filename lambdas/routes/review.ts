import { APPLICANT_OR_REVIEWER, REVIEWER, defineRoute } from "../route-def.ts";
import { ApplicationParams, DocumentParams, DownloadLink, StaffApplication, StaffApplicationPage } from "../schemas/application.ts";
import { Decision, LicenceParams, QueueQuery, ReasonBody, RequestInfo } from "../schemas/review.ts";
import { LicenceView } from "../schemas/supervision.ts";

// Reviewer
// Each definition is the route's one source: its handler, the CDK stack, the local gateway and the OpenAPI document read it.

export const reviewQueueRoute = defineRoute({
  id: "review-queue",
  method: "GET",
  path: "/api/review/queue",
  access: REVIEWER,
  touches: { table: "read" },
  writes: false,
  summary: "Work queue sorted by due date",
  request: { query: QueueQuery },
  responses: { 200: StaffApplicationPage },
});

export const reviewGetApplicationRoute = defineRoute({
  id: "review-get-application",
  method: "GET",
  path: "/api/review/applications/{id}",
  access: REVIEWER,
  touches: { table: "read" },
  writes: false,
  summary: "The whole record",
  request: { params: ApplicationParams },
  responses: { 200: StaffApplication },
});

export const reviewGetDocumentRoute = defineRoute({
  id: "review-get-document",
  method: "GET",
  path: "/api/review/applications/{id}/documents/{documentId}",
  access: REVIEWER,
  touches: { table: "read", documents: "read" },
  writes: false,
  summary: "Download link for a reviewer",
  request: { params: DocumentParams },
  responses: { 200: DownloadLink },
});

export const reviewAssignRoute = defineRoute({
  id: "review-assign",
  method: "POST",
  path: "/api/review/applications/{id}/assign",
  access: REVIEWER,
  touches: { table: "write" },
  writes: true,
  summary: "Assign to self",
  request: { params: ApplicationParams },
  responses: { 200: StaffApplication },
});

export const reviewRequestInfoRoute = defineRoute({
  id: "review-request-info",
  method: "POST",
  path: "/api/review/applications/{id}/request-info",
  access: REVIEWER,
  touches: { table: "write" },
  writes: true,
  summary: "Ask the applicant for information",
  request: { params: ApplicationParams, body: RequestInfo },
  responses: { 200: StaffApplication },
});

export const reviewDecisionRoute = defineRoute({
  id: "review-decision",
  method: "POST",
  path: "/api/review/applications/{id}/decision",
  access: REVIEWER,
  touches: { table: "write" },
  writes: true,
  summary: "Approve, reject or return",
  request: { params: ApplicationParams, body: Decision },
  responses: { 200: StaffApplication },
});

export const suspendLicenceRoute = defineRoute({
  id: "suspend-licence",
  method: "POST",
  path: "/api/licences/{licenceNumber}/suspend",
  access: REVIEWER,
  touches: { table: "write" },
  writes: true,
  summary: "Suspend a licence",
  request: { params: LicenceParams, body: ReasonBody },
  responses: { 200: LicenceView },
});

export const reinstateLicenceRoute = defineRoute({
  id: "reinstate-licence",
  method: "POST",
  path: "/api/licences/{licenceNumber}/reinstate",
  access: REVIEWER,
  touches: { table: "write" },
  writes: true,
  summary: "Reinstate a suspended licence",
  request: { params: LicenceParams, body: ReasonBody },
  responses: { 200: LicenceView },
});

export const revokeLicenceRoute = defineRoute({
  id: "revoke-licence",
  method: "POST",
  path: "/api/licences/{licenceNumber}/revoke",
  access: REVIEWER,
  touches: { table: "write" },
  writes: true,
  summary: "Revoke a licence, releasing its MW",
  request: { params: LicenceParams, body: ReasonBody },
  responses: { 200: LicenceView },
});

export const getLicenceRoute = defineRoute({
  id: "get-licence",
  method: "GET",
  path: "/api/licences/{licenceNumber}",
  access: APPLICANT_OR_REVIEWER,
  touches: { table: "read" },
  writes: false,
  summary: "A licence: the licensee's own, or any for a reviewer",
  request: { params: LicenceParams },
  responses: { 200: LicenceView },
});

/** This section of lambdas/routes.ts ROUTES, in order. */
export const reviewRoutes = [reviewQueueRoute, reviewGetApplicationRoute, reviewGetDocumentRoute, reviewAssignRoute, reviewRequestInfoRoute, reviewDecisionRoute, suspendLicenceRoute, reinstateLicenceRoute, revokeLicenceRoute, getLicenceRoute] as const;
