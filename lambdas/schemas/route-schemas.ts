import type { z } from "zod";
import { ApplicationParams, CreateApplication, DocumentIdParams, DocumentParams, DocumentRequest, ListApplicationsQuery, MessageBody, OptionalReasonBody, PatchApplication } from "./application.ts";
import { Amendment, EligibilityRequest, PublishRound, RoundParams } from "./allocations.ts";
import { AuditApplicationsQuery, AuditLicencesQuery, Decision, EventsQuery, LicenceParams, QueueQuery, ReasonBody, RegisterQuery, RequestInfo } from "./review.ts";
import { Page } from "./common.ts";

// Which request schemas each route takes: read by the OpenAPI generator. Handlers pass the same schema
// objects to route(); test/unit/route-schemas.test.ts proves the two never drift apart.

export interface RouteSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
}

export const ROUTE_SCHEMAS: Record<string, RouteSchemas> = {
  "list-allocations": { query: Page },
  "get-allocation": { params: RoundParams },
  "check-eligibility": { body: EligibilityRequest },
  "list-register": { query: RegisterQuery },
  "register-feed": {},
  "get-register-entry": { params: LicenceParams },
  "create-application": { body: CreateApplication },
  "list-applications": { query: ListApplicationsQuery },
  "get-application": { params: ApplicationParams },
  "update-application": { params: ApplicationParams, body: PatchApplication },
  "check-application-eligibility": { params: ApplicationParams },
  "create-document": { params: ApplicationParams, body: DocumentRequest },
  "confirm-document": { params: DocumentParams },
  "get-document": { params: DocumentParams },
  "submit-application": { params: ApplicationParams },
  "respond-application": { params: ApplicationParams, body: MessageBody },
  "withdraw-application": { params: ApplicationParams, body: OptionalReasonBody },
  "list-notifications": { query: Page },
  "surrender-licence": { params: LicenceParams, body: ReasonBody },
  "review-queue": { query: QueueQuery },
  "review-get-application": { params: ApplicationParams },
  "review-get-document": { params: DocumentParams },
  "review-assign": { params: ApplicationParams },
  "review-request-info": { params: ApplicationParams, body: RequestInfo },
  "review-decision": { params: ApplicationParams, body: Decision },
  "suspend-licence": { params: LicenceParams, body: ReasonBody },
  "reinstate-licence": { params: LicenceParams, body: ReasonBody },
  "revoke-licence": { params: LicenceParams, body: ReasonBody },
  "get-licence": { params: LicenceParams },
  "publish-round": { body: PublishRound },
  "amend-round": { params: RoundParams, body: Amendment },
  "audit-list-applications": { query: AuditApplicationsQuery },
  "audit-get-application": { params: ApplicationParams },
  "audit-list-licences": { query: AuditLicencesQuery },
  "audit-list-events": { query: EventsQuery },
  "audit-get-document": { params: DocumentIdParams },
};
