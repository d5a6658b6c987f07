import { createRequire } from "node:module";
import type { Page } from "playwright-core";

// What every page of the browser tests is held to, in one place.

const require = createRequire(import.meta.url);

/** The WCAG 2.1 A and AA rules of axe-core, the checker most accessibility audits start from. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * Every main page: axe-core's WCAG 2.1 A/AA rules (each violation named with the elements it hit),
 * and the house rules axe does not make: exactly one h1, the four landmarks, a page language, every
 * form control and image named, no duplicate ids.
 */
export async function a11yProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  const violations = await page.evaluate(async (tags) => {
    const result = await (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown[] }[] }[] }> } }).axe.run(document, {
      runOnly: { type: "tag", values: tags },
    });
    return result.violations.map((v) => `axe ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }, AXE_TAGS);
  return [...violations, ...(await houseRuleProblems(page))];
}

async function houseRuleProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    if (!document.documentElement.lang) problems.push("html has no lang");
    if (document.querySelectorAll("h1").length !== 1) problems.push(`${document.querySelectorAll("h1").length} h1 elements`);
    for (const landmark of ["header", "main", "footer", "nav"]) if (!document.querySelector(landmark)) problems.push(`no <${landmark}>`);
    for (const el of document.querySelectorAll<HTMLInputElement>("input, select, textarea")) {
      const named = (el.labels?.length ?? 0) > 0 || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby");
      if (!named) problems.push(`unlabelled ${el.tagName.toLowerCase()} ${el.name || el.id}`);
    }
    for (const el of document.querySelectorAll("button, a[href]")) {
      if (!(el.textContent ?? "").trim() && !el.getAttribute("aria-label")) problems.push(`nameless ${el.tagName.toLowerCase()}`);
    }
    for (const svg of document.querySelectorAll('svg[role="img"]')) if (!svg.getAttribute("aria-labelledby") && !svg.getAttribute("aria-label")) problems.push("unnamed chart");
    const ids = [...document.querySelectorAll("[id]")].map((e) => e.id);
    for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) problems.push(`duplicate id ${id}`);
    return problems;
  });
}

