import { beforeAll, describe, expect, it } from "vitest";
import { NotFound } from "../../lambdas/domain/errors.ts";
import { PUBLIC_LICENCE_FIELDS } from "../../lambdas/domain/licence.ts";
import { decide } from "../../lambdas/services/review.ts";
import { reviewerAction } from "../../lambdas/services/licences.ts";
import { getRegisterEntry, listRegister, registerAsCsv } from "../../lambdas/services/register.ts";
import { dynamoRequestsOf } from "../support/dynamo-requests.ts";
import { REVIEWER_1, seedApplication, seedRound } from "../support/journey.ts";

// The public register against real DynamoDB Local: public fields only, whatever the licence holds.

const SECRETS = {
  idNumber: "35202-7654321-9",
  ownerName: "Zarmeen Secret-Owner",
  contactEmail: "private.contact@hidden-firm.example",
  ownerSub: "holder-sub-never-public",
};

const numbers: string[] = [];

beforeAll(async () => {
  await seedRound([
    { region: "IESCO", category: "AI_DATA_CENTRE", mw: 500 },
    { region: "PESCO", category: "BITCOIN_MINING", mw: 500 },
  ]);
  const issue = async (seed: Parameters<typeof seedApplication>[0]) => {
    const app = await seedApplication({ status: "UNDER_REVIEW", startDate: "2026-01-01", ...seed });
    const d = await decide(app.id, { decision: "approve", reason: "ok", conditions: ['Report "monthly", on time', "=cmd()"] }, REVIEWER_1);
    numbers.push(d.licenceNumber!);
    return d.licenceNumber!;
  };
  await issue({ category: "AI_DATA_CENTRE", region: "IESCO", requestedMw: 20, legalName: 'Quote "and", Comma Ltd', ...SECRETS });
  await issue({ category: "BITCOIN_MINING", region: "PESCO", requestedMw: 10, ...SECRETS, ownerSub: "another-holder-sub" });
  const revoked = await issue({ category: "VIRTUAL_ASSET_SERVICE", legalName: "Line\r\nBreak Exchange", ...SECRETS, ownerSub: "third-holder-sub" });
  await reviewerAction(revoked, "revoke", "Breach.", REVIEWER_1);
});

function assertNoPersonalData(text: string) {
  for (const secret of [...Object.values(SECRETS), "another-holder-sub", "third-holder-sub", "applicationId", "holderSub", "statusHistory", "roundId"]) {
    expect(text).not.toContain(secret);
  }
}

describe("public register", () => {
  it("JSON lists public fields only, filterable and paged", async () => {
    const all = await listRegister({}, 100);
    expect(all.items.map((i) => i.licenceNumber).sort()).toEqual([...numbers].sort());
    for (const item of all.items) {
      const expected = item.category === "VIRTUAL_ASSET_SERVICE" ? PUBLIC_LICENCE_FIELDS.filter((f) => f !== "region" && f !== "approvedMw") : PUBLIC_LICENCE_FIELDS;
      expect(Object.keys(item).sort()).toEqual([...expected].sort());
    }
    assertNoPersonalData(JSON.stringify(all));

    expect((await listRegister({ category: "AI_DATA_CENTRE" }, 100)).items.map((i) => i.licenceNumber)).toEqual([numbers[0]]);
    expect((await listRegister({ region: "PESCO" }, 100)).items.map((i) => i.licenceNumber)).toEqual([numbers[1]]);
    expect((await listRegister({ status: "REVOKED" }, 100)).items.map((i) => i.licenceNumber)).toEqual([numbers[2]]);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listRegister({}, 1, cursor);
      seen.push(...page.items.map((i) => i.licenceNumber));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all.items.map((i) => i.licenceNumber));
  });

  it("answers a page from the licences' index alone, in one request, exactly as each licence reads from the table", async () => {
    const { result: page, sent } = await dynamoRequestsOf(() => listRegister({}, 100));
    expect(sent).toEqual(["Query"]);
    expect(page.items).toHaveLength(numbers.length);
    // Including the revoked licence, whose index entry was rewritten by its status change.
    for (const item of page.items) expect(item).toEqual(await getRegisterEntry(item.licenceNumber));
  });

  it("one entry: public fields only; unknown numbers are 404", async () => {
    const entry = await getRegisterEntry(numbers[0]);
    expect(entry).toMatchObject({ licenceNumber: numbers[0], legalName: 'Quote "and", Comma Ltd', category: "AI_DATA_CENTRE", region: "IESCO", approvedMw: 20, status: "ACTIVE" });
    assertNoPersonalData(JSON.stringify(entry));
    await expect(getRegisterEntry("PCC-BTC-1999-000001")).rejects.toBeInstanceOf(NotFound);
  });

  it("CSV holds every matching row, RFC 4180 quoted, and no personal data", async () => {
    const csv = await registerAsCsv({});
    assertNoPersonalData(csv);
    expect(csv.startsWith(PUBLIC_LICENCE_FIELDS.join(",") + "\r\n")).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(csv).toContain('"Quote ""and"", Comma Ltd"');
    // A name stored with a line break (before the schemas refused control characters) is published without it.
    expect(csv).toContain(",Line Break Exchange,");
    expect(csv).toContain(`"Report ""monthly"", on time; =cmd()"`);
    for (const number of numbers) expect(csv).toContain(number);
    const revokedOnly = await registerAsCsv({ status: "REVOKED" });
    expect(revokedOnly).toContain(numbers[2]);
    expect(revokedOnly).not.toContain(numbers[0]);
  });
});
