import * as z from "zod";
import { Category, Id, LIMITS, Page, Region, page, address, email, isEnergyCategory, isoDate, message, mw, name, sha256 } from "./common.ts";

// Application shapes (docs/api.md "Shapes"). A DRAFT may be partial; every present field must be valid.
// `submit` checks completeness with the Complete* schemas.

export const VASP_SERVICES = ["EXCHANGE", "CUSTODY", "BROKERAGE", "WALLET", "TOKENISATION"] as const;
/** Who holds clients' assets (docs/product.md asks VASPs for their custody model). */
export const CUSTODY_MODELS = ["NO_CLIENT_ASSETS", "SELF_CUSTODY", "THIRD_PARTY_CUSTODIAN", "HYBRID"] as const;

export const APPLICATION_STATUSES = [
  "DRAFT",
  "SUBMITTED",
  "UNDER_REVIEW",
  "INFO_REQUESTED",
  "PENDING_SECOND_APPROVAL",
  "APPROVED",
  "REJECTED",
  "WITHDRAWN",
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const ApplicationStatus = z.enum(APPLICATION_STATUSES);

export const DOCUMENT_TYPES = [
  "CERTIFICATE_OF_INCORPORATION",
  "BENEFICIAL_OWNERSHIP_DECLARATION",
  "AML_CFT_POLICY",
  "SITE_LEASE_OR_TITLE",
  "GRID_INTERCONNECTION_FEASIBILITY",
  "BUSINESS_PLAN",
  "INFORMATION_SECURITY_POLICY",
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Which documents each category must have uploaded and verified before submission. */
export const REQUIRED_DOCUMENTS: Record<z.infer<typeof Category>, readonly DocumentType[]> = {
  BITCOIN_MINING: ["CERTIFICATE_OF_INCORPORATION", "BENEFICIAL_OWNERSHIP_DECLARATION", "AML_CFT_POLICY", "SITE_LEASE_OR_TITLE", "GRID_INTERCONNECTION_FEASIBILITY"],
  AI_DATA_CENTRE: ["CERTIFICATE_OF_INCORPORATION", "BENEFICIAL_OWNERSHIP_DECLARATION", "AML_CFT_POLICY", "SITE_LEASE_OR_TITLE", "GRID_INTERCONNECTION_FEASIBILITY"],
  VIRTUAL_ASSET_SERVICE: ["CERTIFICATE_OF_INCORPORATION", "BENEFICIAL_OWNERSHIP_DECLARATION", "AML_CFT_POLICY", "BUSINESS_PLAN", "INFORMATION_SECURITY_POLICY"],
};

export const CONTENT_TYPES = ["application/pdf", "image/png", "image/jpeg"] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];
export const MAX_DOCUMENT_BYTES = 25 * 1024 * 1024;
export const MAX_DOCUMENTS_PER_APPLICATION = 50;

export const Organisation = z.strictObject({
  legalName: name(),
  registrationNumber: name(),
  taxNumber: name(),
  address: address(),
  contactEmail: email(),
});

export const BeneficialOwner = z.strictObject({
  name: name(),
  idNumber: name(),
  ownershipPercent: z.number({ error: "must be a number" }).gt(0, "must be greater than 0").max(100, "at most 100"),
});

const ownersSumAtMost100 = (owners: { ownershipPercent: number }[], ctx: z.RefinementCtx) => {
  const total = owners.reduce((sum, o) => sum + o.ownershipPercent, 0);
  if (total > 100 + 1e-9) ctx.addIssue({ code: "custom", message: `ownership adds up to ${Number(total.toFixed(4))} %, more than 100 %`, path: [] });
};

export const BeneficialOwners = z.array(BeneficialOwner).max(20, "at most 20 owners").superRefine(ownersSumAtMost100);
export const CompleteBeneficialOwners = BeneficialOwners.pipe(z.array(BeneficialOwner).min(1, "at least one beneficial owner"));

const count = () => z.number().int("a whole number").min(1).max(10_000_000);
const model = () => name();

export const MiningDetails = z.strictObject({
  machines: z.array(z.strictObject({ count: count(), model: model(), efficiencyJPerTh: z.number().gt(0).max(1000) })).min(1).max(50).optional(),
  expectedHashrateThs: z.number().gt(0).max(1e12).optional(),
  cooling: z.enum(["AIR", "HYDRO", "IMMERSION"]).optional(),
});

export const AiDetails = z.strictObject({
  accelerators: z.array(z.strictObject({ count: count(), model: model() })).min(1).max(50).optional(),
  targetPue: z.number().min(1).max(3).optional(),
  tier: z.enum(["I", "II", "III", "IV"]).optional(),
});

export const Energy = z.strictObject({
  region: Region,
  requestedMw: mw({ max: LIMITS.maxMw }),
  startDate: isoDate(),
  curtailable: z.boolean({ error: "true or false" }),
  // Either category's fields, each checked where it stands (so an error names the field itself, which a
  // union of the two cannot: it fails as a whole); categoryRules then holds them to the category's own.
  details: MiningDetails.extend(AiDetails.shape).optional(),
});

export const Vasp = z.strictObject({
  services: z
    .array(z.enum(VASP_SERVICES))
    .min(1, "at least one service")
    .refine((s) => new Set(s).size === s.length, "each service once"),
  paidUpCapitalUsd: z.number({ error: "must be a number" }).min(0).max(1e13),
  complianceOfficerEmail: email(),
  // Optional so integrators sending docs/api.md's three fields are not refused; the web form always asks.
  custodyModel: z.enum(CUSTODY_MODELS).optional(),
});

/** Draft sections: every field optional, each present field valid. */
export const DraftOrganisation = Organisation.partial();
export const DraftEnergy = Energy.partial();
export const DraftVasp = Vasp.partial();

const sections = {
  organisation: DraftOrganisation.optional(),
  beneficialOwners: BeneficialOwners.optional(),
  energy: DraftEnergy.optional(),
  vasp: DraftVasp.optional(),
};

/** Category rules that cut across sections: energy only for energy categories, vasp only for VASPs, details of the right kind. */
function categoryRules(value: { category: string; energy?: { details?: unknown }; vasp?: unknown }, ctx: z.RefinementCtx) {
  const energy = isEnergyCategory(value.category);
  if (!energy && value.energy !== undefined) ctx.addIssue({ code: "custom", path: ["energy"], message: "only for BITCOIN_MINING and AI_DATA_CENTRE" });
  if (energy && value.vasp !== undefined) ctx.addIssue({ code: "custom", path: ["vasp"], message: "only for VIRTUAL_ASSET_SERVICE" });
  const details = value.energy?.details;
  if (details !== undefined) {
    const schema = value.category === "BITCOIN_MINING" ? MiningDetails : AiDetails;
    const result = schema.safeParse(details);
    if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ ...issue, path: ["energy", "details", ...issue.path] } as never);
  }
}

export const CreateApplication = z.strictObject({ category: Category, ...sections }).superRefine(categoryRules);
export type CreateApplication = z.infer<typeof CreateApplication>;

/** PATCH: sections present replace the stored section; `category` cannot change. */
export const PatchApplication = z.strictObject(sections).refine((v) => Object.keys(v).length > 0, "send at least one section to change");
export type PatchApplication = z.infer<typeof PatchApplication>;

export const DocumentRequest = z.strictObject({
  type: z.enum(DOCUMENT_TYPES),
  fileName: name()
    .refine((s) => !/[\\/\u0000-\u001f\u007f]/.test(s), "no path separators or control characters"),
  contentType: z.enum(CONTENT_TYPES, { error: "PDF, PNG or JPEG only (application/pdf, image/png, image/jpeg)" }),
  sizeBytes: z.number().int("a whole number of bytes").min(1, "at least 1 byte").max(MAX_DOCUMENT_BYTES, "at most 25 MiB"),
  sha256: sha256(),
});
export type DocumentRequest = z.infer<typeof DocumentRequest>;

export const MessageBody = z.strictObject({ message: message() });
export const OptionalReasonBody = z.strictObject({ reason: message().optional() }).optional();

export const ApplicationParams = z.strictObject({ id: Id });
export const DocumentParams = z.strictObject({ id: Id, documentId: Id });
export const DocumentIdParams = z.strictObject({ documentId: Id });
export const ListApplicationsQuery = Page;

// --- Responses (the OpenAPI document, the contract test and the web app's types) -------------------
// Strict: an answer carrying a field not named here fails test/api/contract.test.ts.

const Organisation_ = z.strictObject({ legalName: z.string(), registrationNumber: z.string(), taxNumber: z.string(), address: z.string(), contactEmail: z.string() }).partial();
const Energy_ = z
  .strictObject({
    region: Region,
    requestedMw: z.number(),
    startDate: z.string(),
    curtailable: z.boolean(),
    details: z.strictObject({
      machines: z.array(z.strictObject({ count: z.number(), model: z.string(), efficiencyJPerTh: z.number() })).optional(),
      expectedHashrateThs: z.number().optional(),
      cooling: z.enum(["AIR", "HYDRO", "IMMERSION"]).optional(),
      accelerators: z.array(z.strictObject({ count: z.number(), model: z.string() })).optional(),
      targetPue: z.number().optional(),
      tier: z.enum(["I", "II", "III", "IV"]).optional(),
    }),
  })
  .partial();
const Vasp_ = z.strictObject({ services: z.array(z.enum(VASP_SERVICES)), paidUpCapitalUsd: z.number(), complianceOfficerEmail: z.string(), custodyModel: z.enum(CUSTODY_MODELS) }).partial();

export type EnergyView = z.output<typeof Energy_>;

export const DocumentView = z.strictObject({
  documentId: z.string(),
  type: z.enum(DOCUMENT_TYPES),
  fileName: z.string(),
  contentType: z.enum(CONTENT_TYPES),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  status: z.enum(["PENDING_UPLOAD", "VERIFIED"]),
  createdAt: z.string(),
  uploadedAt: z.string().optional(),
  verifiedAt: z.string().optional(),
});
export const ApplicationHistoryEntry = z.strictObject({
  at: z.string(),
  action: z.string(),
  from: ApplicationStatus.nullable(),
  to: ApplicationStatus,
  by: z.string(),
  role: z.string(),
  reason: z.string().optional(),
});
export type ApplicationHistoryEntry = z.output<typeof ApplicationHistoryEntry>;
export const InfoRequestView = z.strictObject({
  requestId: z.string(),
  message: z.string(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  response: z.string().optional(),
  respondedAt: z.string().optional(),
});

export type InfoRequestView = z.output<typeof InfoRequestView>;
export type DocumentView = z.output<typeof DocumentView>;

/** Fields every view of an application shares (domain/application.ts applicantView, staffView). */
const applicationFields = {
  id: z.string(),
  category: Category,
  organisation: Organisation_.optional(),
  beneficialOwners: z.array(z.strictObject({ name: z.string(), idNumber: z.string(), ownershipPercent: z.number() })).optional(),
  energy: Energy_.optional(),
  vasp: Vasp_.optional(),
  status: ApplicationStatus,
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  submittedAt: z.string().optional(),
  dueAt: z.string().optional(),
  decidedAt: z.string().optional(),
  decisionReason: z.string().optional(),
  documents: z.array(DocumentView),
  history: z.array(ApplicationHistoryEntry),
  infoRequests: z.array(InfoRequestView),
  openInfoRequests: z.array(InfoRequestView),
  licenceNumber: z.string().optional(),
};

/** What the applicant reads: no internal keys, no reviewer-internal fields. */
export const ApplicantApplication = z.strictObject(applicationFields);
export type ApplicantApplication = z.output<typeof ApplicantApplication>;

export const ApplicantApplicationPage = page(ApplicantApplication);

/** The first approval of a four-eyes decision, as staff see it. */
export const FirstApproval = z.strictObject({
  by: z.string(),
  at: z.string(),
  approvedMw: z.number().optional(),
  conditions: z.array(z.string()),
  termMonths: z.number().int(),
  reason: z.string(),
  testPlan: z
    .strictObject({
      reporting: z.enum(["MONTHLY", "QUARTERLY"]),
      limits: z.strictObject({ maxCustomers: z.number().optional(), maxClientAssetsUsd: z.number().optional(), maxTransactionUsd: z.number().optional(), maxPeakMw: z.number().optional() }),
      milestones: z.array(z.strictObject({ title: z.string(), dueDate: z.string() })),
    })
    .optional(),
});

/** Reviewers and auditors: the whole record, who submitted it and the SLA state. */
export const StaffApplication = z.strictObject({
  ...applicationFields,
  submittedBy: z.string(),
  slaPausedAt: z.string().optional(),
  assignedTo: z.string().optional(),
  firstApproval: FirstApproval.optional(),
  effectiveDueAt: z.string().optional(),
  overdue: z.boolean(),
});
export type StaffApplication = z.output<typeof StaffApplication>;
export const StaffApplicationPage = page(StaffApplication);

/** POST .../documents: where and how to send the bytes. */
export const UploadTicket = z.strictObject({
  documentId: z.string(),
  upload: z.strictObject({ method: z.enum(["POST", "PUT"]), url: z.string(), fields: z.record(z.string(), z.string()).optional(), headers: z.record(z.string(), z.string()).optional() }),
  expiresAt: z.string(),
});
export type UploadTicket = z.output<typeof UploadTicket>;

/** POST .../confirm: the verified document, with the updated application for the next PATCH. */
export const ConfirmedDocument = DocumentView.extend({ applicationId: z.string(), application: ApplicantApplication });

/** A short-lived download link. */
export const DownloadLink = z.strictObject({ url: z.string(), expiresAt: z.string() });
