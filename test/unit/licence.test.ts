import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ValidationError } from "../../lambdas/domain/errors.ts";
import {
  addMonths,
  approvalTerms,
  confirmationMismatches,
  csvField,
  formatLicenceNumber,
  issueLicence,
  licenceView,
  needsSecondApproval,
  parseLicenceNumber,
  publicLicence,
  registerCsv,
  PUBLIC_LICENCE_FIELDS,
} from "../../lambdas/domain/licence.ts";
import { LicenceParams } from "../../lambdas/schemas/review.ts";
import { CATEGORIES } from "../../lambdas/schemas/common.ts";

const NOW = "2026-03-01T10:00:00.000Z";

describe("licence numbers", () => {
  it("formats PCC-<code>-<year>-<6 digits> per category", () => {
    expect(formatLicenceNumber("BITCOIN_MINING", 2026, 17)).toBe("PCC-BTC-2026-000017");
    expect(formatLicenceNumber("AI_DATA_CENTRE", 2027, 1)).toBe("PCC-AIDC-2027-000001");
    expect(formatLicenceNumber("VIRTUAL_ASSET_SERVICE", 2026, 999_999)).toBe("PCC-VASP-2026-999999");
  });

  it("refuses sequences outside 1..999999 rather than writing a malformed number", () => {
    expect(() => formatLicenceNumber("BITCOIN_MINING", 2026, 0)).toThrow(RangeError);
    expect(() => formatLicenceNumber("BITCOIN_MINING", 2026, 1_000_000)).toThrow(RangeError);
    expect(() => formatLicenceNumber("BITCOIN_MINING", 2026, 1.5)).toThrow(RangeError);
  });

  it("round-trips through parse and is accepted by the route's path schema", () => {
    fc.assert(
      fc.property(fc.constantFrom(...CATEGORIES), fc.integer({ min: 2000, max: 2999 }), fc.integer({ min: 1, max: 999_999 }), (category, year, seq) => {
        const number = formatLicenceNumber(category, year, seq);
        expect(parseLicenceNumber(number)).toMatchObject({ year, seq });
        expect(LicenceParams.safeParse({ licenceNumber: number }).success).toBe(true);
      }),
    );
  });

  it("sorts in sequence order within a category and year (the register lists by number)", () => {
    const numbers = [3, 10, 2, 100, 1].map((n) => formatLicenceNumber("BITCOIN_MINING", 2026, n));
    expect([...numbers].sort()).toEqual([1, 2, 3, 10, 100].map((n) => formatLicenceNumber("BITCOIN_MINING", 2026, n)));
  });
});

describe("licence term", () => {
  it("adds calendar months, clamped to the end of shorter months", () => {
    expect(addMonths("2026-03-01T10:00:00.000Z", 12)).toBe("2027-03-01T10:00:00.000Z");
    expect(addMonths("2026-01-31T00:00:00.000Z", 1)).toBe("2026-02-28T00:00:00.000Z");
    expect(addMonths("2028-02-29T12:00:00.000Z", 12)).toBe("2029-02-28T12:00:00.000Z");
    expect(addMonths("2026-11-15T08:30:00.000Z", 3)).toBe("2027-02-15T08:30:00.000Z");
  });

  it("issues ACTIVE with expiresAt = issuedAt + term and a first history entry", () => {
    const licence = issueLicence(
      { licenceNumber: "PCC-BTC-2026-000001", applicationId: "a", holderSub: "s", legalName: "F", category: "BITCOIN_MINING", region: "KE", approvedMw: 12.5, roundId: "r", conditions: ["c"], termMonths: 6, issuedBy: "rev", reason: "fine" },
      NOW,
    );
    expect(licence).toMatchObject({ status: "ACTIVE", issuedAt: NOW, expiresAt: "2026-09-01T10:00:00.000Z", version: 1 });
    expect(licence.statusHistory).toEqual([{ at: NOW, from: null, to: "ACTIVE", by: "rev", reason: "fine" }]);
  });
});

describe("approval terms and four eyes", () => {
  const energy = { category: "BITCOIN_MINING" as const, energy: { region: "KE" as const, requestedMw: 40, startDate: "2026-01-01", curtailable: true } };
  const vasp = { category: "VIRTUAL_ASSET_SERVICE" as const };

  it("defaults approvedMw to the MW requested, conditions to none, the term to the setting and a monthly test plan within the MW", () => {
    expect(approvalTerms(energy, { reason: "ok" }, "rev", NOW, 12)).toEqual({
      by: "rev",
      at: NOW,
      approvedMw: 40,
      conditions: [],
      termMonths: 12,
      reason: "ok",
      testPlan: { reporting: "MONTHLY", limits: { maxPeakMw: 40 }, milestones: [] },
    });
  });

  it("refuses approvedMw above the MW requested with a 400 on path approvedMw", () => {
    try {
      approvalTerms(energy, { reason: "ok", approvedMw: 40.001 }, "rev", NOW, 12);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors?.[0].path).toBe("approvedMw");
    }
    expect(approvalTerms(energy, { reason: "ok", approvedMw: 0.001 }, "rev", NOW, 12).approvedMw).toBe(0.001);
  });

  it("a VASP licence carries no MW: approvedMw is refused on path approvedMw", () => {
    expect(approvalTerms(vasp, { reason: "ok" }, "rev", NOW, 12).approvedMw).toBeUndefined();
    expect(() => approvalTerms(vasp, { reason: "ok", approvedMw: 1 }, "rev", NOW, 12)).toThrow(ValidationError);
  });

  it("needs a second approval exactly at and above the threshold, never for VASP", () => {
    expect(needsSecondApproval({ approvedMw: 49.999 }, 50)).toBe(false);
    expect(needsSecondApproval({ approvedMw: 50 }, 50)).toBe(true);
    expect(needsSecondApproval({ approvedMw: 5000 }, 50)).toBe(true);
    expect(needsSecondApproval({}, 50)).toBe(false);
  });

  it("a confirmation may repeat the first approval's terms but not change them", () => {
    const first = { by: "r1", at: NOW, approvedMw: 60, conditions: ["curtail on request"], termMonths: 12, reason: "ok" };
    expect(confirmationMismatches(first, {})).toEqual([]);
    expect(confirmationMismatches(first, { approvedMw: 60, conditions: ["curtail on request"], termMonths: 12 })).toEqual([]);
    expect(confirmationMismatches(first, { approvedMw: 55, conditions: [], termMonths: 6 }).map((e) => e.path)).toEqual(["approvedMw", "termMonths", "conditions"]);
  });
});

describe("what each audience sees", () => {
  const licence = issueLicence(
    { licenceNumber: "PCC-AIDC-2026-000002", applicationId: "app", holderSub: "holder-sub", legalName: "Firm", category: "AI_DATA_CENTRE", region: "LESCO", approvedMw: 20, roundId: "r1", conditions: [], termMonths: 12, issuedBy: "rev", reason: "ok" },
    NOW,
  );

  it("the register holds the public fields only", () => {
    const entry = publicLicence(licence);
    expect(Object.keys(entry).sort()).toEqual([...PUBLIC_LICENCE_FIELDS].sort());
    expect(JSON.stringify(entry)).not.toContain("holder-sub");
  });

  it("whatever else a stored licence holds never reaches the register (property)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.constant("SECRET-VALUE")), (extra) => {
        const stored = { ...extra, ...licence };
        const entry = publicLicence(stored as typeof licence);
        for (const key of Object.keys(entry)) expect(PUBLIC_LICENCE_FIELDS as readonly string[]).toContain(key);
        expect(JSON.stringify(entry)).not.toContain("SECRET-VALUE");
      }),
    );
  });

  it("a VASP entry has no region or MW at all", () => {
    const { region: _r, approvedMw: _m, roundId: _x, ...vasp } = { ...licence, category: "VIRTUAL_ASSET_SERVICE" as const };
    const entry = publicLicence(vasp);
    expect(entry).not.toHaveProperty("region");
    expect(entry).not.toHaveProperty("approvedMw");
  });

  it("the licensee's view leaves out holderSub", () => {
    expect(licenceView(licence)).not.toHaveProperty("holderSub");
    expect(licenceView(licence)).toMatchObject({ licenceNumber: "PCC-AIDC-2026-000002", applicationId: "app", roundId: "r1" });
  });
});

describe("register CSV (RFC 4180)", () => {
  it("quotes fields holding comma, quote, CR or LF and doubles quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("line1\nline2")).toBe('"line1\nline2"');
    expect(csvField("cr\rhere")).toBe('"cr\rhere"');
    expect(csvField(null)).toBe("");
    expect(csvField(12.5)).toBe("12.5");
  });

  it("neutralises text a spreadsheet would run as a formula", () => {
    expect(csvField("=HYPERLINK(\"x\")")).toBe("\"'=HYPERLINK(\"\"x\"\")\"");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField(-1)).toBe("-1");
  });

  it("writes a header row then one CRLF-terminated row per licence", () => {
    const row = {
      licenceNumber: "PCC-BTC-2026-000001",
      legalName: 'Indus "Hash", Ltd',
      category: "BITCOIN_MINING" as const,
      region: "KE" as const,
      approvedMw: 10,
      status: "ACTIVE" as const,
      issuedAt: NOW,
      expiresAt: "2027-03-01T10:00:00.000Z",
      conditions: ["curtail on request", "report monthly"],
    };
    const csv = registerCsv([row, { ...row, licenceNumber: "PCC-VASP-2026-000001", legalName: "V", category: "VIRTUAL_ASSET_SERVICE", region: undefined, approvedMw: undefined, conditions: [] }]);
    expect(csv.split("\r\n")).toEqual([
      "licenceNumber,legalName,category,region,approvedMw,status,issuedAt,expiresAt,conditions",
      `PCC-BTC-2026-000001,"Indus ""Hash"", Ltd",BITCOIN_MINING,KE,10,ACTIVE,${NOW},2027-03-01T10:00:00.000Z,curtail on request; report monthly`,
      `PCC-VASP-2026-000001,V,VIRTUAL_ASSET_SERVICE,,,ACTIVE,${NOW},2027-03-01T10:00:00.000Z,`,
      "",
    ]);
    expect(registerCsv([])).toBe(PUBLIC_LICENCE_FIELDS.join(",") + "\r\n");
  });
});
