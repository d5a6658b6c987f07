import { DocumentRequest } from "../../../lambdas/schemas/application.ts";
import { api, ApiError, enc } from "../api/client.ts";
import type { UploadTicket } from "../../../lambdas/schemas/application.ts";
import type { Application } from "../../../lambdas/schemas/review.ts";

// One document: hash it in the browser, declare it, send the bytes straight to storage with progress,
// then ask the API to verify what arrived.

export type UploadPhase = "hashing" | "declaring" | "uploading" | "verifying" | "done";

export async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Browsers decide some headers themselves and refuse to let scripts set them. */
const FORBIDDEN_HEADERS = new Set(["host", "content-length", "connection", "origin", "referer", "accept-encoding"]);

/** Sends the file as the presigned request says: multipart POST (fields, then file) or PUT with headers. */
export function sendToStorage(upload: UploadTicket["upload"], file: Blob, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(upload.method, upload.url);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else reject(new Error(`Storage refused the upload (HTTP ${xhr.status}). Please try again.`));
    };
    xhr.onerror = () => reject(new Error("The upload could not reach storage. Check your connection and try again."));
    xhr.onabort = () => reject(new Error("The upload was cancelled."));
    if (upload.method === "POST") {
      const form = new FormData();
      for (const [key, value] of Object.entries(upload.fields ?? {})) form.append(key, value);
      form.append("file", file);
      xhr.send(form);
    } else {
      for (const [key, value] of Object.entries(upload.headers ?? {})) {
        if (!FORBIDDEN_HEADERS.has(key.toLowerCase())) xhr.setRequestHeader(key, value);
      }
      xhr.send(file);
    }
  });
}

export class UploadRefused extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join("; "));
    this.name = "UploadRefused";
  }
}

/** The whole upload; answers the application as the API returns it after verification. */
export async function uploadDocument(
  applicationId: string,
  type: string,
  file: File,
  onPhase: (phase: UploadPhase, fraction?: number) => void,
): Promise<{ record: Application; etag: string | null }> {
  onPhase("hashing");
  const declaration = {
    type,
    fileName: file.name,
    contentType: file.type,
    sizeBytes: file.size,
    sha256: await sha256Hex(file),
  };
  const parsed = DocumentRequest.safeParse(declaration);
  if (!parsed.success) throw new UploadRefused(parsed.error.issues.map((i) => (i.path[0] === "contentType" ? i.message : `${String(i.path[0] ?? "file")}: ${i.message}`)));
  onPhase("declaring");
  const { data: ticket } = await api.post<UploadTicket>(`/api/applications/${enc(applicationId)}/documents`, parsed.data);
  onPhase("uploading", 0);
  await sendToStorage(ticket.upload, file, (fraction) => onPhase("uploading", fraction));
  onPhase("verifying");
  try {
    // The answer is the verified document, with the updated application (and its ETag) alongside.
    const { data, etag } = await api.post<{ application: Application }>(`/api/applications/${enc(applicationId)}/documents/${enc(ticket.documentId)}/confirm`);
    onPhase("done");
    return { record: data.application, etag };
  } catch (error) {
    if (error instanceof ApiError && error.problem.errors?.length) throw new UploadRefused(error.problem.errors.map((e) => e.message));
    throw error;
  }
}
