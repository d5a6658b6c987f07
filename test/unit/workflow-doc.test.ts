import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderWorkflowDoc, spliceWorkflowDoc } from "../../lambdas/domain/workflow-doc.ts";
import { APPLICATION_WORKFLOW, LICENCE_WORKFLOW } from "../../lambdas/domain/workflow.ts";

describe("README workflow section", () => {
  it("is exactly what the workflow table renders (run `npm run docs:workflow` after changing the table)", () => {
    const readme = readFileSync("README.md", "utf8");
    expect(spliceWorkflowDoc(readme)).toBe(readme);
  });

  it("has one row per transition", () => {
    const rows = renderWorkflowDoc().split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| from") && !l.startsWith("| ---"));
    expect(rows).toHaveLength(APPLICATION_WORKFLOW.length + LICENCE_WORKFLOW.length);
  });
});
