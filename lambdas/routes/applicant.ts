import { APPLICANT, defineRoute } from "../route-def.ts";
import { EligibilityAnswer } from "../schemas/allocations.ts";
import { ApplicantApplication, ApplicantApplicationPage, ApplicationParams, ConfirmedDocument, CreateApplication, DocumentParams, DocumentRequest, DownloadLink, ListApplicationsQuery, MessageBody, OptionalReasonBody, PatchApplication, UploadTicket } from "../schemas/application.ts";
import { Page } from "../schemas/common.ts";
import { NotificationPage } from "../schemas/notifications.ts";
import { LicenceParams, OwnApplication, ReasonBody } from "../schemas/review.ts";
import { LicenceView } from "../schemas/supervision.ts";

// Applicant
// Each definition is the route's one source: its handler, the CDK stack, the local gateway and the OpenAPI document read it.

export const createApplicationRoute = defineRoute({
  id: "create-application",
  method: "POST",
  path: "/api/applications",
  access: APPLICANT,
  touches: { table: "write" },
  writes: true,
  summary: "Create a DRAFT",
  request: { body: CreateApplication },
  responses: { 201: ApplicantApplication },
});

export const listApplicationsRoute = defineRoute({
  id: "list-applications",
  method: "GET",
  path: "/api/applications",
  access: APPLICANT,
  touches: { table: "read" },
  writes: false,
  summary: "Own applications",
  request: { query: ListApplicationsQuery },
  responses: { 200: ApplicantApplicationPage },
});

export const getApplicationRoute = defineRoute({
  id: "get-application",
  method: "GET",
  path: "/api/applications/{id}",
  access: APPLICANT,
  touches: { table: "read" },
  writes: false,
  summary: "One own application",
  request: { params: ApplicationParams },
  responses: { 200: OwnApplication },
});

export const updateApplicationRoute = defineRoute({
  id: "update-application",
  method: "PATCH",
  path: "/api/applications/{id}",
  access: APPLICANT,
  touches: { table: "write" },
  writes: true,
  summary: "Edit a DRAFT or INFO_REQUESTED application",
  request: { params: ApplicationParams, body: PatchApplication },
  responses: { 200: ApplicantApplication },
});

export const checkApplicationEligibilityRoute = defineRoute({
  id: "check-application-eligibility",
  method: "GET",
  path: "/api/applications/{id}/eligibility",
  access: APPLICANT,
  touches: { table: "read" },
  writes: false,
  summary: "Eligibility of the draft's energy request",
  request: { params: ApplicationParams },
  responses: { 200: EligibilityAnswer },
});

export const createDocumentRoute = defineRoute({
  id: "create-document",
  method: "POST",
  path: "/api/applications/{id}/documents",
  access: APPLICANT,
  touches: { table: "write", documents: "write" },
  writes: true,
  summary: "Start a presigned upload",
  request: { params: ApplicationParams, body: DocumentRequest },
  responses: { 201: UploadTicket },
});

export const confirmDocumentRoute = defineRoute({
  id: "confirm-document",
  method: "POST",
  path: "/api/applications/{id}/documents/{documentId}/confirm",
  access: APPLICANT,
  touches: { table: "write", documents: "read" },
  writes: true,
  summary: "Verify an uploaded document",
  request: { params: DocumentParams },
  responses: { 200: ConfirmedDocument },
});

export const getDocumentRoute = defineRoute({
  id: "get-document",
  method: "GET",
  path: "/api/applications/{id}/documents/{documentId}",
  access: APPLICANT,
  touches: { table: "read", documents: "read" },
  writes: false,
  summary: "Short-lived download link",
  request: { params: DocumentParams },
  responses: { 200: DownloadLink },
});

export const submitApplicationRoute = defineRoute({
  id: "submit-application",
  method: "POST",
  path: "/api/applications/{id}/submit",
  access: APPLICANT,
  touches: { table: "write" },
  writes: true,
  summary: "DRAFT -> SUBMITTED",
  request: { params: ApplicationParams },
  responses: { 200: ApplicantApplication },
});

export const respondApplicationRoute = defineRoute({
  id: "respond-application",
  method: "POST",
  path: "/api/applications/{id}/respond",
  access: APPLICANT,
  touches: { table: "write" },
  writes: true,
  summary: "Answer an information request",
  request: { params: ApplicationParams, body: MessageBody },
  responses: { 200: ApplicantApplication },
});

export const withdrawApplicationRoute = defineRoute({
  id: "withdraw-application",
  method: "POST",
  path: "/api/applications/{id}/withdraw",
  access: APPLICANT,
  touches: { table: "write" },
  writes: true,
  summary: "Withdraw before a decision",
  request: { params: ApplicationParams, body: OptionalReasonBody },
  responses: { 200: ApplicantApplication },
});

export const listNotificationsRoute = defineRoute({
  id: "list-notifications",
  method: "GET",
  path: "/api/notifications",
  access: APPLICANT,
  touches: { table: "read" },
  writes: false,
  summary: "Own notices, newest first",
  request: { query: Page },
  responses: { 200: NotificationPage },
});

export const surrenderLicenceRoute = defineRoute({
  id: "surrender-licence",
  method: "POST",
  path: "/api/licences/{licenceNumber}/surrender",
  access: APPLICANT,
  touches: { table: "write" },
  writes: true,
  summary: "Licensee gives its licence back",
  request: { params: LicenceParams, body: ReasonBody },
  responses: { 200: LicenceView },
});

/** This section of lambdas/routes.ts ROUTES, in order. */
export const applicantRoutes = [createApplicationRoute, listApplicationsRoute, getApplicationRoute, updateApplicationRoute, checkApplicationEligibilityRoute, createDocumentRoute, confirmDocumentRoute, getDocumentRoute, submitApplicationRoute, respondApplicationRoute, withdrawApplicationRoute, listNotificationsRoute, surrenderLicenceRoute] as const;
