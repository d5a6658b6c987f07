import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mockFetch, signInAs } from "../test-support.tsx";
import { RoundsPage } from "./rounds-page.tsx";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const line = (region: string, monthlyAvailability?: number[]) => ({ region, category: "BITCOIN_MINING", mw: 100, maxPerApplicantMw: 20, minRequestMw: 1, approvedMw: 0, remainingMw: 100, monthlyAvailability });

describe("allocation rounds (admin)", () => {
  it("shows each line's availability profile, a flat one in words", async () => {
    signInAs("admin", "admin");
    mockFetch({
      "GET /api/allocations": {
        body: {
          items: [{ roundId: "r1", name: "Phase 1", effectiveFrom: "2025-07-01", effectiveTo: "2027-06-30", tariffUsdCentsPerKwh: 5, publishedAt: "2025-06-01T00:00:00Z", version: 1, lines: [line("KE", [1, 1, 0.8, 0.5, 0.3, 0.2, 0.2, 0.2, 0.4, 0.6, 1, 1]), line("HESCO", Array(12).fill(1)), line("SEPCO")] }],
          nextCursor: null,
        },
      },
    });
    render(<RoundsPage />);
    const table = await screen.findByRole("region", { name: "Phase 1 lines" });
    const cells = within(table).getAllByRole("row").slice(1).map((r) => [...r.children].at(-1)?.textContent);
    expect(cells).toEqual(["1, 1, 0.8, 0.5, 0.3, 0.2, 0.2, 0.2, 0.4, 0.6, 1, 1", "all of it every month", "all of it every month"]);
  });
});
