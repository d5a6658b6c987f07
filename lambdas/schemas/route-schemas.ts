import type { z } from "zod";
import { ApplicationParams, CreateApplication, DocumentIdParams, DocumentParams, DocumentRequest, ListApplicationsQuery, MessageBody, OptionalReasonBody, PatchApplication } from "./application.ts";
import { Amendment, EligibilityRequest, PublishRound, RoundParams } from "./allocations.ts";
import { AuditApplicationsQuery, AuditLicencesQuery, Decision, EventsQuery, LicenceParams, QueueQuery, ReasonBody, RegisterQuery, RequestInfo } from "./review.ts";
import { Page } from "./common.ts";
import {
  AcceptReturn,
  AuditCasesQuery,
  AuditReturnsQuery,
  CaseParams,
  CasePage,
  CaseReason,
  CasesQuery,
  CaseView,
  ExitDecision,
  ExitReport,
  ExitReportView,
  ExtensionDecision,
  ExtensionRequest,
  ExtensionView,
  FiledReturn,
  FileReturn,
  IncidentCreated,
  IncidentInput,
  LicenceCasesQuery,
  LicenceView,
  MarkMilestone,
  MilestoneParams,
  QueryReturn,
  QueuePage,
  ReturnList,
  ReturnPage,
  ReturnParams,
  ReturnView,
  SupervisionQueueQuery,
  VaryLicence,
} from "./supervision.ts";

// Which request schemas each route takes: read by the OpenAPI generator. Handlers pass the same schema
// objects to route(); test/unit/route-schemas.test.ts proves the two never drift apart.

export interface RouteSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The answer's schema per status, where the route declares it (the OpenAPI document shows it). */
  responses?: Record<number, z.ZodType>;
}

export const ROUTE_SCHEMAS: Record<string, RouteSchemas> = {
  "list-allocations": { query: Page },
  "get-allocation": { params: RoundParams },
  "check-eligibility": { body: EligibilityRequest },
  "list-register": { query: RegisterQuery },
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
  "audit-list-returns": { query: AuditReturnsQuery, responses: { 200: ReturnPage } },
  "audit-list-cases": { query: AuditCasesQuery, responses: { 200: CasePage } },
  "list-returns": { params: LicenceParams, responses: { 200: ReturnList } },
  "file-return": { params: ReturnParams, body: FileReturn, responses: { 200: FiledReturn } },
  "accept-return": { params: ReturnParams, body: AcceptReturn, responses: { 200: ReturnView } },
  "query-return": { params: ReturnParams, body: QueryReturn, responses: { 200: ReturnView } },
  "report-incident": { params: LicenceParams, body: IncidentInput, responses: { 201: IncidentCreated } },
  "mark-milestone": { params: MilestoneParams, body: MarkMilestone, responses: { 200: LicenceView } },
  "request-extension": { params: LicenceParams, body: ExtensionRequest, responses: { 201: ExtensionView } },
  "decide-extension": { params: LicenceParams, body: ExtensionDecision, responses: { 200: LicenceView } },
  "file-exit-report": { params: LicenceParams, body: ExitReport, responses: { 201: ExitReportView } },
  "decide-exit": { params: LicenceParams, body: ExitDecision, responses: { 200: LicenceView } },
  "vary-licence": { params: LicenceParams, body: VaryLicence, responses: { 200: LicenceView } },
  "list-licence-cases": { params: LicenceParams, query: LicenceCasesQuery, responses: { 200: CasePage } },
  "supervision-queue": { query: SupervisionQueueQuery, responses: { 200: QueuePage } },
  "list-cases": { query: CasesQuery, responses: { 200: CasePage } },
  "get-case": { params: CaseParams, responses: { 200: CaseView } },
  "resolve-case": { params: CaseParams, body: CaseReason, responses: { 200: CaseView } },
  "escalate-case": { params: CaseParams, body: CaseReason, responses: { 200: CaseView } },
};
