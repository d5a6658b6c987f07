import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Application } from "../../../lambdas/schemas/review.ts";
import { NO_ERRORS } from "../ui/errors.ts";
import { FormErrorsProvider } from "../ui/form.tsx";
import { mockFetch, signInAs } from "../test-support.tsx";
import { DocumentsPanel } from "./documents-panel.tsx";

// A stand-in for the browser's XMLHttpRequest that records what would go to storage and lets the
// test drive upload progress.
class FakeXhr {
  static sent: FakeXhr[] = [];
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: unknown;
  status = 0;
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(key: string, value: string) {
    this.headers[key] = value;
  }
  send(body: unknown) {
    this.body = body;
    FakeXhr.sent.push(this);
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total });
  }
  finish(status: number) {
    this.status = status;
    this.onload?.();
  }
}

const PDF = "%PDF-1.4 a tiny test document\n%%EOF\n";
const SHA = createHash("sha256").update(PDF).digest("hex");

const record = (documents: Application["documents"] = []): Application => ({
  id: "app1",
  category: "VIRTUAL_ASSET_SERVICE",
  status: "DRAFT",
  version: 2,
  createdAt: "2026-11-01T00:00:00Z",
  updatedAt: "2026-11-01T00:00:00Z",
  documents,
  history: [],
  infoRequests: [],
  openInfoRequests: [],
});

function renderPanel(onRecord = vi.fn(), initial = record()) {
  render(
    <FormErrorsProvider errors={NO_ERRORS} idPrefix="docs">
      <DocumentsPanel record={initial} editable onRecord={onRecord} />
    </FormErrorsProvider>,
  );
  return onRecord;
}

const choose = (label: string, file: File) => fireEvent.change(screen.getByLabelText(label), { target: { files: [file] } });

beforeEach(() => {
  FakeXhr.sent = [];
  vi.stubGlobal("XMLHttpRequest", FakeXhr);
  signInAs("applicant-a", "applicant");
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("document upload", () => {
  it("lists every type the category requires", () => {
    mockFetch({});
    renderPanel();
    expect(screen.getAllByRole("heading", { level: 3 }).map((h) => h.textContent)).toEqual([
      "Certificate of incorporation",
      "Beneficial ownership declaration",
      "AML/CFT policy",
      "Business plan",
      "Information security policy",
    ]);
    expect(screen.getByText("0 of 5 required documents verified.")).toBeTruthy();
  });

  it("hashes in the browser, posts the multipart form (fields, then file) with progress, then confirms", async () => {
    const verified = { documentId: "d1", type: "BUSINESS_PLAN", fileName: "plan.pdf", contentType: "application/pdf", sizeBytes: PDF.length, sha256: SHA, status: "VERIFIED", createdAt: "2026-11-01T00:00:00Z" } as const;
    const { calls } = mockFetch({
      "POST /api/applications/app1/documents": {
        status: 201,
        body: { documentId: "d1", upload: { method: "POST", url: "http://storage.test/bucket", fields: { key: "applications/app1/d1", policy: "p", "x-amz-signature": "s" } }, expiresAt: "2026-11-01T00:15:00Z" },
      },
      "POST /api/applications/app1/documents/d1/confirm": { body: { status: "VERIFIED", application: record([verified]) }, headers: { etag: '"4"' } },
    });
    const onRecord = renderPanel();
    choose("Choose a file: Business plan", new File([PDF], "plan.pdf", { type: "application/pdf" }));

    await waitFor(() => expect(FakeXhr.sent).toHaveLength(1));
    expect(calls[0].body).toEqual({ type: "BUSINESS_PLAN", fileName: "plan.pdf", contentType: "application/pdf", sizeBytes: PDF.length, sha256: SHA });
    const xhr = FakeXhr.sent[0];
    expect([xhr.method, xhr.url]).toEqual(["POST", "http://storage.test/bucket"]);
    const form = xhr.body as FormData;
    expect([...form.keys()]).toEqual(["key", "policy", "x-amz-signature", "file"]);
    expect(await (form.get("file") as File).text()).toBe(PDF);

    xhr.progress(10, 40);
    const bar = await screen.findByRole("progressbar");
    await waitFor(() => expect(bar.getAttribute("aria-valuetext")).toBe("25 %"));
    expect(screen.getByRole("status").textContent).toBe("Uploading…");
    xhr.finish(204);

    await waitFor(() => expect(onRecord).toHaveBeenCalledWith(expect.objectContaining({ documents: [verified] }), '"4"'));
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(["POST /api/applications/app1/documents", "POST /api/applications/app1/documents/d1/confirm"]);
    expect(screen.getByRole("status").textContent).toBe("Uploaded and verified.");
  });

  it("sends the bytes with every given header for a PUT upload, leaving out those browsers forbid", async () => {
    mockFetch({
      "POST /api/applications/app1/documents": {
        status: 201,
        body: { documentId: "d2", upload: { method: "PUT", url: "http://storage.test/put", headers: { "content-type": "application/pdf", "x-amz-checksum-sha256": "abc", host: "storage.test" } }, expiresAt: "x" },
      },
      "POST /api/applications/app1/documents/d2/confirm": { body: { status: "VERIFIED", application: record() }, headers: { etag: '"3"' } },
    });
    renderPanel();
    const file = new File([PDF], "aml.pdf", { type: "application/pdf" });
    choose("Choose a file: AML/CFT policy", file);
    await waitFor(() => expect(FakeXhr.sent).toHaveLength(1));
    const xhr = FakeXhr.sent[0];
    expect(xhr.method).toBe("PUT");
    expect(xhr.headers).toEqual({ "content-type": "application/pdf", "x-amz-checksum-sha256": "abc" });
    expect(xhr.body).toBe(file);
    xhr.finish(200);
  });

  it("refuses a file type the API does not accept, without declaring it", async () => {
    const { fetchMock } = mockFetch({});
    renderPanel();
    choose("Choose a file: Business plan", new File(["hello"], "plan.docx", { type: "application/msword" }));
    const input = screen.getByLabelText("Choose a file: Business plan");
    await waitFor(() => expect(input.getAttribute("aria-invalid")).toBe("true"));
    expect(document.getElementById(`${input.id}-error`)?.textContent).toContain("PDF, PNG or JPEG only");
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("shows what the API found different when verification fails", async () => {
    mockFetch({
      "POST /api/applications/app1/documents": { status: 201, body: { documentId: "d3", upload: { method: "PUT", url: "http://storage.test/put" }, expiresAt: "x" } },
      "POST /api/applications/app1/documents/d3/confirm": {
        status: 409,
        body: { title: "The uploaded file does not match what was declared", status: 409, errors: [{ path: "contentType", message: "declared application/pdf, content is not a PDF, PNG or JPEG" }] },
      },
    });
    renderPanel();
    choose("Choose a file: Business plan", new File(["not really a pdf"], "plan.pdf", { type: "application/pdf" }));
    await waitFor(() => expect(FakeXhr.sent).toHaveLength(1));
    FakeXhr.sent[0].finish(200);
    await screen.findByText("declared application/pdf, content is not a PDF, PNG or JPEG");
    expect(screen.queryByRole("progressbar")).toBeNull();
  });

  it("says so when storage refuses the upload", async () => {
    const { calls } = mockFetch({
      "POST /api/applications/app1/documents": { status: 201, body: { documentId: "d4", upload: { method: "PUT", url: "http://storage.test/put" }, expiresAt: "x" } },
    });
    renderPanel();
    choose("Choose a file: Business plan", new File([PDF], "plan.pdf", { type: "application/pdf" }));
    await waitFor(() => expect(FakeXhr.sent).toHaveLength(1));
    FakeXhr.sent[0].finish(403);
    await screen.findByText(/Storage refused the upload \(HTTP 403\)/);
    expect(calls).toHaveLength(1);
  });
});
