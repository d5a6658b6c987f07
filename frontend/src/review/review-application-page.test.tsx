import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Application } from "../../../lambdas/schemas/review.ts";
import { mockFetch, signInAs } from "../test-support.tsx";
import { ReviewApplicationPage, visibleActions } from "./review-application-page.tsx";

const record = (over: Partial<Application> = {}): Application => ({
  id: "app1",
  category: "BITCOIN_MINING",
  status: "UNDER_REVIEW",
  version: 7,
  createdAt: "2026-11-01T00:00:00Z",
  updatedAt: "2026-11-02T00:00:00Z",
  submittedAt: "2026-11-02T00:00:00Z",
  dueAt: "2026-12-31T00:00:00Z",
  submittedBy: "applicant-a",
  assignedTo: "reviewer-1",
  organisation: { legalName: "Indus Hashworks" },
  energy: { region: "KE", requestedMw: 60, startDate: "2027-01-15", curtailable: true },
  documents: [{ documentId: "d1", type: "AML_CFT_POLICY", fileName: "aml.pdf", contentType: "application/pdf", sizeBytes: 2048, sha256: "a".repeat(64), status: "VERIFIED", createdAt: "2026-11-01T00:00:00Z" }],
  history: [{ at: "2026-11-02T00:00:00Z", action: "submit", from: "DRAFT", to: "SUBMITTED", by: "applicant-a", role: "applicant" }],
  infoRequests: [],
  openInfoRequests: [],
  overdue: false,
  ...over,
});

/** A first approval as the API records it. */
const firstApproval = (approvedMw: number) => ({ by: "reviewer-1", at: "2026-11-03T00:00:00Z", approvedMw, conditions: [], termMonths: 12, reason: "Meets the criteria." });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("which reviewer actions are offered", () => {
  it("follows the workflow table for each state", () => {
    expect(visibleActions(record({ status: "SUBMITTED", assignedTo: undefined }), "reviewer-1").actions).toEqual(["assign"]);
    expect(visibleActions(record(), "reviewer-1").actions.sort()).toEqual(["approve", "reject", "request-info"]);
    expect(visibleActions(record({ assignedTo: "reviewer-2" }), "reviewer-1").actions.sort()).toEqual(["approve", "assign", "reject", "request-info"]);
    expect(visibleActions(record({ status: "INFO_REQUESTED" }), "reviewer-1").actions).toEqual([]);
    expect(visibleActions(record({ status: "APPROVED" }), "reviewer-1").actions).toEqual([]);
  });

  it("keeps the second approval from the reviewer who gave the first", () => {
    const pending = record({ status: "PENDING_SECOND_APPROVAL", firstApproval: firstApproval(60) });
    const mine = visibleActions(pending, "reviewer-1");
    expect(mine.actions).toEqual(["return"]);
    expect(mine.notes.join(" ")).toContain("a different reviewer must confirm");
    expect(visibleActions(pending, "reviewer-2").actions.sort()).toEqual(["confirm-approval", "return"]);
  });

  it("offers nothing on an application the reviewer submitted", () => {
    expect(visibleActions(record({ submittedBy: "reviewer-1" }), "reviewer-1").actions).toEqual([]);
  });
});

describe("the reviewer's application page", () => {
  it("approves with MW, conditions and term, and shows the new state", async () => {
    signInAs("reviewer-1", "reviewer");
    const { calls } = mockFetch({
      "GET /api/review/applications/app1": { body: record(), headers: { etag: '"7"' } },
      "POST /api/review/applications/app1/decision": {
        body: record({ status: "PENDING_SECOND_APPROVAL", firstApproval: firstApproval(55) }),
      },
    });
    render(<ReviewApplicationPage params={{ id: "app1" }} />);
    await screen.findByRole("heading", { level: 1, name: /Indus Hashworks/ });
    const actions = screen.getByRole("region", { name: "Actions" });
    expect(within(actions).queryByRole("button", { name: "Assign to me" })).toBeNull();
    expect(within(actions).queryByText("Return for review", { selector: "summary" })).toBeNull();

    fireEvent.click(within(actions).getByText("Approve", { selector: "summary" }));
    const mw = screen.getByLabelText("Approved MW") as HTMLInputElement;
    expect(mw.value).toBe("60");
    fireEvent.change(mw, { target: { value: "55" } });
    fireEvent.click(screen.getByRole("button", { name: "Add a condition" }));
    fireEvent.change(screen.getByLabelText("Condition 1"), { target: { value: "Curtail on request" } });
    fireEvent.change(document.getElementById("approve-reason")!, { target: { value: "Complete and eligible" } });
    fireEvent.click(screen.getByRole("button", { name: "Approve" }));

    await screen.findByText("Approved.");
    expect(calls.at(-1)!.body).toEqual({ decision: "approve", reason: "Complete and eligible", approvedMw: 55, termMonths: 12, conditions: ["Curtail on request"] });
    expect(screen.getByRole("heading", { level: 1 }).textContent).toContain("pending second approval");
    expect(screen.getByText(/a different reviewer must confirm/)).toBeTruthy();
  });

  it("checks the decision with the schema: a reason is required", async () => {
    signInAs("reviewer-1", "reviewer");
    const { calls } = mockFetch({ "GET /api/review/applications/app1": { body: record() } });
    render(<ReviewApplicationPage params={{ id: "app1" }} />);
    await screen.findByRole("heading", { level: 1, name: /Indus Hashworks/ });
    fireEvent.click(screen.getByText("Reject", { selector: "summary" }));
    fireEvent.click(screen.getByRole("button", { name: "Reject" }));
    const reason = document.getElementById("reject-reason")!;
    expect(reason.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById("reject-reason-error")?.textContent).toContain("required");
    expect(calls).toHaveLength(1);
  });

  it("shows a 409 for too little MW left as a page-level alert in the form", async () => {
    signInAs("reviewer-2", "reviewer");
    mockFetch({
      "GET /api/review/applications/app1": { body: record({ status: "PENDING_SECOND_APPROVAL", firstApproval: firstApproval(60) }) },
      "POST /api/review/applications/app1/decision": {
        status: 409,
        body: { title: "Not enough surplus MW remain on this allocation line", status: 409, detail: "Only 20 MW remain on KE / BITCOIN_MINING.", remainingMw: 20 },
      },
    });
    render(<ReviewApplicationPage params={{ id: "app1" }} />);
    await screen.findByRole("heading", { level: 1, name: /Indus Hashworks/ });
    fireEvent.click(screen.getByText("Confirm approval", { selector: "summary" }));
    expect(screen.queryByLabelText("Approved MW")).toBeNull();
    fireEvent.change(document.getElementById("confirm-reason")!, { target: { value: "Agree" } });
    fireEvent.click(screen.getByRole("button", { name: "Confirm the approval" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Not enough surplus MW remain");
    expect(alert.textContent).toContain("Only 20 MW remain on KE / BITCOIN_MINING.");
  });

  it("fetches a short-lived link to open a document", async () => {
    signInAs("reviewer-1", "reviewer");
    mockFetch({
      "GET /api/review/applications/app1": { body: record() },
      "GET /api/review/applications/app1/documents/d1": { body: { url: "http://storage.test/aml.pdf?sig=1", expiresAt: "2026-11-02T00:05:00Z" } },
    });
    render(<ReviewApplicationPage params={{ id: "app1" }} />);
    fireEvent.click(await screen.findByRole("button", { name: /Get download link for aml.pdf/ }));
    const link = await screen.findByRole("link", { name: /Open aml.pdf/ });
    expect(link.getAttribute("href")).toBe("http://storage.test/aml.pdf?sig=1");
    expect(link.getAttribute("rel")).toContain("noopener");
  });
});
