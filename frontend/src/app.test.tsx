import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App, resolve } from "./app.tsx";
import { setSession } from "./auth/session.ts";
import { ConfigContext } from "./config-context.ts";
import { parseConfig } from "./config.ts";
import { navigate } from "./router.tsx";
import { fakeJwt, mockFetch, signInAs } from "./test-support.tsx";

beforeEach(() => {
  setSession(null);
  window.history.replaceState(null, "", "/");
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const renderApp = () =>
  render(
    <ConfigContext.Provider value={{ auth: { kind: "dev" } }}>
      <App />
    </ConfigContext.Provider>,
  );

describe("the shell", () => {
  it("has landmarks, a skip link and public navigation", () => {
    renderApp();
    expect(screen.getByRole("banner")).toBeTruthy();
    expect(screen.getByRole("main").id).toBe("main");
    expect(screen.getByRole("contentinfo")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Skip to main content" }).getAttribute("href")).toBe("#main");
    expect(screen.getByRole("navigation", { name: "Main" }).textContent).toBe("RegisterAllocationsEligibilityEnergy use");
  });

  it("signs in a dev persona through the dev issuer and lands on its home", async () => {
    const { calls } = mockFetch({
      "POST /api/dev/token": { body: { access_token: fakeJwt({ sub: "reviewer-1", "cognito:groups": ["reviewer"] }), token_type: "Bearer", expires_in: 3600 } },
      "GET /api/review/queue?limit=50": { body: { items: [], nextCursor: null } },
    });
    navigate("/sign-in");
    renderApp();
    fireEvent.click(await screen.findByRole("button", { name: "Reviewer 1" }));
    await waitFor(() => expect(window.location.pathname).toBe("/review"));
    expect(calls[0].body).toEqual({ sub: "reviewer-1", groups: ["reviewer"], email: "reviewer-1@example.test", name: "Reviewer 1" });
    await screen.findByText("Nothing is waiting.");
    expect(screen.getByRole("navigation", { name: "Main" }).textContent).toContain("Review queue");
    expect(calls[1].headers.authorization).toMatch(/^Bearer /);
  });

  it("asks to sign in on a role page, and refuses another role", async () => {
    navigate("/audit");
    renderApp();
    expect(screen.getByRole("heading", { name: "Sign in to continue" })).toBeTruthy();
    for (const link of screen.getAllByRole("link", { name: "Sign in" })) expect(link.getAttribute("href")).toBe("/sign-in?returnTo=%2Faudit");
    cleanup();
    signInAs("applicant-a", "applicant");
    renderApp();
    expect(screen.getByRole("heading", { name: "Not available to your role" })).toBeTruthy();
  });

  it("forgets the session when the API says the token is no longer valid", async () => {
    signInAs("applicant-a", "applicant");
    mockFetch({ "GET /api/applications?limit=50": { status: 401, body: { title: "A valid bearer token is required", status: 401 } } });
    navigate("/applications");
    renderApp();
    await screen.findByRole("heading", { name: "Sign in to continue" });
  });
});

describe("routing and config", () => {
  it("treats the Cognito redirect URI as the callback only with a code or an error", () => {
    expect(resolve("/", new URLSearchParams("code=x&state=y"), "/")?.entry.pattern).toBe("/");
    expect(resolve("/", new URLSearchParams("code=x&state=y"), "/")?.entry.component.name).toBe("CallbackPage");
    expect(resolve("/", new URLSearchParams(""), "/")?.entry.component.name).toBe("HomePage");
    expect(resolve("/review/applications/a1", new URLSearchParams(""), null)?.params).toEqual({ id: "a1" });
    expect(resolve("/nowhere", new URLSearchParams(""), null)).toBeNull();
  });

  it("serves the energy pages to the right roles", () => {
    const at = (path: string) => resolve(path, new URLSearchParams(""), null);
    expect(at("/energy")?.entry.group).toBeUndefined();
    expect(at("/licences/PCC-BTC-2026-000001/energy")).toMatchObject({ entry: { group: "applicant" }, params: { licenceNumber: "PCC-BTC-2026-000001" } });
    expect(at("/review/licences/PCC-BTC-2026-000001/energy")?.entry.group).toBe("reviewer");
    expect(at("/review/curtailments")?.entry.group).toBe("reviewer");
    expect(at("/review/curtailments/c1")).toMatchObject({ entry: { group: "reviewer" }, params: { id: "c1" } });
  });

  it("shows a reviewer the curtailments in the navigation, and opens the public usage page from it", async () => {
    signInAs("reviewer-1", "reviewer");
    mockFetch({
      "GET /api/allocations": { body: { items: [], nextCursor: null } },
    });
    renderApp();
    const nav = screen.getByRole("navigation", { name: "Main" });
    expect(nav.textContent).toContain("Curtailments");
    fireEvent.click(screen.getByRole("link", { name: "Energy use" }));
    expect(await screen.findByRole("heading", { name: "Energy usage", level: 1 })).toBeTruthy();
    expect(await screen.findByText("No allocation round has been published yet.")).toBeTruthy();
  });

  it("reads both config shapes and refuses anything else", () => {
    expect(parseConfig({ auth: { kind: "dev" } })).toEqual({ auth: { kind: "dev" } });
    expect(parseConfig({ auth: { kind: "cognito", domain: "x.auth.example.com", clientId: "c", redirectUri: "https://s/", scopes: ["openid"] } })).toEqual({
      auth: { kind: "cognito", domain: "https://x.auth.example.com", clientId: "c", redirectUri: "https://s/", scopes: ["openid"] },
    });
    expect(() => parseConfig({ auth: { kind: "cognito" } })).toThrow();
    expect(() => parseConfig(null)).toThrow();
  });
});
