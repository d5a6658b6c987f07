import { beforeEach, describe, expect, it } from "vitest";
import { fakeJwt } from "../test-support.tsx";
import { decodeJwtPayload, getSession, sessionFromTokens, setSession } from "./session.ts";

beforeEach(() => {
  sessionStorage.clear();
  setSession(null);
});

describe("session", () => {
  it("decodes base64url payloads, UTF-8 included", () => {
    const token = `x.${btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify({ name: "Zoë Ğ" })))).replace(/=+$/, "")}.y`;
    expect(decodeJwtPayload(token)).toEqual({ name: "Zoë Ğ" });
  });

  it("reads only known groups from cognito:groups", () => {
    const s = sessionFromTokens(fakeJwt({ sub: "a", "cognito:groups": ["applicant", "superuser"] }));
    expect(s.groups).toEqual(["applicant"]);
  });

  it("keeps the session in sessionStorage and forgets it once expired", () => {
    setSession(sessionFromTokens(fakeJwt({ sub: "a", "cognito:groups": ["auditor"] })));
    expect(JSON.parse(sessionStorage.getItem("sandbox.session")!).sub).toBe("a");
    setSession({ ...getSession()!, expiresAt: Date.now() - 1 });
    expect(getSession()).toBeNull();
  });
});
