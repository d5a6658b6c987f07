import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/api.ts";
import { FILES, sha256Hex, uploadVerified } from "../support/documents.ts";
import { completeApplication } from "../support/applications.ts";
import { clock } from "../../lambdas/store/clock.ts";

// Auditors read every application with all fields, filter by state and update time, and download any
// document by id alone; the machine client (scope only) reads the same.

let api: TestApi;
let minerId: string;
let vaspId: string;
let documentId: string;

beforeAll(async () => {
  api = await startTestApi();
  const a = await api.token("applicantA");
  const b = await api.token("applicantB");
  clock.now = () => new Date("2026-01-10T09:00:00.000Z");
  minerId = (await api.request("POST", "/api/applications", { token: a, body: completeApplication("BITCOIN_MINING") })).json.id;
  clock.now = () => new Date("2026-02-20T09:00:00.000Z");
  vaspId = (await api.request("POST", "/api/applications", { token: b, body: completeApplication("VIRTUAL_ASSET_SERVICE") })).json.id;
  documentId = await uploadVerified(api, b, vaspId, "BUSINESS_PLAN", "image/jpeg");
  clock.now = () => new Date();
});
afterAll(() => api.close());

const ids = (res: { json: { items: { id: string }[] } }) => res.json.items.map((x) => x.id);

describe("auditor application records", () => {
  it("lists every firm's applications with all fields, for the group and for the machine scope", async () => {
    for (const who of ["auditor", "auditMachine"] as const) {
      const res = await api.request("GET", "/api/audit/applications", { token: who });
      expect(res.status, res.text).toBe(200);
      expect(ids(res)).toEqual(expect.arrayContaining([minerId, vaspId]));
      const miner = res.json.items.find((x: { id: string }) => x.id === minerId);
      expect(miner.beneficialOwners[0].idNumber).toBe("35202-1234567-1");
      expect(miner.submittedBy).toBe("applicant-a");
    }
  });

  it("filters by category, region, status and update window", async () => {
    const q = async (query: string) => ids(await api.request("GET", `/api/audit/applications?${query}`, { token: "auditor" }));
    expect(await q("category=VIRTUAL_ASSET_SERVICE")).toEqual([vaspId]);
    expect(await q("region=PESCO")).toEqual([minerId]);
    expect(await q("status=SUBMITTED")).toEqual([]);
    expect(await q("updatedTo=2026-01-31")).toEqual([minerId]);
    expect(await q("updatedFrom=2026-02-01")).toEqual([vaspId]);
    expect(await q("updatedFrom=2026-01-01&updatedTo=2026-02-20")).toEqual([minerId, vaspId]);
    expect(await q("updatedFrom=2026-02-20T10:00:00%2B05:00")).toEqual([vaspId]);
    expect((await api.request("GET", "/api/audit/applications?status=NOPE", { token: "auditor" })).status).toBe(400);
  });

  it("gives one application with history and document metadata", async () => {
    const res = await api.request("GET", `/api/audit/applications/${vaspId}`, { token: "auditor" });
    expect(res.status).toBe(200);
    expect(res.json.history[0]).toMatchObject({ action: "create", to: "DRAFT", by: "applicant-b" });
    expect(res.json.documents).toEqual([
      expect.objectContaining({ documentId, type: "BUSINESS_PLAN", contentType: "image/jpeg", sizeBytes: FILES["image/jpeg"].length, sha256: sha256Hex(FILES["image/jpeg"]), status: "VERIFIED", uploadedAt: expect.any(String) }),
    ]);
    expect((await api.request("GET", "/api/audit/applications/doesnotexist", { token: "auditor" })).status).toBe(404);
  });

  it("downloads any document by id", async () => {
    const res = await api.request("GET", `/api/audit/documents/${documentId}`, { token: "auditMachine" });
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await (await fetch(res.json.url)).arrayBuffer());
    expect(sha256Hex(bytes)).toBe(sha256Hex(FILES["image/jpeg"]));
    expect((await api.request("GET", "/api/audit/documents/unknown1", { token: "auditor" })).status).toBe(404);
  });

  it("is refused to every other role", async () => {
    for (const who of ["applicantA", "reviewer1", "admin"] as const) {
      expect((await api.request("GET", "/api/audit/applications", { token: who })).status).toBe(403);
      expect((await api.request("GET", `/api/audit/documents/${documentId}`, { token: who })).status).toBe(403);
    }
    expect((await api.request("GET", "/api/audit/applications")).status).toBe(401);
  });
});
