import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RESULTS_DOC_END, RESULTS_DOC_START, renderResults, spliceResults, type BenchResults } from "../../bench/lib/results-doc.ts";

// The latest bench table is generated into README.md and docs/performance.md between markers.

const run: BenchResults = {
  at: "2026-11-25T18:00:00.000Z",
  machine: { cpus: 2, cpu: "Test CPU", memoryGb: 24, node: "v20.20.2", os: "linux 6", seconds: 190, only: null },
  figures: [
    { name: "bundle a", value: 140, unit: "KB", budget: "<= 250 KB", ok: true },
    { name: "latency b p50", value: 9.5, unit: "ms", floor: 2, ratio: 4.75, budget: "ratio <= 2", ok: false },
  ],
  details: ["b: how it came about"],
};

describe("bench results in the docs", () => {
  it("renders the run's table, its misses and its details between the markers", () => {
    const block = renderResults(run);
    expect(block.startsWith(RESULTS_DOC_START)).toBe(true);
    expect(block.endsWith(RESULTS_DOC_END)).toBe(true);
    expect(block).toContain("1 of 2 figures miss their budget; 190 s on 2 x Test CPU, Node v20.20.2.");
    expect(block).toContain("| latency b p50 | 9.5 | ms | 2 | 4.75x | ratio <= 2 | **NO** |");
    expect(block).toContain("- b: how it came about");
  });

  it("replaces only the block, and again on the next run", () => {
    const doc = `intro\n${RESULTS_DOC_START}\nold table\n${RESULTS_DOC_END}\noutro\n`;
    const once = spliceResults(doc, run);
    expect(once.startsWith("intro\n")).toBe(true);
    expect(once.endsWith("\noutro\n")).toBe(true);
    expect(once).not.toContain("old table");
    expect(spliceResults(once, run)).toBe(once);
  });

  it("refuses a partial run (--only) and a document without the markers", () => {
    expect(() => renderResults({ ...run, machine: { ...run.machine, only: ["latency"] } })).toThrow(/partial run/);
    expect(() => spliceResults("no markers here", run)).toThrow(/markers/);
  });

  it("has its markers in README.md and docs/performance.md", () => {
    for (const file of ["README.md", "docs/performance.md"]) {
      const text = readFileSync(new URL(`../../${file}`, import.meta.url), "utf8");
      expect(text.indexOf(RESULTS_DOC_START), file).toBeGreaterThan(-1);
      expect(text.indexOf(RESULTS_DOC_END), file).toBeGreaterThan(text.indexOf(RESULTS_DOC_START));
    }
  });
});
