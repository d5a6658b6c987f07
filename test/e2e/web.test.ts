import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "../support/browser.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWebApp, PROJECT_ROOT, startApp, type RunningApp } from "./web-server.ts";
import { a11yProblems } from "./a11y.ts";

// The web app in real Chromium against `npm start`: a firm applies and submits with uploads, a
// reviewer asks for information and approves, the public register and dashboard show the licence
// and its MW, and an auditor reads the events and verifies the downloaded chain offline.

const SCREENSHOTS = join(PROJECT_ROOT, "test-results", "screenshots");
const LEGAL_NAME = "Indus Hashworks (Private) Limited";
const REQUESTED_MW = "7.5";
const REGION = "KE";

// A small but real PDF: the API sniffs the first bytes against the declared type.
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);

let app: RunningApp;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

async function newPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  expect(await a11yProblems(page), name).toEqual([]);
}

async function signIn(page: Page, persona: string): Promise<void> {
  await page.goto(`${app.url}/sign-in`);
  await page.getByRole("button", { name: persona }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

async function statusIs(page: Page, status: string): Promise<void> {
  await page.locator("h1 .badge", { hasText: status }).waitFor();
}

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  await buildWebApp();
  app = await startApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await app?.stop();
});

describe("the web app, end to end", () => {
  let applicationUrl = "";
  let licenceNumber = "";

  it("lets a firm fill in the form step by step, upload every document and submit", async () => {
    const page = await newPage();
    await signIn(page, "Applicant A (a mining firm)");
    await page.getByRole("heading", { name: "My applications" }).waitFor();
    await page.getByRole("link", { name: "Start a new application" }).click();

    // The schemas speak first: nothing filled in means inline messages and a summary, no request.
    await page.getByRole("button", { name: "Save and continue" }).click();
    await page.getByRole("alert").filter({ hasText: "Please correct the highlighted fields" }).waitFor();
    expect(await page.locator("#app-organisation-legalName-error").textContent()).toContain("required");
    await shot(page, "01-applicant-validation");

    await page.getByLabel("What are you applying for?").selectOption("BITCOIN_MINING");
    await page.getByLabel("Legal name").fill(LEGAL_NAME);
    await page.getByLabel("Registration number (SECP incorporation no.)").fill("0123456");
    await page.getByLabel("Tax number (NTN)").fill("NTN-7654321");
    await page.getByLabel("Registered address").fill("Plot 12, Korangi Industrial Area, Karachi");
    await page.getByLabel("Contact e-mail").fill("compliance@hashworks.example");
    await page.getByRole("button", { name: "Save and continue" }).click();

    await page.waitForURL(/\/applications\/[^/]+\/edit\/owners$/);
    applicationUrl = page.url().replace(/\/edit\/owners$/, "");
    await page.getByLabel("Full name").fill("Ayesha Khan");
    await page.getByLabel("National ID or passport number").fill("42101-1234567-1");
    await page.getByLabel("Ownership %").fill("60");
    await page.getByRole("button", { name: "Add another owner" }).click();
    await page.locator("#app-beneficialOwners-1-name").fill("Bilal Ahmed");
    await page.locator("#app-beneficialOwners-1-idNumber").fill("AB1234567");
    await page.locator("#app-beneficialOwners-1-ownershipPercent").fill("40");
    await page.getByText("Ownership adds up to 100 %").waitFor();
    await page.getByRole("button", { name: "Save and continue" }).click();

    await page.waitForURL(/\/edit\/energy$/);
    await page.getByLabel("Grid region").selectOption(REGION);
    await page.getByLabel("Requested MW").fill(REQUESTED_MW);
    await page.getByLabel("Start date").fill("2027-01-15");
    await page.getByRole("complementary", { name: "Eligibility of this request" }).getByText("Eligible", { exact: true }).waitFor();
    await page.getByLabel("The site can curtail its load when the grid asks").check();
    await page.getByRole("button", { name: "Add a machine model" }).click();
    await page.getByLabel("Model", { exact: true }).fill("Antminer S21");
    await page.getByLabel("Count", { exact: true }).fill("1200");
    await page.getByLabel("Efficiency (J/TH)").fill("17.5");
    await page.getByLabel("Cooling").selectOption("HYDRO");
    await shot(page, "02-applicant-energy-step");
    await page.getByRole("button", { name: "Save and continue" }).click();

    await page.waitForURL(/\/edit\/documents$/);
    const inputs = page.locator('input[type="file"]');
    expect(await inputs.count()).toBe(5);
    for (let i = 0; i < 5; i++) {
      await page.locator('input[type="file"]').nth(i).setInputFiles({ name: `document-${i + 1}.pdf`, mimeType: "application/pdf", buffer: PDF });
      await page.locator(".document-row").nth(i).getByText("Verified:").waitFor({ timeout: 30_000 });
    }
    await page.getByText("5 of 5 required documents verified.").waitFor();
    await shot(page, "03-applicant-documents");

    await page.getByRole("link", { name: "Continue" }).click();
    await page.waitForURL(/\/edit\/review$/);
    await page.getByText("Everything required is there.").waitFor();
    await page.getByRole("button", { name: "Submit the application" }).click();
    await page.waitForURL(applicationUrl);
    await statusIs(page, "submitted");
    await page.getByText("Your application was submitted.").waitFor();
    await shot(page, "04-applicant-submitted");
  });

  it("lets a reviewer take it from the queue and ask for information, which the firm answers", async () => {
    const reviewer = await newPage();
    await signIn(reviewer, "Reviewer 1");
    await reviewer.getByRole("heading", { name: "Review queue" }).waitFor();
    const row = reviewer.getByRole("row", { name: new RegExp(LEGAL_NAME.replace(/[()]/g, "\\$&")) });
    await row.waitFor();
    expect(await row.textContent()).toContain("submitted");
    await shot(reviewer, "05-reviewer-queue");
    await row.getByRole("link").click();

    await reviewer.getByRole("button", { name: "Assign to me" }).click();
    await statusIs(reviewer, "under review");
    await reviewer.getByText("Request information").click();
    await reviewer.getByLabel("What do you need from the applicant?").fill("Please confirm the grid interconnection capacity in writing.");
    await reviewer.getByRole("button", { name: "Send the request" }).click();
    await statusIs(reviewer, "info requested");

    const applicant = await newPage({ width: 390, height: 844 });
    await signIn(applicant, "Applicant A (a mining firm)");
    await applicant.goto(applicationUrl);
    await applicant.getByRole("heading", { name: "The council asks for information" }).waitFor();
    await applicant.getByText("Please confirm the grid interconnection capacity in writing.").first().waitFor();
    await shot(applicant, "06-applicant-info-request-phone");
    await applicant.getByLabel("Your answer").fill("K-Electric confirmed 10 MW at the Korangi grid station; letter attached to the feasibility study.");
    await applicant.getByRole("button", { name: "Send the answer" }).click();
    await statusIs(applicant, "under review");
  });

  it("lets the reviewer approve, issuing a licence the firm then sees", async () => {
    const reviewer = await newPage();
    await signIn(reviewer, "Reviewer 1");
    const id = applicationUrl.split("/").pop()!;
    await reviewer.goto(`${app.url}/review/applications/${id}`);
    await statusIs(reviewer, "under review");
    // Only what the workflow allows from UNDER_REVIEW is offered.
    expect(await reviewer.getByRole("button", { name: "Assign to me" }).count()).toBe(0);
    expect(await reviewer.locator("summary", { hasText: "Take over" }).count()).toBe(0);
    await reviewer.locator("summary", { hasText: /^Approve$/ }).click();
    expect(await reviewer.getByLabel("Approved MW").inputValue()).toBe(REQUESTED_MW);
    await reviewer.getByRole("button", { name: "Add a condition" }).click();
    await reviewer.getByLabel("Condition 1").fill("Curtail within 15 minutes of a grid operator request.");
    await reviewer.locator("#approve-reason").fill("Complete file; eligible for the KE mining line.");
    await reviewer.getByRole("button", { name: "Approve", exact: true }).click();
    await statusIs(reviewer, "approved");
    const licenceLink = reviewer.locator("dt", { hasText: "Licence" }).locator("xpath=following-sibling::dd[1]//a");
    licenceNumber = (await licenceLink.textContent())!.trim();
    expect(licenceNumber).toMatch(/^PCC-BTC-\d{4}-\d{6}$/);
    await shot(reviewer, "07-reviewer-approved");

    const applicant = await newPage();
    await signIn(applicant, "Applicant A (a mining firm)");
    await applicant.goto(applicationUrl);
    await applicant.getByRole("heading", { name: "Your licence" }).waitFor();
    await applicant.getByText(licenceNumber).first().waitFor();
    await applicant.getByText("Curtail within 15 minutes of a grid operator request.").waitFor();
    await shot(applicant, "08-applicant-licence");
  });

  it("shows the licence on the public register and its MW on the allocation dashboard", async () => {
    const page = await newPage();
    await page.goto(`${app.url}/register`);
    const row = page.getByRole("row", { name: new RegExp(licenceNumber) });
    await row.waitFor();
    expect(await row.textContent()).toContain(LEGAL_NAME);
    expect(await row.textContent()).toContain(`${REQUESTED_MW} MW`);
    const csvHref = await page.getByRole("link", { name: /Download the register as CSV/ }).getAttribute("href");
    expect(csvHref).toBe("/api/register?format=csv");
    const csv = await page.request.get(`${app.url}${csvHref}`);
    expect(await csv.text()).toContain(licenceNumber);
    await shot(page, "09-public-register");

    await page.goto(`${app.url}/allocations`);
    const table = page.getByRole("table", { name: /Bitcoin mining: MW per region: data/ });
    const keRow = table.getByRole("row", { name: new RegExp(`^${REGION}\\b`) });
    await keRow.waitFor();
    const cells = await keRow.locator("td").allTextContents();
    const [total, approved, remaining] = cells.map((c) => Number(c.replace(/,/g, "")));
    expect(approved).toBe(Number(REQUESTED_MW));
    expect(remaining).toBeCloseTo(total - Number(REQUESTED_MW), 3);
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThan(0);
    await shot(page, "10-public-dashboard");

    await page.goto(`${app.url}/eligibility`);
    await page.getByLabel("Category").selectOption("BITCOIN_MINING");
    await page.getByLabel("Grid region").selectOption(REGION);
    await page.getByLabel("Requested MW").fill("100000");
    await page.getByLabel("Start date").fill("2027-01-15");
    await page.getByRole("button", { name: "Check" }).click();
    await page.locator("#elig-requestedMw-error").waitFor();
    await page.getByLabel("Requested MW").fill("4000");
    await page.getByRole("button", { name: "Check" }).click();
    await page.getByText("Not eligible", { exact: true }).waitFor();
    expect(await page.locator(".eligibility li").count()).toBeGreaterThan(0);
    await shot(page, "11-public-eligibility");
  });

  it("lets a reviewer suspend and reinstate the licence, each with a reason", async () => {
    const page = await newPage();
    await signIn(page, "Reviewer 1");
    await page.getByRole("link", { name: "Licences" }).click();
    await page.getByRole("link", { name: licenceNumber }).click();
    await page.getByRole("heading", { name: `Licence ${licenceNumber}` }).waitFor();
    expect(await page.locator("summary", { hasText: "Reinstate" }).count()).toBe(0);
    await page.locator("summary", { hasText: "Suspend" }).click();
    await page.locator("#lic-suspend-reason").fill("Grid emergency in Karachi: load must stay off.");
    await page.getByRole("button", { name: "Suspend", exact: true }).click();
    await page.getByText("The licence is suspended.").waitFor();
    expect(await page.locator("summary", { hasText: "Suspend" }).count()).toBe(0);
    await page.getByText("Grid emergency in Karachi: load must stay off.").waitFor();
    await shot(page, "16-reviewer-licence-suspended");
    await page.locator("summary", { hasText: "Reinstate" }).click();
    await page.locator("#lic-reinstate-reason").fill("Grid restored.");
    await page.getByRole("button", { name: "Reinstate", exact: true }).click();
    await page.getByText("The licence is active again.").waitFor();

    const phone = await newPage({ width: 390, height: 844 });
    await phone.goto(`${app.url}/register`);
    await phone.getByRole("row", { name: new RegExp(licenceNumber) }).getByText("active").waitFor();
    await shot(phone, "17-public-register-phone");
  });

  it("lets an auditor read the events and download them for the offline verifier", async () => {
    const page = await newPage();
    await signIn(page, "Auditor");
    await page.getByRole("heading", { name: "Audit", exact: true }).waitFor();
    const headSeq = Number(await page.getByTestId("head-seq").textContent());
    expect(headSeq).toBeGreaterThan(5);
    await page.getByRole("button", { name: "Show events" }).click();
    await page.getByRole("table", { name: "Audit events" }).or(page.locator("table.events")).first().waitFor();
    expect(await page.locator("table.events tbody tr").count()).toBeGreaterThan(0);
    await shot(page, "12-auditor-events");

    // The signed checkpoint and its key, saved before the events: the file then holds every event it covers.
    const auditorToken = ((await (await fetch(`${app.url}/api/dev/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ sub: "auditor-1", groups: ["auditor"] }) })).json()) as { access_token: string }).access_token;
    const auth = { headers: { authorization: `Bearer ${auditorToken}` } };
    const note = join(app.dataDir, "checkpoint.txt");
    writeFileSync(note, await (await fetch(`${app.url}/api/audit/checkpoint`, auth)).text());
    const { vkey } = (await (await fetch(`${app.url}/api/audit/checkpoint/key`, auth)).json()) as { vkey: string };
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download all events (NDJSON)" }).click()]);
    const file = join(app.dataDir, "events.ndjson");
    await download.saveAs(file);
    const { stdout } = await promisify(execFile)(join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), ["scripts/audit-verify.ts", file, "--checkpoint", note, "--key", vkey], { cwd: PROJECT_ROOT });
    expect(stdout).toMatch(/^ok \d+ events, root [0-9a-f]{64}/);

    await page.getByRole("link", { name: "Applications" }).last().click();
    const appLink = page.getByRole("link", { name: LEGAL_NAME });
    await appLink.or(page.getByRole("alert")).first().waitFor();
    // A failed list shows a page-level alert: name it in the failure instead of timing out.
    expect(await page.getByRole("alert").allTextContents()).toEqual([]);
    await appLink.click();
    await page.getByRole("heading", { name: "Documents" }).waitFor();
    expect(await page.locator("td.hash").count()).toBe(5);
    await page.getByRole("button", { name: /Get download link/ }).first().click();
    await page.getByRole("link", { name: /Open document-/ }).first().waitFor();
    await shot(page, "13-auditor-application");
  });

  it("lets an admin publish a round and amend one of its lines", async () => {
    const page = await newPage();
    await signIn(page, "Admin");
    await page.getByRole("heading", { name: "Allocation rounds" }).waitFor();
    await page.getByRole("heading", { name: /Phase 1/ }).waitFor();
    await shot(page, "14-admin-rounds");
    await page.getByRole("link", { name: "Publish a new round" }).click();
    await page.getByRole("button", { name: "Publish the round" }).click();
    await page.locator("#round-name-error").waitFor();
    await page.getByLabel("Name").fill("Phase 2 (e2e)");
    await page.getByLabel("Effective from").fill("2028-01-01");
    await page.getByLabel("Effective to").fill("2028-12-31");
    await page.getByLabel("Tariff (US cents/kWh)").fill("7.5");
    await page.getByLabel("Region").selectOption("HESCO");
    await page.getByLabel("Category").selectOption("AI_DATA_CENTRE");
    await page.getByLabel("MW", { exact: true }).fill("30");
    await page.getByLabel("Max per applicant (MW)").fill("40");
    await page.getByLabel("Min request (MW)").fill("1");
    await page.getByRole("button", { name: "Publish the round" }).click();
    // The schema's cross-field rule, shown beside the field it names.
    expect(await page.locator("#round-lines-0-maxPerApplicantMw-error").textContent()).toContain("must not exceed");
    await page.getByLabel("Max per applicant (MW)").fill("10");
    await shot(page, "15-admin-publish");
    await page.getByRole("button", { name: "Publish the round" }).click();
    await page.getByText("Round “Phase 2 (e2e)” is published.").waitFor();
    const round = page.locator("section.panel", { has: page.getByRole("heading", { name: "Phase 2 (e2e)" }) });
    await round.locator("summary").click();
    await round.getByLabel("Line", { exact: true }).selectOption("HESCO/AI_DATA_CENTRE");
    await round.getByLabel("Change in MW").fill("5");
    await round.getByLabel("Reason").fill("Extra surplus confirmed by HESCO.");
    await round.getByRole("button", { name: "Amend the line" }).click();
    await page.getByText("Amended Phase 2 (e2e).").waitFor();
    expect(await round.getByRole("row", { name: /HESCO/ }).locator("td").nth(1).textContent()).toBe("35");
  });

  it("shows energy use: the public map and chart, the miner's months, a curtailment it acknowledges, and the reviewer's views", async () => {
    // Public: the demo round's usage as a map of the regions and a monthly chart, each with its table.
    const page = await newPage();
    await page.goto(`${app.url}/energy`);
    await page.getByLabel("Round").selectOption({ label: "Phase 1 (illustrative demo data)" });
    await page.getByRole("img", { name: /utilisation per region/ }).waitFor();
    await page.getByRole("table", { name: /utilisation per region: data/ }).getByRole("row", { name: /PESCO/ }).waitFor();
    await page.getByRole("table", { name: /per month: data/ }).waitFor();
    await shot(page, "16-energy-usage");

    // The seeded miner (applicant A, PESCO, curtailable) and a curtailment its grid operator declares for tomorrow.
    const register = (await (await fetch(`${app.url}/api/register?region=PESCO&category=BITCOIN_MINING`)).json()) as { items: { licenceNumber: string; legalName: string }[] };
    const miner = register.items.find((l) => l.legalName.startsWith("Indus Hash Works"))!.licenceNumber;
    const gridToken = ((await (await fetch(`${app.url}/api/dev/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ sub: "pesco-grid-operator", groups: [], scope: "sandbox/meter.PESCO" }) })).json()) as { access_token: string }).access_token;
    const { now } = (await (await fetch(`${app.url}/api/dev/clock`)).json()) as { now: string };
    const startsAt = Date.parse(now) + 24 * 3600_000;
    const declared = await fetch(`${app.url}/api/curtailments`, {
      method: "POST",
      headers: { authorization: `Bearer ${gridToken}`, "content-type": "application/json" },
      body: JSON.stringify({ region: "PESCO", startsAt: new Date(startsAt).toISOString(), endsAt: new Date(startsAt + 4 * 3600_000).toISOString(), reductionPercent: 30, reason: "e2e: evening peak" }),
    });
    expect(declared.status).toBe(201);
    const { curtailmentId } = (await declared.json()) as { curtailmentId: string };

    // The licensee: its months (the seed's readings, one overdrawn), then it acknowledges the event.
    const licensee = await newPage();
    await signIn(licensee, "Applicant A (a mining firm)");
    await licensee.goto(`${app.url}/licences/${miner}`);
    await licensee.getByRole("link", { name: "Energy use and curtailments" }).click();
    const months = licensee.getByRole("table", { name: `Energy use of ${miner} per month` });
    await months.waitFor();
    await months.getByRole("row").filter({ hasText: /overdraw/i }).first().waitFor();
    const event = licensee.getByRole("table", { name: `Curtailments of ${miner}` }).getByRole("row").filter({ hasText: "e2e: evening peak" });
    await shot(licensee, "17-licence-energy");
    await event.getByRole("button", { name: /^Acknowledge/ }).click();
    await licensee.getByRole("status").filter({ hasText: "acknowledged" }).waitFor();
    expect(await event.getByRole("button", { name: /^Acknowledge/ }).count()).toBe(0);

    // The reviewer: the licence's utilisation, the curtailments list, and the event with the acknowledgement.
    const reviewer = await newPage();
    await signIn(reviewer, "Reviewer 1");
    await reviewer.goto(`${app.url}/review/licences/${miner}`);
    await reviewer.getByRole("link", { name: "Utilisation month by month" }).click();
    await reviewer.getByRole("table", { name: `Utilisation of ${miner} per month` }).waitFor();
    await shot(reviewer, "18-review-utilisation");
    await reviewer.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Curtailments" }).click();
    await reviewer.getByRole("table", { name: "Curtailments" }).waitFor();
    await shot(reviewer, "19-review-curtailments");
    await reviewer.goto(`${app.url}/review/curtailments/${curtailmentId}`);
    const target = reviewer.getByRole("table", { name: "Targeted licences" }).getByRole("row", { name: new RegExp(miner) });
    await target.waitFor();
    expect(await target.locator("td").nth(3).textContent()).not.toContain("Not yet");
    await shot(reviewer, "20-review-curtailment");
  });

  it("reaches the skip link first by keyboard and moves focus to the new page's heading", async () => {
    const page = await newPage();
    await page.goto(`${app.url}/`);
    await page.getByRole("heading", { name: "Regulatory sandbox registry" }).waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to main content");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Register" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/register$/);
    await page.waitForFunction(() => document.activeElement?.tagName === "H1");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Public register");
  });

  it("names what axe-core finds on a page that breaks WCAG (the check every page above passed)", async () => {
    const page = await newPage();
    await page.goto(`${app.url}/register`);
    await page.getByRole("heading", { name: "Public register" }).waitFor();
    expect(await a11yProblems(page)).toEqual([]);
    await page.evaluate(() => {
      const main = document.querySelector("main")!;
      main.insertAdjacentHTML("beforeend", '<input id="broken-input"><p id="broken-contrast" style="color:#eee;background:#fff">faint</p>');
    });
    const problems = await a11yProblems(page);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^axe label .*#broken-input/), expect.stringMatching(/^axe color-contrast .*#broken-contrast/)]));
  });

  it("raised no uncaught error in any page", () => {
    expect(pageErrors).toEqual([]);
  });
});
