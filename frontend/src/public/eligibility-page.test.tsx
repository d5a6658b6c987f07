import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mockFetch } from "../test-support.tsx";
import { EligibilityPage } from "./eligibility-page.tsx";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function fill(mw: string) {
  fireEvent.change(screen.getByLabelText("Category"), { target: { value: "AI_DATA_CENTRE" } });
  fireEvent.change(screen.getByLabelText("Grid region"), { target: { value: "LESCO" } });
  fireEvent.change(screen.getByLabelText(/Requested MW/), { target: { value: mw } });
  fireEvent.change(screen.getByLabelText("Start date"), { target: { value: "2027-03-01" } });
}

describe("eligibility checker", () => {
  it("shows every reason and the remaining MW in a live region", async () => {
    const { calls } = mockFetch({
      "POST /api/eligibility": {
        body: { eligible: false, reasons: ["requests on this line must be at least 5 MW", "only 3.5 MW remain on this line"], remainingMw: 3.5, roundId: "r1" },
      },
    });
    render(<EligibilityPage />);
    fill("4");
    fireEvent.click(screen.getByRole("button", { name: "Check" }));
    const verdict = await screen.findByText("Not eligible");
    const live = verdict.closest("[aria-live]")!;
    expect(live.getAttribute("aria-live")).toBe("polite");
    expect(within(live as HTMLElement).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "requests on this line must be at least 5 MW",
      "only 3.5 MW remain on this line",
    ]);
    expect(live.textContent).toContain("3.5 MW remaining");
    expect(calls[0].body).toEqual({ category: "AI_DATA_CENTRE", region: "LESCO", requestedMw: 4, startDate: "2027-03-01" });
    expect(calls[0].headers["idempotency-key"]).toBeUndefined();
  });

  it("refuses more than 3 decimals before asking", () => {
    const { fetchMock } = mockFetch({});
    render(<EligibilityPage />);
    fill("1.2345");
    fireEvent.click(screen.getByRole("button", { name: "Check" }));
    expect(document.getElementById("elig-requestedMw-error")?.textContent).toContain("at most 3 decimals");
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
