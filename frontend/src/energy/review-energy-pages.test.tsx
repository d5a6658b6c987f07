import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { mockFetch, signInAs } from "../test-support.tsx";
import { CurtailmentPage, CurtailmentsPage, ReviewLicenceEnergyPage } from "./review-energy-pages.tsx";

const header = {
  curtailmentId: "c1",
  region: "KE",
  startsAt: "2026-04-02T10:00:00Z",
  endsAt: "2026-04-02T14:00:00Z",
  reductionPercent: 40,
  reason: "Evening peak",
  status: "ENDED",
  declaredAt: "2026-04-01T08:00:00Z",
  declaredBy: "ke-grid-operator",
  targetCount: 2,
  version: 3,
};
const target = (licenceNumber: string, extra: object) => ({
  licenceNumber,
  legalName: "Indus Hash Works",
  approvedMw: 10,
  limitMw: 6,
  acknowledgedAt: null,
  notAcknowledgedBeforeStart: true,
  averageMw: null,
  outcome: "PENDING",
  respondedAt: null,
  caseId: null,
  ...extra,
});

const rowsOf = (table: HTMLElement) => within(table).getAllByRole("row").map((r) => [...r.children].map((c) => c.textContent));

beforeEach(() => signInAs("reviewer-1", "reviewer"));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("reviewer energy views", () => {
  it("shows a licence's utilisation month by month", async () => {
    const N = "PCC-AIDC-2026-000002";
    mockFetch({
      [`GET /api/licences/${N}/energy`]: { body: { items: [{ period: "2026-01", allowedMw: 20, peakMw: 4, energyMwh: 2000, loadFactor: 0.1344, status: "UNDERUSE" }] } },
    });
    render(<ReviewLicenceEnergyPage params={{ licenceNumber: N }} />);
    const table = await screen.findByRole("table", { name: `Utilisation of ${N} per month` });
    expect(rowsOf(table)[1]).toEqual(["Jan 2026", "20", "4", "2,000", "13.4 %", "underuse"]);
  });

  it("lists curtailments and filters them by region and status", async () => {
    const { calls } = mockFetch({
      "GET /api/curtailments": { body: { items: [header], nextCursor: null } },
    });
    render(<CurtailmentsPage />);
    const table = await screen.findByRole("table", { name: "Curtailments" });
    expect(rowsOf(table)[1]).toEqual(["2 Apr 2026, 10:00 UTC to 2 Apr 2026, 14:00 UTC", "KE", "40 %", "2", "ended"]);
    expect(within(table).getByRole("link").getAttribute("href")).toBe("/review/curtailments/c1");
    fireEvent.change(screen.getByLabelText("Region"), { target: { value: "KE" } });
    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "ENDED" } });
    await waitFor(() => expect(calls.at(-1)?.path).toBe("/api/curtailments?region=KE&status=ENDED&limit=50"));
  });

  it("shows one curtailment with each target's acknowledgement, average MW and outcome", async () => {
    mockFetch({
      "GET /api/curtailments/c1": {
        body: {
          ...header,
          targets: [
            target("PCC-BTC-2026-000001", { acknowledgedAt: "2026-04-01T09:30:00Z", notAcknowledgedBeforeStart: false, averageMw: 5.5, outcome: "COMPLIED", respondedAt: "2026-04-03T00:00:00Z" }),
            target("PCC-BTC-2026-000003", { averageMw: 9, outcome: "FAILED", caseId: "case-9" }),
          ],
        },
      },
    });
    render(<CurtailmentPage params={{ id: "c1" }} />);
    expect(await screen.findByRole("heading", { name: "Curtailment in KE, 2 Apr 2026, 10:00 UTC" })).toBeTruthy();
    expect(rowsOf(screen.getByRole("table", { name: "Targeted licences" }))).toEqual([
      ["Licence", "Licensee", "Approved MW", "Limit MW", "Acknowledged", "Average MW", "Outcome"],
      ["PCC-BTC-2026-000001", "Indus Hash Works", "10", "6", "1 Apr 2026, 09:30 UTC", "5.5", "complied"],
      ["PCC-BTC-2026-000003", "Indus Hash Works", "10", "6", "Not yetNot acknowledged before the start", "9", "failedCase case-9"],
    ]);
    expect(screen.getByText("Reason: Evening peak")).toBeTruthy();
  });

  it("says so when the curtailment is not found", async () => {
    mockFetch({ "GET /api/curtailments/nope": { status: 404, body: { title: "Not found", status: 404 } } });
    render(<CurtailmentPage params={{ id: "nope" }} />);
    expect((await screen.findByRole("alert")).textContent).toContain("Not found");
  });
});
