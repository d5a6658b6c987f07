import { APPLICANT, APPLICANT_OR_REVIEWER, REVIEWER, defineRoute } from "../route-def.ts";
import { LicenceParams } from "../schemas/review.ts";
import { AcceptReturn, CasePage, CaseParams, CaseReason, CaseView, CasesQuery, DecidedExtension, ExitDecision, ExitReport, ExitReportView, ExtensionDecision, ExtensionRequest, ExtensionView, FileReturn, FiledReturn, IncidentCreated, IncidentInput, LicenceCasesQuery, LicenceView, MarkMilestone, MilestoneParams, QueryReturn, QueuePage, ReturnList, ReturnParams, ReturnView, SupervisionQueueQuery, VaryLicence } from "../schemas/supervision.ts";

// Supervision after the licence (the licensee, or reviewers; another firm's records do not exist)
// Each definition is the route's one source: its handler, the CDK stack, the local gateway and the OpenAPI document read it.

export const listReturnsRoute = defineRoute({
  id: "list-returns",
  method: "GET",
  path: "/api/licences/{licenceNumber}/returns",
  access: APPLICANT_OR_REVIEWER,
  touches: { table: "read" },
  writes: false,
  summary: "Every return period from the first to the current one",
  request: { params: LicenceParams },
  responses: { 200: ReturnList },
});

export const fileReturnRoute = defineRoute({
  id: "file-return",
  method: "PUT",
  path: "/api/licences/{licenceNumber}/returns/{period}",
  access: APPLICANT,
  touches: { table: "write" },
  writes: true,
  summary: "File (or file again, with If-Match) a periodic return",
  request: { params: ReturnParams, body: FileReturn },
  responses: { 200: FiledReturn },
});

export const acceptReturnRoute = defineRoute({
  id: "accept-return",
  method: "POST",
  path: "/api/licences/{licenceNumber}/returns/{period}/accept",
  access: REVIEWER,
  touches: { table: "write" },
  writes: true,
  summary: "FILED -> ACCEPTED",
  request: { params: ReturnParams, body: AcceptReturn },
  responses: { 200: ReturnView },
});

export const queryReturnRoute = defineRoute({
  id: "query-return",
  method: "POST",
  path: "/api/licences/{licenceNumber}/returns/{period}/query",
  access: REVIEWER,
  touches: { table: "write" },
  writes: true,
  summary: "FILED -> QUERIED",
  request: { params: ReturnParams, body: QueryReturn },
  responses: { 200: ReturnView },
});

export const reportIncidentRoute = defineRoute({
  id: "report-incident",
  method: "POST",
  path: "/api/licences/{licenceNumber}/incidents",
  access: APPLICANT,
  touches: { table: "write" },
  writes: true,
  summary: "Report an incident (late after 72 hours; HIGH opens a case)",
  request: { params: LicenceParams, body: IncidentInput },
  responses: { 201: IncidentCreated },
});

export const markMilestoneRoute = defineRoute({
  id: "mark-milestone",
  method: "POST",
  path: "/api/licences/{licenceNumber}/milestones/{milestoneId}",
  access: REVIEWER,
  touches: { table: "write" },
  writes: true,
  summary: "Mark a test plan milestone MET, MISSED or WAIVED",
  request: { params: MilestoneParams, body: MarkMilestone },
  responses: { 200: LicenceView },
});

export const requestExtensionRoute = defineRoute({
  id: "request-extension",
  method: "POST",
  path: "/api/licences/{licenceNumber}/extension",
  access: APPLICANT,
  touches: { table: "write" },
  writes: true,
  summary: "Ask for 1-6 more months in the term's last 90 days",
  request: { params: LicenceParams, body: ExtensionRequest },
  responses: { 201: ExtensionView },
});

export const decideExtensionRoute = defineRoute({
  id: "decide-extension",
  method: "POST",
  path: "/api/licences/{licenceNumber}/extension/decision",
  access: REVIEWER,
  touches: { table: "write" },
  writes: true,
  summary: "Approve (the expiry moves) or refuse an extension",
  request: { params: LicenceParams, body: ExtensionDecision },
  responses: { 200: DecidedExtension },
});

export const fileExitReportRoute = defineRoute({
  id: "file-exit-report",
  method: "POST",
  path: "/api/licences/{licenceNumber}/exit-report",
  access: APPLICANT,
  touches: { table: "write" },
  writes: true,
  summary: "File the exit report (last 60 days, or early)",
  request: { params: LicenceParams, body: ExitReport },
  responses: { 201: ExitReportView },
});

export const decideExitRoute = defineRoute({
  id: "decide-exit",
  method: "POST",
  path: "/api/licences/{licenceNumber}/exit",
  access: REVIEWER,
  touches: { table: "write" },
  writes: true,
  summary: "GRADUATED or EXITED: ends the licence, releasing its MW",
  request: { params: LicenceParams, body: ExitDecision },
  responses: { 200: LicenceView },
});

export const varyLicenceRoute = defineRoute({
  id: "vary-licence",
  method: "POST",
  path: "/api/licences/{licenceNumber}/vary",
  access: REVIEWER,
  touches: { table: "write" },
  writes: true,
  summary: "Vary a licence down to fewer MW, releasing the difference",
  request: { params: LicenceParams, body: VaryLicence },
  responses: { 200: LicenceView },
});

export const listLicenceCasesRoute = defineRoute({
  id: "list-licence-cases",
  method: "GET",
  path: "/api/licences/{licenceNumber}/cases",
  access: APPLICANT,
  touches: { table: "read" },
  writes: false,
  summary: "The licensee's own compliance cases",
  request: { params: LicenceParams, query: LicenceCasesQuery },
  responses: { 200: CasePage },
});

export const supervisionQueueRoute = defineRoute({
  id: "supervision-queue",
  method: "GET",
  path: "/api/supervision/queue",
  access: REVIEWER,
  touches: { table: "read" },
  writes: false,
  summary: "Filed returns, open cases, extension requests, exit reports; oldest first",
  request: { query: SupervisionQueueQuery },
  responses: { 200: QueuePage },
});

export const listCasesRoute = defineRoute({
  id: "list-cases",
  method: "GET",
  path: "/api/cases",
  access: REVIEWER,
  touches: { table: "read" },
  writes: false,
  summary: "Compliance cases",
  request: { query: CasesQuery },
  responses: { 200: CasePage },
});

export const getCaseRoute = defineRoute({
  id: "get-case",
  method: "GET",
  path: "/api/cases/{caseId}",
  access: REVIEWER,
  touches: { table: "read" },
  writes: false,
  summary: "One compliance case",
  request: { params: CaseParams },
  responses: { 200: CaseView },
});

export const resolveCaseRoute = defineRoute({
  id: "resolve-case",
  method: "POST",
  path: "/api/cases/{caseId}/resolve",
  access: REVIEWER,
  touches: { table: "write" },
  writes: true,
  summary: "OPEN -> RESOLVED",
  request: { params: CaseParams, body: CaseReason },
  responses: { 200: CaseView },
});

export const escalateCaseRoute = defineRoute({
  id: "escalate-case",
  method: "POST",
  path: "/api/cases/{caseId}/escalate",
  access: REVIEWER,
  touches: { table: "write" },
  writes: true,
  summary: "OPEN -> ESCALATED, suspending the licence",
  request: { params: CaseParams, body: CaseReason },
  responses: { 200: CaseView },
});

/** This section of lambdas/routes.ts ROUTES, in order. */
export const supervisionRoutes = [listReturnsRoute, fileReturnRoute, acceptReturnRoute, queryReturnRoute, reportIncidentRoute, markMilestoneRoute, requestExtensionRoute, decideExtensionRoute, fileExitReportRoute, decideExitRoute, varyLicenceRoute, listLicenceCasesRoute, supervisionQueueRoute, listCasesRoute, getCaseRoute, resolveCaseRoute, escalateCaseRoute] as const;
