import { describe, expect, it } from "vitest";
import { matchPath } from "./router.tsx";

describe("matchPath", () => {
  it("matches literal segments and decodes params", () => {
    expect(matchPath("/register/:licenceNumber", "/register/PCC-BTC-2026-000017")).toEqual({ licenceNumber: "PCC-BTC-2026-000017" });
    expect(matchPath("/applications/:id/edit/:step", "/applications/a%20b/edit/owners")).toEqual({ id: "a b", step: "owners" });
    expect(matchPath("/applications/new", "/applications/new")).toEqual({});
    expect(matchPath("/applications/:id", "/applications/abc/edit/x")).toBeNull();
    expect(matchPath("/review", "/audit")).toBeNull();
    expect(matchPath("/x/:id", "/x/%E0%A4%A")).toBeNull();
  });
});
