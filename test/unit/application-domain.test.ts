import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { applicantView, applyPatch, assertOwner, newDraft, staffView, submissionGaps, type ApplicationRecord } from "../../lambdas/domain/application.ts";
import { BeneficialOwners, CreateApplication, REQUIRED_DOCUMENTS, Vasp } from "../../lambdas/schemas/application.ts";
import { matchesDeclaredType, sniffType } from "../../lambdas/domain/file-type.ts";
import type { Actor } from "../../lambdas/domain/actor.ts";
import { completeApplication } from "../support/applications.ts";

const firm: Actor = { sub: "firm-1", groups: ["applicant"], scopes: [] };
const other: Actor = { sub: "firm-2", groups: ["applicant"], scopes: [] };
const NOW = "2026-03-01T10:00:00.000Z";

function draft(body: unknown = { category: "BITCOIN_MINING" }): ApplicationRecord {
  return newDraft(CreateApplication.parse(body), firm, "app1", NOW);
}

function withVerifiedDocuments(record: ApplicationRecord): ApplicationRecord {
  return {
    ...record,
    documents: REQUIRED_DOCUMENTS[record.category].map((type, i) => ({
      documentId: `d${i}`,
      type,
      fileName: "f.pdf",
      contentType: "application/pdf" as const,
      sizeBytes: 10,
      sha256: "a".repeat(64),
      status: "VERIFIED" as const,
      createdAt: NOW,
      objectKey: `applications/app1/d${i}`,
    })),
  };
}

describe("drafts and patches", () => {
  it("a new draft is version 1 with its creation in history", () => {
    const record = draft();
    expect(record).toMatchObject({ status: "DRAFT", version: 1, ownerSub: "firm-1", documents: [], infoRequests: [] });
    expect(record.history).toEqual([{ at: NOW, action: "create", from: null, to: "DRAFT", by: "firm-1", role: "applicant" }]);
  });

  it("a patch replaces the sections it names and bumps the version", () => {
    const record = draft(completeApplication());
    const next = applyPatch(record, { organisation: { legalName: "Renamed" } }, "2026-03-02T00:00:00.000Z");
    expect(next.organisation).toEqual({ legalName: "Renamed" });
    expect(next.beneficialOwners).toEqual(record.beneficialOwners);
    expect(next.version).toBe(2);
    expect(next.updatedAt).toBe("2026-03-02T00:00:00.000Z");
  });

  it("a patch may not put a VASP section on an energy application", () => {
    expect(() => applyPatch(draft(), { vasp: { services: ["EXCHANGE"] } }, NOW)).toThrow(expect.objectContaining({ status: 400, errors: [expect.objectContaining({ path: "vasp" })] }));
  });

  it.each(["SUBMITTED", "UNDER_REVIEW", "APPROVED", "WITHDRAWN"] as const)("a %s application cannot be edited", (status) => {
    expect(() => applyPatch({ ...draft(), status }, { organisation: { legalName: "X" } }, NOW)).toThrow(expect.objectContaining({ status: 409 }));
  });

  it("an INFO_REQUESTED application can be edited", () => {
    expect(applyPatch({ ...draft(), status: "INFO_REQUESTED" }, { organisation: { legalName: "X" } }, NOW).version).toBe(2);
  });
});

describe("completeness for submission", () => {
  it("names every missing field and every missing document of the category", () => {
    const gaps = submissionGaps(draft({ category: "VIRTUAL_ASSET_SERVICE" })).map((g) => g.path);
    expect(gaps).toEqual(["organisation", "beneficialOwners", "vasp", ...REQUIRED_DOCUMENTS.VIRTUAL_ASSET_SERVICE.map((t) => `documents.${t}`)]);
  });

  it("names single missing fields by their path", () => {
    const body = completeApplication("AI_DATA_CENTRE");
    const record = withVerifiedDocuments(draft({ ...body, organisation: { ...body.organisation, taxNumber: undefined }, energy: { region: "KE", curtailable: false } }));
    expect(submissionGaps(record).map((g) => g.path)).toEqual(["organisation.taxNumber", "energy.requestedMw", "energy.startDate"]);
  });

  it("is satisfied by a complete application with every required document verified", () => {
    for (const category of ["BITCOIN_MINING", "AI_DATA_CENTRE", "VIRTUAL_ASSET_SERVICE"] as const) {
      expect(submissionGaps(withVerifiedDocuments(draft(completeApplication(category))))).toEqual([]);
    }
  });

  it("does not count documents that are declared but not verified", () => {
    const record = withVerifiedDocuments(draft(completeApplication()));
    record.documents[0] = { ...record.documents[0], status: "PENDING_UPLOAD" };
    expect(submissionGaps(record).map((g) => g.path)).toEqual([`documents.${record.documents[0].type}`]);
  });
});

describe("VASP custody model", () => {
  it("is optional, and when given must be one of the known models", () => {
    const vasp = completeApplication("VIRTUAL_ASSET_SERVICE").vasp;
    expect(Vasp.safeParse(vasp).success).toBe(true);
    expect(Vasp.safeParse({ ...vasp, custodyModel: "SELF_CUSTODY" }).success).toBe(true);
    expect(Vasp.safeParse({ ...vasp, custodyModel: "UNDER_THE_MATTRESS" }).success).toBe(false);
  });
});

describe("beneficial owners", () => {
  const owner = fc.record({ name: fc.constant("N"), idNumber: fc.constant("1"), ownershipPercent: fc.integer({ min: 1, max: 100 }) });
  it("accept any 1..20 owners whose shares sum to at most 100, refuse any that sum to more", () => {
    fc.assert(
      fc.property(fc.array(owner, { minLength: 1, maxLength: 20 }), (owners) => {
        const total = owners.reduce((s, o) => s + o.ownershipPercent, 0);
        expect(BeneficialOwners.safeParse(owners).success).toBe(total <= 100);
      }),
    );
  });
});

describe("ownership and views", () => {
  it("another firm's application is reported as not found", () => {
    expect(() => assertOwner(draft(), other)).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => assertOwner(undefined, firm)).toThrow(expect.objectContaining({ status: 404 }));
  });

  it("views never expose storage keys; only staff see who submitted", () => {
    const record = withVerifiedDocuments(draft(completeApplication()));
    const mine = applicantView(record);
    expect(JSON.stringify(mine)).not.toContain("objectKey");
    expect(mine).not.toHaveProperty("ownerSub");
    const staff = staffView(record, NOW);
    expect(staff.submittedBy).toBe("firm-1");
    expect(JSON.stringify(staff)).not.toContain("objectKey");
  });
});

describe("file types by magic number", () => {
  it("recognises PDF, PNG and JPEG and refuses disguises", () => {
    const pdf = Buffer.from("%PDF-1.7");
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
    expect(sniffType(pdf)).toBe("application/pdf");
    expect(sniffType(png)).toBe("image/png");
    expect(sniffType(jpeg)).toBe("image/jpeg");
    expect(matchesDeclaredType(png, "application/pdf")).toBe(false);
    expect(matchesDeclaredType(Buffer.from("MZ\x90\x00"), "image/jpeg")).toBe(false);
    expect(matchesDeclaredType(Buffer.from("%PD"), "application/pdf")).toBe(false);
  });
});
