// Shapes the web app reads (docs/api.md "Shapes"). Inputs come from the zod schemas in lambdas/schemas;
// these describe answers, with optional fields where the contract leaves room.
import type { ApplicationStatus, DocumentType } from "../../../lambdas/schemas/application.ts";
import type { Category, Region } from "../../../lambdas/schemas/common.ts";

export type { ApplicationStatus, Category, DocumentType, Region };

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Organisation {
  legalName?: string;
  registrationNumber?: string;
  taxNumber?: string;
  address?: string;
  contactEmail?: string;
}

export interface BeneficialOwner {
  name: string;
  idNumber: string;
  ownershipPercent: number;
}

export interface MiningDetails {
  machines?: { count: number; model: string; efficiencyJPerTh: number }[];
  expectedHashrateThs?: number;
  cooling?: "AIR" | "HYDRO" | "IMMERSION";
}

export interface AiDetails {
  accelerators?: { count: number; model: string }[];
  targetPue?: number;
  tier?: "I" | "II" | "III" | "IV";
}

export interface Energy {
  region?: Region;
  requestedMw?: number;
  startDate?: string;
  curtailable?: boolean;
  details?: MiningDetails & AiDetails;
}

export interface Vasp {
  services?: string[];
  paidUpCapitalUsd?: number;
  complianceOfficerEmail?: string;
  custodyModel?: string;
}

export interface DocumentRecord {
  documentId: string;
  type: DocumentType;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  status: string;
  uploadedAt?: string;
}

export interface HistoryEntry {
  at?: string;
  action?: string;
  from?: string;
  to?: string;
  status?: string;
  actor?: string | { sub?: string; name?: string; groups?: string[] };
  by?: string;
  role?: string;
  reason?: string;
  message?: string;
  [extra: string]: unknown;
}

export interface InfoRequest {
  id?: string;
  requestId?: string;
  message: string;
  requestedAt?: string;
  at?: string;
  requestedBy?: string;
  response?: string;
  respondedAt?: string;
  answeredAt?: string;
  status?: string;
  [extra: string]: unknown;
}

export interface Application {
  id: string;
  category: Category;
  status: ApplicationStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
  submittedAt?: string;
  dueAt?: string;
  overdue?: boolean;
  organisation?: Organisation;
  beneficialOwners?: BeneficialOwner[];
  energy?: Energy;
  vasp?: Vasp;
  documents?: DocumentRecord[];
  history?: HistoryEntry[];
  infoRequests?: InfoRequest[];
  licenceNumber?: string;
  openInfoRequests?: InfoRequest[];
  /** Staff views: who submitted it and the deadline as of now. */
  submittedBy?: string;
  effectiveDueAt?: string;
  decisionReason?: string;
  assignedTo?: string;
  ownerSub?: string;
  applicantSub?: string;
  firstApproval?: { by?: string; approvedMw?: number; at?: string; [extra: string]: unknown };
  [extra: string]: unknown;
}

export interface RoundLine {
  region: Region;
  category: Category;
  mw: number;
  maxPerApplicantMw: number;
  minRequestMw: number;
  approvedMw: number;
  remainingMw: number;
}

export interface Round {
  roundId: string;
  name: string;
  description?: string;
  effectiveFrom: string;
  effectiveTo: string;
  tariffUsdCentsPerKwh: number;
  lines: RoundLine[];
  publishedAt?: string;
}

export interface Licence {
  licenceNumber: string;
  applicationId?: string;
  legalName: string;
  category: Category;
  region?: Region;
  approvedMw?: number;
  roundId?: string;
  status: string;
  conditions?: string[];
  issuedAt: string;
  expiresAt: string;
  history?: HistoryEntry[];
  statusHistory?: HistoryEntry[];
  [extra: string]: unknown;
}

export interface Eligibility {
  eligible: boolean;
  reasons: string[];
  remainingMw: number | null;
  roundId: string | null;
}

export interface UploadTicket {
  documentId: string;
  upload: { method: "POST" | "PUT"; url: string; fields?: Record<string, string>; headers?: Record<string, string> };
  expiresAt: string;
}

export interface AuditEvent {
  seq: number;
  eventId: string;
  at: string;
  actor: unknown;
  action: string;
  entityType: string;
  entityId: string;
  data: unknown;
  leafHash: string;
}

export interface EventsPage {
  items: AuditEvent[];
  nextCursor: string | null;
}

/** GET /api/audit/events/head: the latest signed checkpoint and what it does not cover yet. */
export interface EventsHead {
  seq: number;
  rootHash: string;
  at: string | null;
  pendingEvents: number;
  oldestPendingSeconds: number;
}
