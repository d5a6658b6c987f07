import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mockFetch, signInAs } from "../test-support.tsx";
import { PublishRoundPage } from "./publish-round-page.tsx";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const set = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const errorText = (id: string) => document.getElementById(`round-${id}-error`)?.textContent ?? "";

function fillRound() {
  set("Name", "Phase 2");
  set("Effective from", "2028-01-01");
  set("Effective to", "2028-12-31");
  set("Tariff (US cents/kWh)", "7.5");
  set("Region", "HESCO");
  set("Category", "AI_DATA_CENTRE");
  set("MW", "30");
  set("Max per applicant (MW)", "10");
  set("Min request (MW)", "1");
}

describe("publishing a round", () => {
  it("applies the schema's cross-field rules next to the fields they name", () => {
    signInAs("admin", "admin");
    const { fetchMock } = mockFetch({});
    render(<PublishRoundPage />);
    fillRound();
    set("Effective to", "2027-12-31");
    set("Max per applicant (MW)", "40");
    fireEvent.click(screen.getByRole("button", { name: "Publish the round" }));
    expect(errorText("effectiveTo")).toContain("must be on or after effectiveFrom");
    expect(errorText("lines-0-maxPerApplicantMw")).toContain("must not exceed the line's mw");
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("flags a (region, category) listed twice on the line", () => {
    signInAs("admin", "admin");
    mockFetch({});
    render(<PublishRoundPage />);
    fillRound();
    fireEvent.click(screen.getByRole("button", { name: "Add a line" }));
    fireEvent.change(document.getElementById("round-lines-1-region")!, { target: { value: "HESCO" } });
    fireEvent.change(document.getElementById("round-lines-1-category")!, { target: { value: "AI_DATA_CENTRE" } });
    fireEvent.change(document.getElementById("round-lines-1-mw")!, { target: { value: "5" } });
    fireEvent.change(document.getElementById("round-lines-1-maxPerApplicantMw")!, { target: { value: "5" } });
    fireEvent.change(document.getElementById("round-lines-1-minRequestMw")!, { target: { value: "1" } });
    fireEvent.click(screen.getByRole("button", { name: "Publish the round" }));
    expect(document.getElementById("round-lines-1")?.textContent).toContain("HESCO/AI_DATA_CENTRE appears twice");
  });

  it("posts the round and shows an overlap refusal (409) as a page alert", async () => {
    signInAs("admin", "admin");
    const { calls } = mockFetch({
      "POST /api/allocations": {
        status: 409,
        body: { title: "Conflicts with the current state", status: 409, detail: "Round r1 already covers HESCO / AI_DATA_CENTRE on 2028-01-01." },
      },
    });
    render(<PublishRoundPage />);
    fillRound();
    fireEvent.click(screen.getByRole("button", { name: "Publish the round" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Round r1 already covers HESCO / AI_DATA_CENTRE");
    expect(calls[0].body).toEqual({
      name: "Phase 2",
      effectiveFrom: "2028-01-01",
      effectiveTo: "2028-12-31",
      tariffUsdCentsPerKwh: 7.5,
      // Every month at 1 is the API's default: the line goes without a profile.
      lines: [{ region: "HESCO", category: "AI_DATA_CENTRE", mw: 30, maxPerApplicantMw: 10, minRequestMw: 1 }],
    });
    await waitFor(() => expect(screen.getByRole("button", { name: "Publish the round" }).hasAttribute("disabled")).toBe(false));
  });

  it("sends each line's 12-month availability profile, January first", async () => {
    signInAs("admin", "admin");
    const { calls } = mockFetch({ "POST /api/allocations": { status: 201, body: { roundId: "r2", name: "Phase 2", lines: [] } } });
    render(<PublishRoundPage />);
    fillRound();
    const profile = [1, 1, 0.9, 0.6, 0.3, 0.2, 0.2, 0.25, 0.4, 0.7, 1, 1];
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"].forEach((month, m) => {
      const input = screen.getByLabelText(month) as HTMLInputElement;
      expect(input.value).toBe("1");
      fireEvent.change(input, { target: { value: String(profile[m]) } });
    });
    expect(screen.getByRole("group", { name: "Line 1: monthly availability" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Publish the round" }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect((calls[0].body as { lines: { monthlyAvailability: number[] }[] }).lines[0].monthlyAvailability).toEqual(profile);
  });

  it("names each bad month of the profile next to its input, with the other fields' errors, and sends nothing", () => {
    signInAs("admin", "admin");
    const { fetchMock } = mockFetch({});
    render(<PublishRoundPage />);
    fillRound();
    set("Max per applicant (MW)", "40");
    set("March", "1.5");
    set("August", "");
    set("December", "-0.1");
    fireEvent.click(screen.getByRole("button", { name: "Publish the round" }));
    expect(errorText("lines-0-monthlyAvailability-2")).toContain("at most 1");
    expect(errorText("lines-0-monthlyAvailability-7")).toContain("required");
    expect(errorText("lines-0-monthlyAvailability-11")).toContain("at least 0");
    expect(errorText("lines-0-maxPerApplicantMw")).toContain("must not exceed the line's mw");
    expect(screen.getByLabelText("March").getAttribute("aria-invalid")).toBe("true");
    // The summary links to the month by its label.
    expect(screen.getByRole("link", { name: "March: at most 1" })).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("shows the server's errors on a month by the path it names", async () => {
    signInAs("admin", "admin");
    mockFetch({
      "POST /api/allocations": {
        status: 400,
        body: { title: "Invalid request", status: 400, errors: [{ path: "lines.0.monthlyAvailability.5", message: "at most 1" }] },
      },
    });
    render(<PublishRoundPage />);
    fillRound();
    fireEvent.click(screen.getByRole("button", { name: "Publish the round" }));
    await waitFor(() => expect(errorText("lines-0-monthlyAvailability-5")).toContain("at most 1"));
  });
});
