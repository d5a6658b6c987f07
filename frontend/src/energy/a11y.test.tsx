import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import axe from "axe-core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AmendForm } from "../admin/amend-form.tsx";
import { PublishRoundPage } from "../admin/publish-round-page.tsx";
import { mockFetch, signInAs } from "../test-support.tsx";
import { LicenceEnergyPage } from "./licence-energy-page.tsx";
import { CurtailmentPage, CurtailmentsPage } from "./review-energy-pages.tsx";
import { UsagePage } from "./usage-page.tsx";

// axe-core's WCAG 2.1 A/AA rules on the energy pages' markup (labels, table headers, names of images,
// duplicate ids, ARIA). Colour contrast needs a real layout engine: the browser test checks it.

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function violations(container: HTMLElement): Promise<string[]> {
  const result = await axe.run(container, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    rules: { "color-contrast": { enabled: false } },
  });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

const N = "PCC-BTC-2026-000001";
const header = {
  curtailmentId: "c1",
  region: "KE",
  startsAt: "2026-04-02T10:00:00Z",
  endsAt: "2026-04-02T14:00:00Z",
  reductionPercent: 40,
  reason: "Evening peak",
  status: "UPCOMING",
  declaredAt: "2026-04-01T08:00:00Z",
  declaredBy: "ke-grid-operator",
  targetCount: 1,
  version: 1,
};
const target = { licenceNumber: N, legalName: "Indus Hash Works", approvedMw: 10, limitMw: 6, acknowledgedAt: null, notAcknowledgedBeforeStart: false, averageMw: null, outcome: "PENDING", respondedAt: null, caseId: null };
const round = { roundId: "r1", name: "Phase 1", effectiveFrom: "2025-07-01", effectiveTo: "2027-06-30", tariffUsdCentsPerKwh: 5, publishedAt: "2025-06-01T00:00:00Z", version: 1, lines: [] };

describe("energy pages under axe-core", () => {
  it("finds what it should: an unlabelled input (so a clean result below means something)", async () => {
    const { container } = render(<input />);
    expect(await violations(container)).toEqual([expect.stringMatching(/^label: input/)]);
  });

  it("public usage: map, chart and their tables", async () => {
    mockFetch({
      "GET /api/allocations": { body: { items: [round], nextCursor: null } },
      "GET /api/energy/usage?roundId=r1": {
        body: {
          items: [
            { region: "KE", category: "BITCOIN_MINING", period: "2026-01", offeredMw: 10, approvedMw: 5, meteredMwh: 1000, utilisation: 0.27 },
            { region: "KE", category: "BITCOIN_MINING", period: "2026-02", offeredMw: 8, approvedMw: 5, meteredMwh: 0, utilisation: 0 },
          ],
        },
      },
    });
    const { container } = render(<UsagePage />);
    await screen.findByText("By month, all regions");
    expect(await violations(container)).toEqual([]);
  });

  it("the licensee's energy page with a curtailment to acknowledge", async () => {
    signInAs("applicant-a", "applicant");
    mockFetch({
      [`GET /api/licences/${N}/energy`]: { body: { items: [{ period: "2026-01", allowedMw: 10, peakMw: 9, energyMwh: 5000, loadFactor: 0.67, status: "OK" }] } },
      [`GET /api/licences/${N}/curtailments`]: { body: { items: [{ ...header, ...target }], nextCursor: null } },
    });
    const { container } = render(<LicenceEnergyPage params={{ licenceNumber: N }} />);
    await screen.findByRole("button", { name: /^Acknowledge/ });
    expect(await violations(container)).toEqual([]);
  });

  it("the reviewer's curtailment list and detail", async () => {
    signInAs("reviewer-1", "reviewer");
    mockFetch({ "GET /api/curtailments": { body: { items: [header], nextCursor: null } }, "GET /api/curtailments/c1": { body: { ...header, targets: [target] } } });
    const list = render(<CurtailmentsPage />);
    await screen.findByRole("table", { name: "Curtailments" });
    expect(await violations(list.container)).toEqual([]);
    cleanup();
    const detail = render(<CurtailmentPage params={{ id: "c1" }} />);
    await screen.findByRole("table", { name: "Targeted licences" });
    expect(await violations(detail.container)).toEqual([]);
  });

  it("the availability profile on publishing and amending, with errors shown", async () => {
    signInAs("admin", "admin");
    mockFetch({});
    const publish = render(<PublishRoundPage />);
    fireEvent.change(screen.getByLabelText("March"), { target: { value: "2" } });
    fireEvent.click(screen.getByRole("button", { name: "Publish the round" }));
    await screen.findByRole("alert");
    expect(await violations(publish.container)).toEqual([]);
    cleanup();
    const amend = render(<AmendForm round={{ ...round, lines: [{ region: "KE", category: "BITCOIN_MINING", mw: 10, maxPerApplicantMw: 5, minRequestMw: 1, approvedMw: 0, remainingMw: 10, monthlyAvailability: Array(12).fill(1) }] }} onAmended={() => {}} />);
    fireEvent.click(screen.getByLabelText("Also change the monthly availability"));
    expect(await violations(amend.container)).toEqual([]);
  });
});
