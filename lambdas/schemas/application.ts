import * as z from "zod";
import { Category, Id, LIMITS, Page, Region, address, email, isEnergyCategory, isoDate, message, mw, name, sha256 } from "./common.ts";

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
