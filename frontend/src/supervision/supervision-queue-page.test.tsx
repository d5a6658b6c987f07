import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { mockFetch, signInAs } from "../test-support.tsx";
import { SupervisionQueuePage } from "./supervision-queue-page.tsx";

const N = "PCC-BTC-2026-000001";
const queue = {
  items: [
    { kind: "RETURN", licenceNumber: N, since: "2026-02-03T00:00:00Z", status: "FILED", period: "2026-01", record: { period: "2026-01", status: "FILED" } },
    { kind: "CASE", licenceNumber: N, since: "2026-02-03T00:00:00Z", status: "OPEN", caseId: "c1", caseKind: "LIMIT_BREACH", record: { caseId: "c1", kind: "LIMIT_BREACH", status: "OPEN", repeat: true } },
  ],
  nextCursor: null,
};

beforeEach(() => signInAs("reviewer-1", "reviewer"));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("the supervision queue", () => {
  it("accepts a filed return and escalates a case only with a reason", async () => {
    const { calls } = mockFetch({
      "GET /api/supervision/queue": { body: queue },
      [`POST /api/licences/${N}/returns/2026-01/accept`]: { body: { period: "2026-01", status: "ACCEPTED", version: 2, history: [] } },
      "POST /api/cases/c1/escalate": { body: { caseId: "c1", status: "ESCALATED" } },
    });
    render(<SupervisionQueuePage />);
    expect(await screen.findByText(/Limit breach \(repeat\)/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Accept 2026-01" }));
    expect(await screen.findByText("The return for 2026-01 is accepted.")).toBeTruthy();

    fireEvent.click(screen.getAllByRole("button", { name: "Escalate" })[0]);
    expect((await screen.findAllByText("required")).length).toBeGreaterThan(0);
    expect(calls.some((c) => c.path === "/api/cases/c1/escalate")).toBe(false);
    fireEvent.change(screen.getAllByLabelText(/Reason/)[1], { target: { value: "Peak above the approved MW." } });
    fireEvent.click(screen.getAllByRole("button", { name: "Escalate" })[0]);
    await waitFor(() => expect(calls.find((c) => c.path === "/api/cases/c1/escalate")?.body).toEqual({ reason: "Peak above the approved MW." }));
  });
});
