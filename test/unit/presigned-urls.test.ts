import { beforeAll, describe, expect, it } from "vitest";
import { resetEnv } from "../../lambdas/env.ts";

// What a presigned URL pins, checked on the URLs themselves (signing is offline; no S3 needed). The
// local S3 emulator checks no signature at all, so only here can the project show which parts of an
// upload and a download a client cannot change without breaking the signature (docs/security.md).

let store: typeof import("../../lambdas/store/documents.ts");
beforeAll(async () => {
  Object.assign(process.env, {
    TABLE_NAME: "unit-table",
    DOCUMENTS_BUCKET: "unit-documents",
    AWS_REGION: "eu-west-1",
    AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
    AWS_SECRET_ACCESS_KEY: "unit-secret",
    S3_ENDPOINT: "",
    DYNAMODB_ENDPOINT: "",
  });
  resetEnv();
  store = await import("../../lambdas/store/documents.ts");
});

const SHA = "9f86d081884c7d659a2feb15c0b2b7ea6d1d8e3a07b8d2b8b6c6b1a5c0e1d2f3";

describe("upload URLs", () => {
  it("sign the content type, the exact length and the SHA-256 checksum as headers the client must send", async () => {
    const { upload } = await store.presignUpload("applications/a1/d1", "application/pdf", 1234, SHA);
    const url = new URL(upload.url);
    const signed = url.searchParams.get("X-Amz-SignedHeaders")!.split(";");
    expect(signed).toEqual(expect.arrayContaining(["content-length", "content-type", "host", "x-amz-checksum-sha256"]));
    // The checksum is a signed header, not a query parameter a client could drop.
    expect(url.searchParams.has("x-amz-checksum-sha256")).toBe(false);
    expect(upload.method).toBe("PUT");
    expect(upload.headers).toEqual({ "content-type": "application/pdf", "x-amz-checksum-sha256": Buffer.from(SHA, "hex").toString("base64") });
    expect(url.pathname).toMatch(/applications\/a1\/d1$/);
    expect(Number(url.searchParams.get("X-Amz-Expires"))).toBe(300);
  });

  it("a different length or checksum is a different signature", async () => {
    const sig = async (size: number, sha: string) => new URL((await store.presignUpload("applications/a1/d1", "application/pdf", size, sha)).upload.url).searchParams.get("X-Amz-Signature");
    const base = await sig(1234, SHA);
    expect(await sig(1235, SHA)).not.toBe(base);
    expect(await sig(1234, SHA.replace(/^9/, "8"))).not.toBe(base);
  });
});

describe("download links", () => {
  it("pin the verified object version: versionId is in the signed query", async () => {
    const { url } = await store.presignDownload("applications/a1/d1", "aml.pdf", "application/pdf", "v-verified-1");
    const parsed = new URL(url);
    expect(parsed.searchParams.get("versionId")).toBe("v-verified-1");
    expect(parsed.searchParams.get("response-content-disposition")).toBe('attachment; filename="aml.pdf"');
    const other = new URL((await store.presignDownload("applications/a1/d1", "aml.pdf", "application/pdf", "v-overwritten-2")).url);
    // The signature covers the query: swapping versionId in a link breaks it on S3 (SigV4 query signing).
    expect(other.searchParams.get("X-Amz-Signature")).not.toBe(parsed.searchParams.get("X-Amz-Signature"));
  });

  it("strip the typed file name to safe characters in the disposition", async () => {
    const { url } = await store.presignDownload("applications/a1/d1", 'x"; evil=\r\n.pdf', "application/pdf", "v1");
    expect(new URL(url).searchParams.get("response-content-disposition")).toBe('attachment; filename="x__ evil___.pdf"');
  });
});
