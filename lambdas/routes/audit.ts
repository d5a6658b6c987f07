import { AUDITOR, defineRoute } from "../route-def.ts";
import { ApplicationParams, DocumentIdParams, DownloadLink, StaffApplication, StaffApplicationPage } from "../schemas/application.ts";
import { CheckpointKey, CheckpointPage, ConsistencyProof, EventsHead, EventsPage, InclusionProof } from "../schemas/audit.ts";
import { Page, TextAnswer } from "../schemas/common.ts";
import { AuditCurtailmentPage, AuditCurtailmentsQuery } from "../schemas/curtailment.ts";
import { AuditMeterReadingPage, AuditMeterReadingsQuery } from "../schemas/energy.ts";
import { AuditApplicationsQuery, AuditLicencesQuery, ConsistencyQuery, EventsQuery, ProofParams, ProofQuery } from "../schemas/review.ts";
import { AuditCasesQuery, AuditLicencePage, AuditReturnsQuery, CasePage, ReturnPage } from "../schemas/supervision.ts";

// Auditor (read only)
// Each definition is the route's one source: its handler, the CDK stack, the local gateway and the OpenAPI document read it.

export const auditListApplicationsRoute = defineRoute({
  id: "audit-list-applications",
  method: "GET",
  path: "/api/audit/applications",
  access: AUDITOR,
  touches: { table: "read" },
  writes: false,
  summary: "Every application",
  request: { query: AuditApplicationsQuery },
  responses: { 200: StaffApplicationPage },
});

export const auditGetApplicationRoute = defineRoute({
  id: "audit-get-application",
  method: "GET",
  path: "/api/audit/applications/{id}",
  access: AUDITOR,
  touches: { table: "read" },
  writes: false,
  summary: "One application with history and document metadata",
  request: { params: ApplicationParams },
  responses: { 200: StaffApplication },
});

export const auditListLicencesRoute = defineRoute({
  id: "audit-list-licences",
  method: "GET",
  path: "/api/audit/licences",
  access: AUDITOR,
  touches: { table: "read" },
  writes: false,
  summary: "Every licence with MW and status history",
  request: { query: AuditLicencesQuery },
  responses: { 200: AuditLicencePage },
});

export const auditListEventsRoute = defineRoute({
  id: "audit-list-events",
  method: "GET",
  path: "/api/audit/events",
  access: AUDITOR,
  touches: { table: "read" },
  writes: false,
  summary: "Audit events in order",
  request: { query: EventsQuery },
  responses: { 200: EventsPage },
});

export const auditEventsHeadRoute = defineRoute({
  id: "audit-events-head",
  method: "GET",
  path: "/api/audit/events/head",
  access: AUDITOR,
  touches: { table: "read" },
  writes: false,
  summary: "The latest checkpoint's size and root, and what is still pending",
  request: {},
  responses: { 200: EventsHead },
});

export const auditEventProofRoute = defineRoute({
  id: "audit-event-proof",
  method: "GET",
  path: "/api/audit/events/{seq}/proof",
  access: AUDITOR,
  touches: { table: "read" },
  writes: false,
  summary: "RFC 9162 inclusion proof of one event",
  request: { params: ProofParams, query: ProofQuery },
  responses: { 200: InclusionProof },
});

export const auditConsistencyRoute = defineRoute({
  id: "audit-consistency",
  method: "GET",
  path: "/api/audit/consistency",
  access: AUDITOR,
  touches: { table: "read" },
  writes: false,
  summary: "RFC 9162 consistency proof between two tree sizes",
  request: { query: ConsistencyQuery },
  responses: { 200: ConsistencyProof },
});

export const auditGetCheckpointRoute = defineRoute({
  id: "audit-get-checkpoint",
  method: "GET",
  path: "/api/audit/checkpoint",
  access: AUDITOR,
  touches: { table: "read" },
  writes: false,
  summary: "The latest signed checkpoint (C2SP signed note)",
  request: {},
  responses: { 200: TextAnswer },
});

export const auditCheckpointKeyRoute = defineRoute({
  id: "audit-checkpoint-key",
  method: "GET",
  path: "/api/audit/checkpoint/key",
  access: AUDITOR,
  touches: { table: "read" },
  writes: false,
  summary: "The checkpoint key: origin, key name and C2SP vkey",
  request: {},
  responses: { 200: CheckpointKey },
});

export const auditListCheckpointsRoute = defineRoute({
  id: "audit-list-checkpoints",
  method: "GET",
  path: "/api/audit/checkpoints",
  access: AUDITOR,
  touches: { table: "read" },
  writes: false,
  summary: "Archived signed checkpoints, newest first",
  request: { query: Page },
  responses: { 200: CheckpointPage },
});

export const auditListReturnsRoute = defineRoute({
  id: "audit-list-returns",
  method: "GET",
  path: "/api/audit/returns",
  access: AUDITOR,
  touches: { table: "read" },
  writes: false,
  summary: "Every return with its history",
  request: { query: AuditReturnsQuery },
  responses: { 200: ReturnPage },
});

export const auditListCasesRoute = defineRoute({
  id: "audit-list-cases",
  method: "GET",
  path: "/api/audit/cases",
  access: AUDITOR,
  touches: { table: "read" },
  writes: false,
  summary: "Every compliance case with its history",
  request: { query: AuditCasesQuery },
  responses: { 200: CasePage },
});

export const auditListCurtailmentsRoute = defineRoute({
  id: "audit-list-curtailments",
  method: "GET",
  path: "/api/audit/curtailments",
  access: AUDITOR,
  touches: { table: "read" },
  writes: false,
  summary: "Every curtailment event with its targets' acknowledgements and outcomes",
  request: { query: AuditCurtailmentsQuery },
  responses: { 200: AuditCurtailmentPage },
});

export const auditListMeterReadingsRoute = defineRoute({
  id: "audit-list-meter-readings",
  method: "GET",
  path: "/api/audit/meter-readings",
  access: AUDITOR,
  touches: { table: "read" },
  writes: false,
  summary: "Every meter reading with the values its corrections replaced",
  request: { query: AuditMeterReadingsQuery },
  responses: { 200: AuditMeterReadingPage },
});

export const auditGetDocumentRoute = defineRoute({
  id: "audit-get-document",
  method: "GET",
  path: "/api/audit/documents/{documentId}",
  access: AUDITOR,
  touches: { table: "read", documents: "read" },
  writes: false,
  summary: "Download link for any document",
  request: { params: DocumentIdParams },
  responses: { 200: DownloadLink },
});

/** This section of lambdas/routes.ts ROUTES, in order. */
export const auditRoutes = [auditListApplicationsRoute, auditGetApplicationRoute, auditListLicencesRoute, auditListEventsRoute, auditEventsHeadRoute, auditEventProofRoute, auditConsistencyRoute, auditGetCheckpointRoute, auditCheckpointKeyRoute, auditListCheckpointsRoute, auditListReturnsRoute, auditListCasesRoute, auditListCurtailmentsRoute, auditListMeterReadingsRoute, auditGetDocumentRoute] as const;
