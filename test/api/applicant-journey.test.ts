import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../support/api.ts";
import { FILES, declareDocument, sha256Hex, uploadAllRequired, uploadBytes, uploadVerified } from "../support/documents.ts";
import { completeApplication } from "../support/applications.ts";
import { REQUIRED_DOCUMENTS } from "../../lambdas/schemas/application.ts";

// The applicant's whole journey through the dev gateway with real dev tokens: draft -> edit ->
// documents (presigned upload to s3rver, confirm) -> submit, plus the events each step leaves.

let api: TestApi;
let applicant: string;

beforeAll(async () => {
  api = await startTestApi();
  applicant = await api.token("applicantA");
});
afterAll(() => api.close());

describe("applicant journey", () => {
  it("takes an application from an empty draft to SUBMITTED", async () => {
    // Prepare: a partial draft is allowed.
    const created = await api.request("POST", "/api/applications", { token: applicant, body: { category: "BITCOIN_MINING", organisation: { legalName: "Indus Hash Works" } } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ status: "DRAFT", version: 1, category: "BITCOIN_MINING", documents: [] });
    expect(created.headers.get("etag")).toBe('"1"');
    const id = created.json.id as string;

    // Submitting now names every missing field and document.
    const early = await api.request("POST", `/api/applications/${id}/submit`, { token: applicant });
    expect(early.status).toBe(409);
    expect(early.headers.get("content-type")).toContain("application/problem+json");
    const paths = early.json.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["organisation.registrationNumber", "beneficialOwners", "energy", ...REQUIRED_DOCUMENTS.BITCOIN_MINING.map((t) => `documents.${t}`)]));

    // Edit with If-Match.
    const full = completeApplication("BITCOIN_MINING");
    const patched = await api.request("PATCH", `/api/applications/${id}`, {
      token: applicant,
      headers: { "if-match": created.headers.get("etag")! },
      body: { organisation: full.organisation, beneficialOwners: full.beneficialOwners, energy: full.energy },
    });
    expect(patched.status).toBe(200);
    expect(patched.json.version).toBe(2);
    expect(patched.headers.get("etag")).toBe('"2"');

    await uploadAllRequired(api, applicant, id, "BITCOIN_MINING");
    const beforeSubmit = await api.request("GET", `/api/applications/${id}`, { token: applicant });
    expect(beforeSubmit.json.documents).toHaveLength(REQUIRED_DOCUMENTS.BITCOIN_MINING.length);
    expect(beforeSubmit.json.documents.every((d: { status: string }) => d.status === "VERIFIED")).toBe(true);

    const submitted = await api.request("POST", `/api/applications/${id}/submit`, { token: applicant });
    expect(submitted.status).toBe(200);
    expect(submitted.json.status).toBe("SUBMITTED");
    expect(Date.parse(submitted.json.dueAt) - Date.parse(submitted.json.submittedAt)).toBe(60 * 86_400_000);
    expect(submitted.json.history.map((h: { to: string }) => h.to)).toEqual(["DRAFT", "SUBMITTED"]);

    // Once submitted it can no longer be edited.
    const late = await api.request("PATCH", `/api/applications/${id}`, { token: applicant, headers: { "if-match": submitted.headers.get("etag")! }, body: { energy: full.energy } });
    expect(late.status).toBe(409);

    const list = await api.request("GET", "/api/applications", { token: applicant });
    expect(list.json.items.map((a: { id: string }) => a.id)).toContain(id);
    expect(list.json).toHaveProperty("nextCursor");

    const events = await api.request("GET", "/api/audit/events?limit=100", { token: "auditor" });
    const mine = events.json.items.filter((e: { entityId: string }) => e.entityId === id).map((e: { action: string }) => e.action);
    expect(mine).toEqual([
      "application.created",
      "application.updated",
      ...REQUIRED_DOCUMENTS.BITCOIN_MINING.flatMap(() => ["document.declared", "document.verified"]),
      "application.submit",
    ]);
  });

  it("gives a download link to the verified bytes", async () => {
    const { json } = await api.request("POST", "/api/applications", { token: applicant, body: { category: "VIRTUAL_ASSET_SERVICE" } });
    const documentId = await uploadVerified(api, applicant, json.id, "BUSINESS_PLAN", "image/png");
    const link = await api.request("GET", `/api/applications/${json.id}/documents/${documentId}`, { token: applicant });
    expect(link.status).toBe(200);
    expect(Date.parse(link.json.expiresAt)).toBeGreaterThan(Date.now());
    const bytes = Buffer.from(await (await fetch(link.json.url)).arrayBuffer());
    expect(sha256Hex(bytes)).toBe(sha256Hex(FILES["image/png"]));
  });

  it("withdraws before a decision, and not twice", async () => {
    const { json } = await api.request("POST", "/api/applications", { token: applicant, body: { category: "AI_DATA_CENTRE" } });
    const first = await api.request("POST", `/api/applications/${json.id}/withdraw`, { token: applicant });
    expect(first.status).toBe(200);
    expect(first.json.status).toBe("WITHDRAWN");
    const again = await api.request("POST", `/api/applications/${json.id}/withdraw`, { token: applicant });
    expect(again.status).toBe(409);
  });
});

describe("documents are checked against their declaration", () => {
  async function draft() {
    return (await api.request("POST", "/api/applications", { token: applicant, body: { category: "BITCOIN_MINING" } })).json.id as string;
  }
  const confirm = (id: string, documentId: string) => api.request("POST", `/api/applications/${id}/documents/${documentId}/confirm`, { token: applicant });

  it("answers a good confirm with the VERIFIED document and the updated application, idempotently", async () => {
    const id = await draft();
    const declared = await declareDocument(api, applicant, id, "AML_CFT_POLICY");
    expect(await uploadBytes(declared, FILES["application/pdf"])).toBe(200);
    const res = await confirm(id, declared.documentId);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ documentId: declared.documentId, type: "AML_CFT_POLICY", status: "VERIFIED", sha256: sha256Hex(FILES["application/pdf"]), applicationId: id });
    expect(res.json.application.documents[0].status).toBe("VERIFIED");
    expect(res.headers.get("etag")).toBe(`"${res.json.application.version}"`);
    const again = await confirm(id, declared.documentId);
    expect(again.json.application.version).toBe(res.json.application.version);
  });

  it("confirms several documents of one application at once without losing any (a confirm that lost the race reads again)", async () => {
    const id = await draft();
    const types = ["AML_CFT_POLICY", "CERTIFICATE_OF_INCORPORATION", "BENEFICIAL_OWNERSHIP_DECLARATION", "SITE_LEASE_OR_TITLE"] as const;
    const declared = [];
    for (const type of types) {
      const d = await declareDocument(api, applicant, id, type);
      expect(await uploadBytes(d, FILES["application/pdf"])).toBe(200);
      declared.push(d);
    }
    const answers = await Promise.all(declared.map((d) => confirm(id, d.documentId)));
    expect(answers.map((r) => r.status)).toEqual(types.map(() => 200));
    const { json } = await api.request("GET", `/api/applications/${id}`, { token: applicant });
    expect(json.documents.map((d: { status: string }) => d.status)).toEqual(types.map(() => "VERIFIED"));
    // One version per declaration and per confirmation, after the draft's own.
    expect(json.version).toBe(1 + 2 * types.length);
  });

  it("refuses a file whose bytes do not hash to the declared SHA-256", async () => {
    const id = await draft();
    const declared = await declareDocument(api, applicant, id, "AML_CFT_POLICY");
    const tampered = Buffer.concat([FILES["application/pdf"].subarray(0, -1), Buffer.from("X")]);
    await uploadBytes(declared, tampered);
    const res = await confirm(id, declared.documentId);
    expect(res.status).toBe(409);
    expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual(["sha256"]);
  });

  it("refuses a disguised file type (PNG bytes declared as PDF)", async () => {
    const id = await draft();
    const png = FILES["image/png"];
    const declared = await declareDocument(api, applicant, id, "AML_CFT_POLICY", png, "application/pdf");
    await uploadBytes(declared, png);
    const res = await confirm(id, declared.documentId);
    expect(res.status).toBe(409);
    expect(res.json.errors).toEqual([{ path: "contentType", message: expect.stringContaining("image/png") }]);
  });

  it("refuses a file of another size, and confirm before upload", async () => {
    const id = await draft();
    const pdf = FILES["application/pdf"];
    const declared = await declareDocument(api, applicant, id, "AML_CFT_POLICY", pdf, "application/pdf");
    expect((await confirm(id, declared.documentId)).status).toBe(409);
    const longer = Buffer.concat([pdf, Buffer.from("trailing")]);
    await uploadBytes(declared, longer);
    const res = await confirm(id, declared.documentId);
    expect(res.status).toBe(409);
    expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual(["sizeBytes", "sha256"]);
    const record = await api.request("GET", `/api/applications/${id}`, { token: applicant });
    expect(record.json.documents[0].status).toBe("PENDING_UPLOAD");
  });

  it("refuses undeclarable files: wrong type, empty, over 25 MiB, bad hash, path in name", async () => {
    const id = await draft();
    const base = { type: "AML_CFT_POLICY", fileName: "aml.pdf", contentType: "application/pdf", sizeBytes: 10, sha256: "a".repeat(64) };
    const cases: [Record<string, unknown>, string][] = [
      [{ contentType: "text/plain" }, "contentType"],
      [{ sizeBytes: 0 }, "sizeBytes"],
      [{ sizeBytes: 25 * 1024 * 1024 + 1 }, "sizeBytes"],
      [{ sha256: "A".repeat(64) }, "sha256"],
      [{ fileName: "../etc/passwd" }, "fileName"],
      [{ type: "PASSPORT" }, "type"],
    ];
    for (const [override, path] of cases) {
      const res = await api.request("POST", `/api/applications/${id}/documents`, { token: applicant, body: { ...base, ...override } });
      expect(res.status, JSON.stringify(override)).toBe(400);
      expect(res.json.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
  });
});
