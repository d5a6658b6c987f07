import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Application } from "../../../lambdas/schemas/review.ts";
import { mockFetch, signInAs } from "../test-support.tsx";
import { ApplicationPage } from "./application-page.tsx";

const record = (over: Partial<Application> = {}): Application => ({
  id: "app1",
  category: "BITCOIN_MINING",
  status: "INFO_REQUESTED",
  version: 9,
  createdAt: "2026-11-01T00:00:00Z",
  updatedAt: "2026-11-03T00:00:00Z",
  submittedAt: "2026-11-02T00:00:00Z",
  organisation: { legalName: "Indus Hashworks" },
  documents: [],
  history: [
    { at: "2026-11-01T00:00:00Z", action: "create", from: null, to: "DRAFT", by: "applicant-a", role: "applicant" },
    { at: "2026-11-02T00:00:00Z", action: "submit", from: "DRAFT", to: "SUBMITTED", by: "applicant-a", role: "applicant" },
    { at: "2026-11-03T00:00:00Z", action: "request-info", from: "UNDER_REVIEW", to: "INFO_REQUESTED", by: "reviewer-1", role: "reviewer", reason: "Send the lease" },
  ],
  infoRequests: [{ requestId: "q1", message: "Please send the signed site lease.", requestedBy: "reviewer-1", requestedAt: "2026-11-03T00:00:00Z" }],
  openInfoRequests: [{ requestId: "q1", message: "Please send the signed site lease.", requestedBy: "reviewer-1", requestedAt: "2026-11-03T00:00:00Z" }],
  ...over,
});

beforeEach(() => signInAs("applicant-a", "applicant"));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("the applicant's application page", () => {
  it("shows the status timeline in order", async () => {
    mockFetch({ "GET /api/applications/app1": { body: record(), headers: { etag: '"9"' } } });
    render(<ApplicationPage params={{ id: "app1" }} />);
    const timeline = (await screen.findByRole("heading", { name: "Status history" })).nextElementSibling!;
    expect([...timeline.querySelectorAll("li .timeline-what")].map((p) => p.textContent)).toEqual([
      "Create: Draft",
      "Submit: Draft → Submitted",
      "Request info: Under review → Info requested",
    ]);
  });

  it("answers an information request and moves on with the answer's record", async () => {
    const { calls } = mockFetch({
      "GET /api/applications/app1": { body: record(), headers: { etag: '"9"' } },
      "POST /api/applications/app1/respond": { body: record({ status: "UNDER_REVIEW", openInfoRequests: [] }), headers: { etag: '"10"' } },
    });
    render(<ApplicationPage params={{ id: "app1" }} />);
    await screen.findByRole("heading", { name: "The council asks for information" });
    fireEvent.click(screen.getByRole("button", { name: "Send the answer" }));
    expect(document.getElementById("respond-message-error")?.textContent).toContain("required");
    fireEvent.change(screen.getByLabelText("Your answer"), { target: { value: "Lease uploaded as the site document." } });
    fireEvent.click(screen.getByRole("button", { name: "Send the answer" }));
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 }).textContent).toContain("under review"));
    expect(calls.at(-1)).toMatchObject({ method: "POST", body: { message: "Lease uploaded as the site document." } });
    expect(screen.queryByRole("heading", { name: "The council asks for information" })).toBeNull();
  });

  it("withdraws only after a confirmation", async () => {
    const { calls } = mockFetch({
      "GET /api/applications/app1": { body: record({ status: "SUBMITTED", openInfoRequests: [], infoRequests: [] }) },
      "POST /api/applications/app1/withdraw": { body: record({ status: "WITHDRAWN", openInfoRequests: [], infoRequests: [] }) },
    });
    render(<ApplicationPage params={{ id: "app1" }} />);
    fireEvent.click(await screen.findByRole("button", { name: "Withdraw the application" }));
    expect(calls).toHaveLength(1);
    fireEvent.click(screen.getByRole("button", { name: "Yes, withdraw it" }));
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 }).textContent).toContain("withdrawn"));
    expect(calls.at(-1)!.body).toBeUndefined();
    expect(calls.at(-1)!.headers["content-type"]).toBeUndefined();
    expect(screen.queryByRole("button", { name: "Withdraw the application" })).toBeNull();
  });

  it("shows the licence once issued, from the public register", async () => {
    mockFetch({
      "GET /api/applications/app1": { body: record({ status: "APPROVED", licenceNumber: "PCC-BTC-2026-000001", openInfoRequests: [], infoRequests: [] }) },
      "GET /api/register/PCC-BTC-2026-000001": {
        body: { licenceNumber: "PCC-BTC-2026-000001", legalName: "Indus Hashworks", category: "BITCOIN_MINING", region: "KE", approvedMw: 7.5, status: "ACTIVE", conditions: ["Curtail on request"], issuedAt: "2026-11-04T00:00:00Z", expiresAt: "2027-11-04T00:00:00Z" },
      },
    });
    render(<ApplicationPage params={{ id: "app1" }} />);
    await screen.findByText("Curtail on request");
    expect(screen.getByText("7.5 MW")).toBeTruthy();
    expect(screen.getByRole("link", { name: "See it in the public register" }).getAttribute("href")).toBe("/register/PCC-BTC-2026-000001");
    expect(screen.getByText("Surrender this licence")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Withdraw the application" })).toBeNull();
  });
});
