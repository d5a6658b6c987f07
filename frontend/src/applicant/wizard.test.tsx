import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Application } from "../../../lambdas/schemas/review.ts";
import { mockFetch, signInAs } from "../test-support.tsx";
import { Wizard } from "./wizard.tsx";

const draft = (over: Partial<Application> = {}): Application => ({
  id: "app1",
  category: "BITCOIN_MINING",
  status: "DRAFT",
  version: 3,
  createdAt: "2026-11-01T00:00:00Z",
  updatedAt: "2026-11-01T00:00:00Z",
  organisation: { legalName: "Indus Hashworks", registrationNumber: "1", taxNumber: "2", address: "Karachi", contactEmail: "a@b.example" },
  documents: [],
  history: [],
  infoRequests: [],
  openInfoRequests: [],
  ...over,
});

const type = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const errorOf = (input: HTMLElement) =>
  (input.getAttribute("aria-describedby") ?? "")
    .split(" ")
    .map((id) => document.getElementById(id)?.textContent ?? "")
    .join(" ");

beforeEach(() => {
  signInAs("applicant-a", "applicant");
  window.history.replaceState(null, "", "/");
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("organisation step (new application)", () => {
  it("shows the schema's messages inline and in the summary, and sends nothing", async () => {
    const { fetchMock } = mockFetch({});
    render(<Wizard versioned={null} step="organisation" onSaved={() => undefined} />);
    type("Contact e-mail", "not-an-email");
    fireEvent.click(screen.getByRole("button", { name: "Save and continue" }));

    const legalName = screen.getByLabelText("Legal name");
    expect(legalName.getAttribute("aria-invalid")).toBe("true");
    expect(errorOf(legalName)).toContain("required");
    expect(errorOf(screen.getByLabelText("Contact e-mail"))).toContain("not a valid e-mail address");
    expect(errorOf(screen.getByLabelText("What are you applying for?"))).toContain("choose one of the options");
    const summary = screen.getByRole("alert");
    expect(within(summary).getByRole("link", { name: /Legal name: required/ }).getAttribute("href")).toBe("#app-organisation-legalName");
    await waitFor(() => expect(document.activeElement).toBe(summary));
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("creates the draft with POST and moves on to the owners step", async () => {
    const saved = vi.fn();
    const { calls } = mockFetch({
      "POST /api/applications": (call) => ({ status: 201, body: draft({ ...(call.body as object), version: 1 }), headers: { etag: '"1"' } }),
    });
    render(<Wizard versioned={null} step="organisation" onSaved={saved} />);
    fireEvent.change(screen.getByLabelText("What are you applying for?"), { target: { value: "BITCOIN_MINING" } });
    type("Legal name", "Indus Hashworks");
    type("Registration number (SECP incorporation no.)", "0123456");
    type("Tax number (NTN)", "NTN-1");
    type("Registered address", "Plot 12, Karachi");
    type("Contact e-mail", "ops@indus.example");
    fireEvent.click(screen.getByRole("button", { name: "Save and continue" }));

    await waitFor(() => expect(window.location.pathname).toBe("/applications/app1/edit/owners"));
    expect(calls).toHaveLength(1);
    expect(calls[0].body).toEqual({
      category: "BITCOIN_MINING",
      organisation: { legalName: "Indus Hashworks", registrationNumber: "0123456", taxNumber: "NTN-1", address: "Plot 12, Karachi", contactEmail: "ops@indus.example" },
    });
    expect(calls[0].headers["idempotency-key"]).toMatch(/\S{16,}/);
    expect(saved).toHaveBeenCalledWith(expect.objectContaining({ id: "app1" }), '"1"');
  });
});

describe("beneficial owners step", () => {
  it("saves with PATCH and If-Match set to the ETag", async () => {
    const { calls } = mockFetch({
      "PATCH /api/applications/app1": (call) => ({ body: draft({ ...(call.body as object), version: 4 }), headers: { etag: '"4"' } }),
    });
    render(<Wizard versioned={{ record: draft(), etag: '"3"' }} step="owners" onSaved={() => undefined} />);
    type("Full name", "Ayesha Khan");
    type("National ID or passport number", "42101-1234567-1");
    type("Ownership %", "75");
    fireEvent.click(screen.getByRole("button", { name: "Save and continue" }));

    await waitFor(() => expect(window.location.pathname).toBe("/applications/app1/edit/energy"));
    expect(calls[0].method).toBe("PATCH");
    expect(calls[0].headers["if-match"]).toBe('"3"');
    expect(calls[0].body).toEqual({ beneficialOwners: [{ name: "Ayesha Khan", idNumber: "42101-1234567-1", ownershipPercent: 75 }] });
  });

  it("refuses owners adding up to more than 100 % before sending", () => {
    const { fetchMock } = mockFetch({});
    render(<Wizard versioned={{ record: draft(), etag: '"3"' }} step="owners" onSaved={() => undefined} />);
    type("Full name", "A");
    type("National ID or passport number", "1");
    type("Ownership %", "80");
    fireEvent.click(screen.getByRole("button", { name: "Add another owner" }));
    fireEvent.change(document.getElementById("app-beneficialOwners-1-name")!, { target: { value: "B" } });
    fireEvent.change(document.getElementById("app-beneficialOwners-1-idNumber")!, { target: { value: "2" } });
    fireEvent.change(document.getElementById("app-beneficialOwners-1-ownershipPercent")!, { target: { value: "30" } });
    expect(screen.getByText(/Ownership adds up to 110 %, more than 100 %/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Save and continue" }));
    expect(document.getElementById("app-beneficialOwners")?.textContent).toContain("more than 100 %");
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("puts each API problem error next to the field its path names, and the rest in the page alert", async () => {
    mockFetch({
      "PATCH /api/applications/app1": {
        status: 400,
        body: {
          type: "https://sandbox-registry.dev/problems/validation",
          title: "The request is not valid",
          status: 400,
          detail: "The change would make the application invalid.",
          errors: [
            { path: "beneficialOwners.0.idNumber", message: "not a valid CNIC" },
            { path: "somethingElse", message: "the server had more to say" },
          ],
        },
      },
    });
    render(<Wizard versioned={{ record: draft(), etag: '"3"' }} step="owners" onSaved={() => undefined} />);
    type("Full name", "Ayesha Khan");
    type("National ID or passport number", "x");
    type("Ownership %", "50");
    fireEvent.click(screen.getByRole("button", { name: "Save and continue" }));

    const id = screen.getByLabelText("National ID or passport number");
    await waitFor(() => expect(errorOf(id)).toContain("not a valid CNIC"));
    const summary = screen.getByRole("alert");
    expect(summary.textContent).toContain("The request is not valid");
    expect(summary.textContent).toContain("The change would make the application invalid.");
    expect(summary.textContent).toContain("somethingElse: the server had more to say");
    expect(window.location.pathname).toBe("/");
  });

  it("on 412 takes the newer version so the next save sends its ETag", async () => {
    const saved = vi.fn();
    const { calls } = mockFetch({
      "PATCH /api/applications/app1": { status: 412, body: { title: "The record has changed since you read it", status: 412 } },
      "GET /api/applications/app1": { body: draft({ version: 5 }), headers: { etag: '"5"' } },
    });
    render(<Wizard versioned={{ record: draft(), etag: '"3"' }} step="owners" onSaved={saved} />);
    type("Full name", "A");
    type("National ID or passport number", "1");
    type("Ownership %", "10");
    fireEvent.click(screen.getByRole("button", { name: "Save and continue" }));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("The record has changed since you read it"));
    expect(screen.getByRole("alert").textContent).toContain("check your entries and save again");
    expect(calls.map((c) => c.method)).toEqual(["PATCH", "GET"]);
    expect(saved).toHaveBeenCalledWith(expect.objectContaining({ version: 5 }), '"5"');
  });
});

describe("energy step", () => {
  it("shows the eligibility answer beside the MW field", async () => {
    const { calls } = mockFetch({
      "POST /api/eligibility": {
        body: { eligible: false, reasons: ["KE offers at most 50 MW per applicant", "only 20 MW remain"], remainingMw: 20, roundId: "r1" },
      },
    });
    render(<Wizard versioned={{ record: draft(), etag: '"3"' }} step="energy" onSaved={() => undefined} />);
    fireEvent.change(screen.getByLabelText("Grid region"), { target: { value: "KE" } });
    type(/Requested MW/, "60");
    type("Start date", "2027-01-15");
    const aside = screen.getByRole("complementary", { name: "Eligibility of this request" });
    await waitFor(() => expect(aside.textContent).toContain("Not eligible"));
    expect(aside.textContent).toContain("KE offers at most 50 MW per applicant");
    expect(aside.textContent).toContain("only 20 MW remain");
    expect(aside.textContent).toContain("20 MW remaining");
    expect(aside.getAttribute("aria-live")).toBe("polite");
    expect(calls.at(-1)!.body).toEqual({ category: "BITCOIN_MINING", region: "KE", requestedMw: 60, startDate: "2027-01-15" });
  });

  it("checks mining details with the mining schema and saves the energy section", async () => {
    const { calls } = mockFetch({
      "POST /api/eligibility": { body: { eligible: true, reasons: [], remainingMw: 100, roundId: "r1" } },
      "PATCH /api/applications/app1": (call) => ({ body: draft({ ...(call.body as object), version: 4 }), headers: { etag: '"4"' } }),
    });
    render(<Wizard versioned={{ record: draft(), etag: '"3"' }} step="energy" onSaved={() => undefined} />);
    fireEvent.change(screen.getByLabelText("Grid region"), { target: { value: "KE" } });
    type(/Requested MW/, "12.5");
    type("Start date", "2027-01-15");
    fireEvent.click(screen.getByRole("button", { name: "Add a machine model" }));
    type("Model", "Antminer S21");
    type("Count", "-3");
    fireEvent.click(screen.getByRole("button", { name: "Save and continue" }));
    expect(errorOf(screen.getByLabelText("Count"))).toMatch(/>=\s*1|too small/i);
    expect(errorOf(screen.getByLabelText("Efficiency (J/TH)"))).toContain("required");

    type("Count", "100");
    type("Efficiency (J/TH)", "17.5");
    fireEvent.click(screen.getByLabelText("The site can curtail its load when the grid asks"));
    fireEvent.click(screen.getByRole("button", { name: "Save and continue" }));
    await waitFor(() => expect(calls.some((c) => c.method === "PATCH")).toBe(true));
    expect(calls.find((c) => c.method === "PATCH")!.body).toEqual({
      energy: {
        region: "KE",
        requestedMw: 12.5,
        startDate: "2027-01-15",
        curtailable: true,
        details: { machines: [{ count: 100, model: "Antminer S21", efficiencyJPerTh: 17.5 }] },
      },
    });
  });
});

describe("virtual asset services step", () => {
  it("requires at least one service and a valid officer e-mail", () => {
    const { fetchMock } = mockFetch({});
    render(<Wizard versioned={{ record: draft({ category: "VIRTUAL_ASSET_SERVICE" }), etag: '"3"' }} step="vasp" onSaved={() => undefined} />);
    type("Paid-up capital (USD)", "1000000");
    type("AML/CFT compliance officer e-mail", "nope");
    fireEvent.click(screen.getByRole("button", { name: "Save and continue" }));
    expect(document.getElementById("app-vasp-services")?.textContent).toContain("at least one service");
    expect(errorOf(screen.getByLabelText("AML/CFT compliance officer e-mail"))).toContain("not a valid e-mail address");
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("asks for the custody model and saves it with the VASP section", async () => {
    const { calls } = mockFetch({
      "PATCH /api/applications/app1": (call) => ({ body: draft({ category: "VIRTUAL_ASSET_SERVICE", ...(call.body as object), version: 4 }), headers: { etag: '"4"' } }),
    });
    render(<Wizard versioned={{ record: draft({ category: "VIRTUAL_ASSET_SERVICE" }), etag: '"3"' }} step="vasp" onSaved={() => undefined} />);
    fireEvent.click(screen.getByLabelText("Exchange"));
    type("Paid-up capital (USD)", "1000000");
    type("AML/CFT compliance officer e-mail", "mlro@firm.example");
    fireEvent.change(screen.getByLabelText(/Custody model/), { target: { value: "THIRD_PARTY_CUSTODIAN" } });
    fireEvent.click(screen.getByRole("button", { name: "Save and continue" }));
    await waitFor(() => expect(calls.some((c) => c.method === "PATCH")).toBe(true));
    expect(calls.find((c) => c.method === "PATCH")!.body).toEqual({
      vasp: { services: ["EXCHANGE"], paidUpCapitalUsd: 1_000_000, complianceOfficerEmail: "mlro@firm.example", custodyModel: "THIRD_PARTY_CUSTODIAN" },
    });
  });
});

describe("check and submit", () => {
  it("lists what is missing, linking to the step that fixes it, and does not submit", () => {
    const { fetchMock } = mockFetch({});
    render(<Wizard versioned={{ record: draft(), etag: '"3"' }} step="review" onSaved={() => undefined} />);
    const missing = screen.getByRole("link", { name: /Beneficial owners: required/ });
    expect(missing.getAttribute("href")).toBe("/applications/app1/edit/owners");
    expect(screen.getByRole("link", { name: /Certificate of incorporation: upload and verify/ }).getAttribute("href")).toBe("/applications/app1/edit/documents");
    fireEvent.click(screen.getByRole("button", { name: "Submit the application" }));
    expect(screen.getByRole("alert").textContent).toContain("The application is not complete yet");
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("submits a complete draft and shows the server's 409 gaps as checklist lines", async () => {
    const documents = ["CERTIFICATE_OF_INCORPORATION", "BENEFICIAL_OWNERSHIP_DECLARATION", "AML_CFT_POLICY", "SITE_LEASE_OR_TITLE", "GRID_INTERCONNECTION_FEASIBILITY"].map(
      (t, i) => ({ documentId: `d${i}`, type: t, fileName: `${t}.pdf`, contentType: "application/pdf", sizeBytes: 10, sha256: "0".repeat(64), status: "VERIFIED" }),
    ) as Application["documents"];
    const complete = draft({
      beneficialOwners: [{ name: "A", idNumber: "1", ownershipPercent: 100 }],
      energy: { region: "KE", requestedMw: 5, startDate: "2027-01-15", curtailable: false },
      documents,
    });
    mockFetch({
      "POST /api/applications/app1/submit": {
        status: 409,
        body: { title: "Something required is missing", status: 409, errors: [{ path: "documents.AML_CFT_POLICY", message: "required document not uploaded and verified" }] },
      },
    });
    render(<Wizard versioned={{ record: complete, etag: '"3"' }} step="review" onSaved={() => undefined} />);
    expect(screen.getByText("Everything required is there.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Submit the application" }));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("AML/CFT policy: upload and verify"));
  });
});
