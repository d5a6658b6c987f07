import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { BarChart } from "./bar-chart.tsx";

afterEach(cleanup);

describe("allocation bar chart", () => {
  it("is one named image with a text description, and the same numbers in a table", () => {
    render(
      <BarChart
        id="c1"
        title="Phase 1, Bitcoin mining: MW per region"
        rows={[
          { key: "KE", label: "KE", total: 100, approved: 7.5, remaining: 92.5 },
          { key: "LESCO", label: "LESCO", total: 50, approved: 0, remaining: 50 },
        ]}
      />,
    );
    const img = screen.getByRole("img");
    expect(img.getAttribute("aria-labelledby")).toBe("c1-title c1-desc");
    expect(document.getElementById("c1-desc")?.textContent).toBe("KE: 7.5 of 100 MW approved, 92.5 remaining; LESCO: 0 of 50 MW approved, 50 remaining");
    const table = screen.getByRole("table");
    const rows = within(table).getAllByRole("row").map((r) => r.textContent);
    expect(rows).toEqual(["RegionTotal MWApproved MWRemaining MW", "KE1007.592.5", "LESCO50050"]);
    // Bars are proportional to the largest line.
    const approved = img.querySelectorAll(".bar-approved");
    const totals = img.querySelectorAll(".bar-total");
    expect(Number(totals[1].getAttribute("width"))).toBeCloseTo(Number(totals[0].getAttribute("width")) / 2, 5);
    expect(Number(approved[0].getAttribute("width"))).toBeCloseTo(Number(totals[0].getAttribute("width")) * 0.075, 5);
  });
});
