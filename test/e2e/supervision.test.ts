import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../support/browser.ts";
import { a11yProblems } from "./a11y.ts";
import { buildWebApp, startApp, type RunningApp } from "./web-server.ts";

// Supervision in real Chromium against `npm start` and its demo seed: the miner's licensee files a
// late return, the dev clock moves a month on and the late-returns job marks the next one LATE; a
// reviewer accepts the return and resolves a case from the supervision queue; near the end of the
// term (the dev clock again) the licensee asks for an extension, a reviewer approves it, the licensee
// files an early exit report and a reviewer graduates the licence, which the public register shows.
// Every page passes axe-core's WCAG 2.1 A/AA rules.

let app: RunningApp;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
let licenceNumber = "";

async function post(path: string, body: unknown, token?: string): Promise<any> {
  const res = await fetch(`${app.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
  return res.json();
}

async function get(path: string, token?: string): Promise<any> {
  const res = await fetch(`${app.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  expect(res.status, path).toBe(200);
  return res.json();
}

const tokenOf = async (sub: string, groups: string[]) => (await post("/api/dev/token", { sub, groups })).access_token as string;

async function signedIn(persona: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(`${app.url}/sign-in`);
  await page.getByRole("button", { name: persona }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  return page;
}

async function accessible(page: Page, what: string): Promise<void> {
  expect(await a11yProblems(page), what).toEqual([]);
}

/** A queue row's action panel (a <details>) opened, its reason given and its button pressed. */
async function decide(row: Locator, action: string, reason: string): Promise<void> {
  const panel = row.locator("details", { has: row.page().locator("summary", { hasText: new RegExp(`^${action}$`) }) });
  await panel.locator("summary").click();
  await panel.getByLabel("Reason").fill(reason);
  await panel.getByRole("button", { name: action }).click();
}

beforeAll(async () => {
  await buildWebApp();
  app = await startApp();
  browser = await launchBrowser();
  const register = await get("/api/register");
  licenceNumber = (register.items as { licenceNumber: string }[]).map((l) => l.licenceNumber).find((n) => n.startsWith("PCC-BTC-"))!;
  expect(licenceNumber).toBeTruthy();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await app?.stop();
});

describe("supervision in the web app, end to end", () => {
  let latePeriod = "";

  it("shows the licensee its returns (filed and late) and its cases, and files a late return", async () => {
    const page = await signedIn("Applicant A (a mining firm)");
    await page.goto(`${app.url}/licences/${licenceNumber}`);
    await page.getByRole("heading", { level: 1, name: `My licence ${licenceNumber}` }).waitFor();
    const returns = page.getByRole("region", { name: "Returns" });
    await returns.locator("tbody tr").first().waitFor();
    const statuses = await returns.locator("tbody tr td:nth-child(3)").allInnerTexts();
    expect(statuses.some((s) => s.includes("FILED"))).toBe(true);
    expect(statuses.some((s) => s.includes("LATE"))).toBe(true);
    await expect.poll(() => page.getByRole("region", { name: "Compliance cases" }).locator("li").count()).toBeGreaterThan(0);
    await accessible(page, "my licence");

    const lateRow = returns.locator("tbody tr", { hasText: "LATE" }).first();
    latePeriod = (await lateRow.locator("th").innerText()).trim();
    await lateRow.getByRole("button", { name: `File ${latePeriod}` }).click();
    await page.getByLabel(/Energy used/).fill("9100");
    await page.getByLabel(/Peak demand/).fill("15");
    await page.getByLabel("Complaints received").fill("0");
    await page.getByLabel("Every safeguard of the licence was met").check();
    await page.getByLabel(/Attested by/).fill("Ayesha Khan");
    await page.getByLabel("Their title").fill("Chief Executive");
    await accessible(page, "return form");
    await page.getByRole("button", { name: "File the return" }).click();
    await page.getByRole("status").filter({ hasText: `The return for ${latePeriod} is filed.` }).waitFor();
    await expect.poll(async () => returns.locator("tbody tr", { hasText: latePeriod }).locator("td:nth-child(3)").innerText()).toContain("FILED");
  });

  it("marks the next return LATE once the dev clock passes its due date and the job runs", async () => {
    const applicant = await tokenOf("applicant-a", ["applicant"]);
    const before = (await get(`/api/licences/${licenceNumber}/returns`, applicant)).items as { period: string; status: string }[];
    await post("/api/dev/clock", { advanceDays: 45 });
    await post("/api/dev/jobs/late-returns", {});
    const after = (await get(`/api/licences/${licenceNumber}/returns`, applicant)).items as { period: string; status: string }[];
    expect(after.filter((r) => r.status === "LATE").length).toBeGreaterThan(before.filter((r) => r.status === "LATE").length);

    const page = await signedIn("Applicant A (a mining firm)");
    await page.goto(`${app.url}/licences/${licenceNumber}`);
    const returns = page.getByRole("region", { name: "Returns" });
    await returns.locator("tbody tr").first().waitFor();
    expect(await returns.locator("tbody tr", { hasText: "LATE" }).count()).toBe(after.filter((r) => r.status === "LATE").length);
  });

  it("lets a reviewer accept the filed return and resolve a case from the supervision queue", async () => {
    const page = await signedIn("Reviewer 1");
    await page.goto(`${app.url}/review/supervision`);
    await page.getByRole("heading", { level: 1, name: "Supervision queue" }).waitFor();
    const queue = page.getByRole("region", { name: "Supervision queue" });
    await queue.locator("tbody tr").first().waitFor();
    await accessible(page, "supervision queue");

    await queue.getByRole("button", { name: `Accept ${latePeriod}` }).click();
    await page.getByRole("status").filter({ hasText: `The return for ${latePeriod} is accepted.` }).waitFor();

    const caseRow = queue.locator("tbody tr", { hasText: /Late return|Limit breach/ }).first();
    await decide(caseRow, "Resolve", "The licensee filed and explained the delay (e2e).");
    await page.getByRole("status").filter({ hasText: "The case is resolved." }).waitFor();

    const applicant = await tokenOf("applicant-a", ["applicant"]);
    const filed = (await get(`/api/licences/${licenceNumber}/returns`, applicant)).items.find((r: { period: string }) => r.period === latePeriod);
    expect(filed.status).toBe("ACCEPTED");
    const cases = (await get(`/api/licences/${licenceNumber}/cases`, applicant)).items as { status: string }[];
    expect(cases.some((c) => c.status === "RESOLVED")).toBe(true);
  });

  it("near the end of the term: an extension asked and approved, an early exit report, graduation on the register", async () => {
    const applicant = await tokenOf("applicant-a", ["applicant"]);
    const licence = await get(`/api/licences/${licenceNumber}`, applicant);
    const expiresAt = Date.parse(licence.expiresAt);
    // Into the last 90 days of the term: the only time an extension may be asked for.
    await post("/api/dev/clock", { now: new Date(expiresAt - 80 * 24 * 60 * 60 * 1000).toISOString() });

    const firm = await signedIn("Applicant A (a mining firm)");
    await firm.goto(`${app.url}/licences/${licenceNumber}`);
    const extension = firm.getByRole("region", { name: "Ask for an extension" });
    await extension.getByLabel("Months").fill("3");
    await extension.getByLabel("Reason").fill("The second winter season completes the test (e2e).");
    await extension.getByRole("button", { name: "Ask for the extension" }).click();
    await firm.getByRole("status").filter({ hasText: "The extension request is with the council." }).waitFor();

    const reviewer = await signedIn("Reviewer 1");
    await reviewer.goto(`${app.url}/review/supervision`);
    const queue = reviewer.getByRole("region", { name: "Supervision queue" });
    await decide(queue.locator("tbody tr", { hasText: "3 more months" }), "Approve", "A second season is in the plan (e2e).");
    await reviewer.getByRole("status").filter({ hasText: "The extension is approved." }).waitFor();
    const extended = await get(`/api/licences/${licenceNumber}`, applicant);
    expect(Date.parse(extended.expiresAt)).toBeGreaterThan(expiresAt);

    await firm.reload();
    const exit = firm.getByRole("region", { name: "Exit report" });
    await exit.getByLabel("The test's outcomes were achieved").check();
    await exit.getByLabel("Summary").fill("Curtailable mining ran two winters within its MW (e2e).");
    await exit.getByLabel("How customers were transitioned").fill("No retail customers; the site moves to a commercial tariff (e2e).");
    await exit.getByLabel("This is an early exit").check();
    await accessible(firm, "my licence near the end");
    await exit.getByRole("button", { name: "File the exit report" }).click();
    await firm.getByRole("status").filter({ hasText: "The exit report is filed" }).waitFor();

    await reviewer.reload();
    await decide(reviewer.getByRole("region", { name: "Supervision queue" }).locator("tbody tr", { hasText: "Curtailable mining ran two winters" }), "Graduated", "Outcomes met; graduates to a full licence (e2e).");
    await reviewer.getByRole("status").filter({ hasText: "The licence is graduated." }).waitFor();

    const visitor = await browser.newContext();
    contexts.push(visitor);
    const publicPage = await visitor.newPage();
    await publicPage.goto(`${app.url}/register/${licenceNumber}`);
    await publicPage.locator(".badge", { hasText: "GRADUATED" }).first().waitFor();
    await accessible(publicPage, "register entry graduated");
  });

  it("raised no uncaught error in any page", () => {
    expect(pageErrors).toEqual([]);
  });
});
