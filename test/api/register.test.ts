import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/api.ts";
import { assignAndApproveApi, publishRoundApi, submitApplicationApi } from "../support/journey.ts";
import { PUBLIC_LICENCE_FIELDS } from "../../lambdas/domain/licence.ts";

// The public register through the gateway, no token: public fields only, JSON and CSV.

let api: TestApi;
const numbers: string[] = [];
const PERSONAL = {
  idNumber: "61101-5550001-3",
  ownerName: "Private Owner Person",
  contactEmail: "do-not-publish@firm.example",
  passport: "ZX9988776",
  address: "House 9, Secret Street, Quetta",
};

beforeAll(async () => {
  api = await startTestApi();
  await publishRoundApi(api, [{ region: "QESCO", category: "BITCOIN_MINING", mw: 300 }]);
  const reviewer = await api.token("reviewer1");
  const organisation = {
    legalName: 'Baloch "Hash", Power Ltd',
    registrationNumber: "0099887",
    taxNumber: "NTN-0099887-1",
    address: PERSONAL.address,
    contactEmail: PERSONAL.contactEmail,
  };
  const beneficialOwners = [
    { name: PERSONAL.ownerName, idNumber: PERSONAL.idNumber, ownershipPercent: 70 },
    { name: "Second Owner", idNumber: PERSONAL.passport, ownershipPercent: 30 },
  ];
  const energy = { energy: { region: "QESCO", requestedMw: 15, startDate: "2026-02-01", curtailable: true } };
  const btc = await submitApplicationApi(api, "applicantA", "BITCOIN_MINING", { organisation, beneficialOwners, ...energy });
  numbers.push((await assignAndApproveApi(api, reviewer, btc.id, { conditions: ["Curtail within 15 minutes, on request"] })).licenceNumber);
  const vasp = await submitApplicationApi(api, "applicantB", "VIRTUAL_ASSET_SERVICE", { organisation: { ...organisation, legalName: "Karachi Custody Co" }, beneficialOwners });
  numbers.push((await assignAndApproveApi(api, reviewer, vasp.id)).licenceNumber);
});
afterAll(() => api.close());

function assertNoPersonalData(text: string) {
  for (const secret of [...Object.values(PERSONAL), "applicant-a", "applicant-b", "holderSub", "applicationId", "reviewer-1"]) expect(text).not.toContain(secret);
}

describe("public register", () => {
  it("JSON: public fields only, no token needed, filters and paging", async () => {
    const all = await api.request("GET", "/api/register");
    expect(all.status).toBe(200);
    expect(all.json.items.map((i: { licenceNumber: string }) => i.licenceNumber).sort()).toEqual([...numbers].sort());
    for (const item of all.json.items) {
      const expected = item.category === "VIRTUAL_ASSET_SERVICE" ? PUBLIC_LICENCE_FIELDS.filter((f) => f !== "region" && f !== "approvedMw") : PUBLIC_LICENCE_FIELDS;
      expect(Object.keys(item).sort()).toEqual([...expected].sort());
    }
    expect(all.json.nextCursor).toBeNull();
    assertNoPersonalData(all.text);

    const vasp = await api.request("GET", "/api/register?category=VIRTUAL_ASSET_SERVICE&status=ACTIVE");
    expect(vasp.json.items).toEqual([expect.objectContaining({ legalName: "Karachi Custody Co", category: "VIRTUAL_ASSET_SERVICE" })]);
    expect(vasp.json.items[0]).not.toHaveProperty("region");
    expect(vasp.json.items[0]).not.toHaveProperty("approvedMw");
    const byRegion = await api.request("GET", "/api/register?region=QESCO");
    expect(byRegion.json.items.map((i: { licenceNumber: string }) => i.licenceNumber)).toEqual([numbers[0]]);
    expect((await api.request("GET", "/api/register?status=REVOKED")).json.items).toEqual([]);

    const page1 = await api.request("GET", "/api/register?limit=1");
    expect(page1.json.items).toHaveLength(1);
    const page2 = await api.request("GET", `/api/register?limit=1&cursor=${page1.json.nextCursor}`);
    expect(page2.json.items[0].licenceNumber).not.toBe(page1.json.items[0].licenceNumber);

    expect((await api.request("GET", "/api/register?region=NOWHERE")).status).toBe(400);
    expect((await api.request("GET", "/api/register?cursor=garbage")).status).toBe(400);
  });

  it("one entry: public fields only; 404 unknown, 400 malformed", async () => {
    const entry = await api.request("GET", `/api/register/${numbers[0]}`);
    expect(entry.status).toBe(200);
    expect(entry.json).toEqual({
      licenceNumber: numbers[0],
      legalName: 'Baloch "Hash", Power Ltd',
      category: "BITCOIN_MINING",
      region: "QESCO",
      approvedMw: 15,
      status: "ACTIVE",
      issuedAt: expect.any(String),
      expiresAt: expect.any(String),
      conditions: ["Curtail within 15 minutes, on request"],
    });
    assertNoPersonalData(entry.text);
    expect((await api.request("GET", "/api/register/PCC-BTC-1990-000001")).status).toBe(404);
    expect((await api.request("GET", "/api/register/nope")).status).toBe(400);
  });

  it("CSV: text/csv attachment, header row, every row, RFC 4180 quoting, no personal data", async () => {
    const res = await api.request("GET", "/api/register?format=csv&limit=1");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="[^"]+\.csv"$/);
    const lines = res.text.split("\r\n");
    expect(lines[0]).toBe(PUBLIC_LICENCE_FIELDS.join(","));
    expect(lines.at(-1)).toBe("");
    // limit=1 does not truncate a download: every matching row is there.
    expect(lines).toHaveLength(numbers.length + 2);
    expect(res.text).toContain(`"Baloch ""Hash"", Power Ltd"`);
    expect(res.text).toContain(`"Curtail within 15 minutes, on request"`);
    assertNoPersonalData(res.text);

    const filtered = await api.request("GET", "/api/register?format=csv&category=VIRTUAL_ASSET_SERVICE");
    expect(filtered.text.split("\r\n")).toHaveLength(3);
    expect(filtered.text).toContain(numbers[1]);
  });
});
