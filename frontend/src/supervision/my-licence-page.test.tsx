import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { mockFetch, signInAs } from "../test-support.tsx";
import { MyLicencePage } from "./my-licence-page.tsx";

const N = "PCC-BTC-2026-000001";
const licence = {
  licenceNumber: N,
  legalName: "Indus Hash Works",
  category: "BITCOIN_MINING",
  status: "ACTIVE",
  issuedAt: "2026-01-10T00:00:00Z",
  expiresAt: "2027-01-10T00:00:00Z",
  version: 1,
  testPlan: { reporting: "MONTHLY", limits: { maxPeakMw: 10 }, milestones: [{ milestoneId: "m1", title: "Site energised", dueDate: "2026-06-01", status: "PENDING" }] },
};
const due = { licenceNumber: N, period: "2026-01", dueAt: "2026-02-16T00:00:00Z", status: "LATE", version: 0, history: [] };

beforeEach(() => signInAs("applicant-a", "applicant"));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("My licence", () => {
  it("lists returns and files one with the API's own messages first, then sends it with If-Match", async () => {
    const { calls } = mockFetch({
      [`GET /api/licences/${N}`]: { body: licence },
      [`GET /api/licences/${N}/returns`]: { body: { items: [due] } },
      [`GET /api/licences/${N}/cases`]: { body: { items: [], nextCursor: null } },
      [`PUT /api/licences/${N}/returns/2026-01`]: { body: { ...due, status: "FILED", version: 1, casesOpened: [{ caseId: "c1", kind: "LIMIT_BREACH" }] } },
    });
    render(<MyLicencePage params={{ licenceNumber: N }} />);
    fireEvent.click(await screen.findByRole("button", { name: "File 2026-01" }));
    // An energy licence links to its energy page.
    expect(screen.getByRole("link", { name: "Energy use and curtailments" }).getAttribute("href")).toBe(`/licences/${N}/energy`);
    fireEvent.click(await screen.findByRole("button", { name: "File the return" }));
    // The attestation is required by the schema: the browser says so before anything is sent.
    expect((await screen.findAllByText("required")).length).toBeGreaterThan(0);
    expect(calls.filter((c) => c.method === "PUT")).toHaveLength(0);

    fireEvent.change(screen.getByLabelText(/Peak demand/), { target: { value: "12" } });
    fireEvent.change(screen.getByLabelText(/Attested by/), { target: { value: "Ayesha Khan" } });
    fireEvent.change(screen.getByLabelText(/Their title/), { target: { value: "CEO" } });
    fireEvent.click(screen.getByRole("button", { name: "File the return" }));
    await waitFor(() => expect(calls.filter((c) => c.method === "PUT")).toHaveLength(1));
    const put = calls.find((c) => c.method === "PUT")!;
    expect(put.headers["if-match"]).toBe('"0"');
    expect(put.body).toMatchObject({ kpis: { peakMw: 12 }, complaints: 0, safeguardsMet: true, attestation: { name: "Ayesha Khan", title: "CEO" } });
    expect(await screen.findByText(/1 compliance case\(s\) opened/)).toBeTruthy();
  });
});
