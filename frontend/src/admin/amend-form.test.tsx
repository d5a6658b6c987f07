import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mockFetch, signInAs } from "../test-support.tsx";
import type { RoundView } from "../../../lambdas/schemas/allocations.ts";
import type { WithAvailability } from "../energy/types.ts";
import { AmendForm } from "./amend-form.tsx";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const winter = [1, 1, 0.8, 0.5, 0.3, 0.2, 0.2, 0.2, 0.4, 0.6, 1, 1];
const round: RoundView & { lines: WithAvailability<RoundView["lines"][number]>[] } = {
  roundId: "r1",
  name: "Phase 1",
  effectiveFrom: "2025-07-01",
  effectiveTo: "2027-06-30",
  tariffUsdCentsPerKwh: 5,
  publishedAt: "2025-06-01T00:00:00Z",
  version: 1,
  lines: [
    { region: "KE", category: "BITCOIN_MINING", mw: 100, maxPerApplicantMw: 20, minRequestMw: 1, approvedMw: 10, remainingMw: 90, monthlyAvailability: winter },
    { region: "HESCO", category: "AI_DATA_CENTRE", mw: 50, maxPerApplicantMw: 20, minRequestMw: 1, approvedMw: 0, remainingMw: 50, monthlyAvailability: Array(12).fill(1) },
  ],
};
const set = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const errorText = (id: string) => document.getElementById(`amend-r1-${id}-error`)?.textContent ?? "";

describe("amending a round line", () => {
  it("sends no profile unless asked, as the amendment schema has it", async () => {
    signInAs("admin", "admin");
    const { calls } = mockFetch({ "POST /api/allocations/r1/amendments": { body: round } });
    render(<AmendForm round={round} onAmended={() => {}} />);
    set("Line", "KE/BITCOIN_MINING");
    set("Change in MW", "5");
    set("Reason", "More surplus");
    expect(screen.queryByLabelText("January")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Amend the line" }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0].body).toEqual({ region: "KE", category: "BITCOIN_MINING", deltaMw: 5, reason: "More surplus" });
  });

  it("starts a new profile from the chosen line's own and sends it with the amendment", async () => {
    signInAs("admin", "admin");
    const onAmended = vi.fn();
    const { calls } = mockFetch({ "POST /api/allocations/r1/amendments": { body: round } });
    render(<AmendForm round={round} onAmended={onAmended} />);
    set("Line", "KE/BITCOIN_MINING");
    fireEvent.click(screen.getByLabelText("Also change the monthly availability"));
    expect((screen.getByLabelText("June") as HTMLInputElement).value).toBe("0.2");
    set("June", "0.35");
    set("Change in MW", "-5");
    set("Reason", "Summer demand");
    fireEvent.click(screen.getByRole("button", { name: "Amend the line" }));
    await waitFor(() => expect(onAmended).toHaveBeenCalled());
    expect(calls[0].body).toEqual({ region: "KE", category: "BITCOIN_MINING", deltaMw: -5, reason: "Summer demand", monthlyAvailability: [1, 1, 0.8, 0.5, 0.3, 0.35, 0.2, 0.2, 0.4, 0.6, 1, 1] });
  });

  it("offers all ones for a line without a profile and names a bad month", () => {
    signInAs("admin", "admin");
    const { fetchMock } = mockFetch({});
    render(<AmendForm round={round} onAmended={() => {}} />);
    set("Line", "HESCO/AI_DATA_CENTRE");
    fireEvent.click(screen.getByLabelText("Also change the monthly availability"));
    expect((screen.getByLabelText("October") as HTMLInputElement).value).toBe("1");
    set("October", "two");
    fireEvent.click(screen.getByRole("button", { name: "Amend the line" }));
    expect(errorText("monthlyAvailability-9")).toContain("must be a number");
    // A profile alone is an amendment (deltaMw may be left out): only the bad month is named.
    expect(errorText("deltaMw")).toBe("");
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
