import { createHash } from "node:crypto";
import type { Actor } from "../lambdas/domain/actor.ts";
import { CreateApplication, REQUIRED_DOCUMENTS } from "../lambdas/schemas/application.ts";
import { createApplication, submitApplication } from "../lambdas/services/applications.ts";
import { confirmUpload, startUpload } from "../lambdas/services/documents.ts";
import { assign, decide } from "../lambdas/services/review.ts";

// Illustrative firms for the demo, taken through the same services the API calls (every step an
// audited commit, every document a real presigned upload), so the register, the reviewer queue and the
// audit trail have something to show. The names are invented and marked as such.

const APPLICANT_A: Actor = { sub: "applicant-a", groups: ["applicant"], scopes: [] };
const APPLICANT_B: Actor = { sub: "applicant-b", groups: ["applicant"], scopes: [] };
const REVIEWER_1: Actor = { sub: "reviewer-1", groups: ["reviewer"], scopes: [] };

/** A one-page PDF: enough for the magic-number check and for a person to open. */
function demoPdf(title: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% Illustrative demo document: ${title}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`, "latin1");
}

const owner = (name: string, idNumber: string, ownershipPercent: number) => ({ name, idNumber, ownershipPercent });
const organisation = (legalName: string, registrationNumber: string, address: string, contactEmail: string) => ({
  legalName,
  registrationNumber,
  taxNumber: `NTN-${registrationNumber}`,
  address,
  contactEmail,
});

const FIRMS: { actor: Actor; body: CreateApplication; approve?: { approvedMw?: number; conditions: string[] } }[] = [
  {
    actor: APPLICANT_A,
    body: CreateApplication.parse({
      category: "BITCOIN_MINING",
      organisation: organisation("Indus Hash Works (Pvt) Ltd (illustrative)", "0187654", "Plot 12, Hayatabad Industrial Estate, Peshawar", "compliance@indushash.example"),
      beneficialOwners: [owner("Ayesha Khan", "35202-1234567-1", 60), owner("Bilal Ahmed", "61101-7654321-3", 40)],
      energy: { region: "PESCO", requestedMw: 20, startDate: "2026-01-01", curtailable: true, details: { cooling: "HYDRO", expectedHashrateThs: 900_000 } },
    }),
    approve: { conditions: ["Curtail within 15 minutes of a grid operator request.", "Quarterly energy-use report to the council."] },
  },
  {
    actor: APPLICANT_B,
    body: CreateApplication.parse({
      category: "VIRTUAL_ASSET_SERVICE",
      organisation: organisation("Ravi Digital Exchange Ltd (illustrative)", "0199881", "4th floor, Blue Area, Islamabad", "mlro@ravi-exchange.example"),
      beneficialOwners: [owner("Sana Mirza", "AB1234567", 100)],
      vasp: { services: ["EXCHANGE", "CUSTODY"], paidUpCapitalUsd: 2_500_000, complianceOfficerEmail: "mlro@ravi-exchange.example", custodyModel: "THIRD_PARTY_CUSTODIAN" },
    }),
    approve: { conditions: ["Client assets held in segregated cold storage.", "Monthly AML/CFT returns."] },
  },
  {
    actor: APPLICANT_A,
    body: CreateApplication.parse({
      category: "AI_DATA_CENTRE",
      organisation: organisation("Karachi Compute Park (Pvt) Ltd (illustrative)", "0201234", "Korangi Creek, Karachi", "ops@karachicompute.example"),
      beneficialOwners: [owner("Ayesha Khan", "35202-1234567-1", 51), owner("Omar Siddiqui", "42101-2345678-9", 49)],
      energy: { region: "KE", requestedMw: 40, startDate: "2026-06-01", curtailable: false, details: { targetPue: 1.3, tier: "III" } },
    }),
  },
];

async function uploadRequiredDocuments(applicationId: string, body: CreateApplication, actor: Actor) {
  for (const type of REQUIRED_DOCUMENTS[body.category]) {
    const bytes = demoPdf(`${body.organisation?.legalName}: ${type}`);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const { documentId, upload } = await startUpload(applicationId, { type, fileName: `${type.toLowerCase()}.pdf`, contentType: "application/pdf", sizeBytes: bytes.length, sha256 }, actor);
    const res = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: new Uint8Array(bytes) });
    if (!res.ok) throw new Error(`demo upload failed: ${res.status}`);
    await confirmUpload(applicationId, documentId, actor);
  }
}

/** Two licensed firms (one miner, one exchange) and one AI data centre waiting in the reviewer queue; answers the licence numbers. */
export async function seedDemoApplications(): Promise<string[]> {
  const licences: string[] = [];
  for (const firm of FIRMS) {
    const { id } = await createApplication(firm.body, firm.actor);
    await uploadRequiredDocuments(id, firm.body, firm.actor);
    await submitApplication(id, firm.actor);
    if (!firm.approve) continue;
    await assign(id, REVIEWER_1);
    const decided = await decide(id, { decision: "approve", reason: "Illustrative demo approval: meets the sandbox criteria.", conditions: firm.approve.conditions, termMonths: 12 }, REVIEWER_1);
    if (decided.licenceNumber) licences.push(decided.licenceNumber);
  }
  return licences;
}
