import { createHash } from "node:crypto";
import type { TestApi } from "./api.ts";
import { REQUIRED_DOCUMENTS, type ContentType, type DocumentType } from "../../lambdas/schemas/application.ts";
import type { Category } from "../../lambdas/schemas/common.ts";

// Small real files with the right magic numbers, and the declare -> PUT -> confirm dance, for API tests.

export const FILES: Record<ContentType, Buffer> = {
  "application/pdf": Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "latin1"),
  "image/png": Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001", "hex"),
  "image/jpeg": Buffer.from("ffd8ffe000104a46494600010100000100010000ffd9", "hex"),
};

export const sha256Hex = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

export interface Declared {
  documentId: string;
  upload: { method: string; url: string; headers?: Record<string, string>; fields?: Record<string, string> };
  expiresAt: string;
}

export async function declareDocument(
  api: TestApi,
  token: string,
  applicationId: string,
  type: DocumentType,
  bytes: Buffer = FILES["application/pdf"],
  contentType: ContentType = "application/pdf",
  overrides: Partial<{ sizeBytes: number; sha256: string }> = {},
): Promise<Declared> {
  const res = await api.request("POST", `/api/applications/${applicationId}/documents`, {
    token,
    body: { type, fileName: `${type.toLowerCase()}.pdf`, contentType, sizeBytes: bytes.length, sha256: sha256Hex(bytes), ...overrides },
  });
  if (res.status !== 201) throw new Error(`declare ${type}: ${res.status} ${res.text}`);
  return res.json as Declared;
}

/** Sends the bytes exactly as a browser or integrator would: PUT with every header, or multipart POST. */
export async function uploadBytes(declared: Declared, bytes: Buffer): Promise<number> {
  const { upload } = declared;
  if (upload.method === "PUT") {
    const res = await fetch(upload.url, { method: "PUT", headers: upload.headers, body: new Uint8Array(bytes) });
    return res.status;
  }
  const form = new FormData();
  for (const [k, v] of Object.entries(upload.fields ?? {})) form.append(k, v);
  form.append("file", new Blob([new Uint8Array(bytes)]));
  return (await fetch(upload.url, { method: "POST", body: form })).status;
}

export async function uploadVerified(api: TestApi, token: string, applicationId: string, type: DocumentType, contentType: ContentType = "application/pdf") {
  const bytes = FILES[contentType];
  const declared = await declareDocument(api, token, applicationId, type, bytes, contentType);
  const status = await uploadBytes(declared, bytes);
  if (status >= 300) throw new Error(`upload ${type}: ${status}`);
  const confirm = await api.request("POST", `/api/applications/${applicationId}/documents/${declared.documentId}/confirm`, { token });
  if (confirm.status !== 200) throw new Error(`confirm ${type}: ${confirm.status} ${confirm.text}`);
  return declared.documentId;
}

export async function uploadAllRequired(api: TestApi, token: string, applicationId: string, category: Category) {
  for (const type of REQUIRED_DOCUMENTS[category]) await uploadVerified(api, token, applicationId, type);
}
