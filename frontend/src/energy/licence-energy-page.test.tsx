import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { mockFetch, signInAs } from "../test-support.tsx";
import { LicenceEnergyPage } from "./licence-energy-page.tsx";

const N = "PCC-BTC-2026-000001";
const months = {
  items: [
    { period: "2026-01", allowedMw: 10, peakMw: 9.5, energyMwh: 6324, loadFactor: 0.85, status: "OK" },
    { period: "2026-02", allowedMw: 8, peakMw: 9, energyMwh: 1000, loadFactor: 0.1488, status: "OVERDRAW" },
    { period: "2026-03", allowedMw: 8, peakMw: null, energyMwh: null, loadFactor: null, status: "MISSING" },
  ],
};
const event = (id: string, status: string, acknowledgedAt: string | null) => ({
  curtailmentId: id,
  region: "KE",
  startsAt: "2026-04-02T10:00:00Z",
  endsAt: "2026-04-02T14:00:00Z",
  reductionPercent: 40,
  reason: "Evening peak",
  status,
  declaredAt: "2026-04-01T08:00:00Z",
  version: 1,
  licenceNumber: N,
  legalName: "Indus Hash Works",
  approvedMw: 10,
  limitMw: 6,
  acknowledgedAt,
  notAcknowledgedBeforeStart: false,
  averageMw: null,
  outcome: "PENDING",
  respondedAt: null,
  caseId: null,
});

const rowsOf = (table: HTMLElement) => within(table).getAllByRole("row").map((r) => [...r.children].map((c) => c.textContent));

beforeEach(() => signInAs("applicant-a", "applicant"));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("the licensee's energy page", () => {
  it("lists the licence's months with allowed and peak MW, MWh, load factor and status", async () => {
    mockFetch({
      [`GET /api/licences/${N}/energy`]: { body: months },
      [`GET /api/licences/${N}/curtailments`]: { body: { items: [], nextCursor: null } },
    });
    render(<LicenceEnergyPage params={{ licenceNumber: N }} />);
    const table = await screen.findByRole("table", { name: `Energy use of ${N} per month` });
    expect(rowsOf(table)).toEqual([
      ["Month", "Allowed MW", "Peak MW", "Energy MWh", "Load factor", "Status"],
      ["Jan 2026", "10", "9.5", "6,324", "85 %", "ok"],
      ["Feb 2026", "8", "9", "1,000", "14.9 %", "overdraw"],
      ["Mar 2026", "8", "—", "—", "—", "missing"],
    ]);
    expect(await screen.findByText("No curtailment has targeted this licence.")).toBeTruthy();
    expect(screen.getByRole("link", { name: `← My licence ${N}` }).getAttribute("href")).toBe(`/licences/${N}`);
  });

  it("acknowledges a curtailment for this licence and shows when", async () => {
    const { calls } = mockFetch({
      [`GET /api/licences/${N}/energy`]: { body: { items: [] } },
      [`GET /api/licences/${N}/curtailments`]: { body: { items: [event("c-up", "UPCOMING", null), event("c-old", "ENDED", null)], nextCursor: null } },
      "POST /api/curtailments/c-up/ack": { body: event("c-up", "UPCOMING", "2026-04-01T09:30:00Z") },
    });
    render(<LicenceEnergyPage params={{ licenceNumber: N }} />);
    // Only the event that has not ended can still be acknowledged.
    const buttons = await screen.findAllByRole("button", { name: /^Acknowledge/ });
    expect(buttons).toHaveLength(1);
    fireEvent.click(buttons[0]);
    expect((await screen.findByRole("status")).textContent).toContain("acknowledged");
    const ack = calls.find((c) => c.method === "POST")!;
    expect(ack.body).toEqual({ licenceNumber: N });
    expect(ack.headers["idempotency-key"]).toBeTruthy();
    const rows = rowsOf(screen.getByRole("table", { name: `Curtailments of ${N}` }));
    expect(rows[1][4]).toBe("1 Apr 2026, 09:30 UTC");
    expect(rows[2][4]).toBe("Never");
    expect(screen.queryAllByRole("button", { name: /^Acknowledge/ })).toHaveLength(0);
  });

  it("shows a refused acknowledgement (the event ended meanwhile) and keeps the button", async () => {
    mockFetch({
      [`GET /api/licences/${N}/energy`]: { body: { items: [] } },
      [`GET /api/licences/${N}/curtailments`]: { body: { items: [event("c-up", "IN_PROGRESS", null)], nextCursor: null } },
      "POST /api/curtailments/c-up/ack": { status: 409, body: { title: "Conflicts with the current state", status: 409, detail: "The curtailment has ended; it can no longer be acknowledged." } },
    });
    render(<LicenceEnergyPage params={{ licenceNumber: N }} />);
    fireEvent.click(await screen.findByRole("button", { name: /^Acknowledge/ }));
    expect((await screen.findByRole("alert")).textContent).toContain("can no longer be acknowledged");
    await waitFor(() => expect(screen.getByRole("button", { name: /^Acknowledge/ }).hasAttribute("disabled")).toBe(false));
  });
});
