import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as fc from "fast-check";
import { address, message, mw, name } from "../../lambdas/schemas/common.ts";
import { Amendment, EligibilityRequest, RoundLineInput } from "../../lambdas/schemas/allocations.ts";
import { Decision } from "../../lambdas/schemas/review.ts";
import { AuditApplicationsQuery } from "../../lambdas/schemas/review.ts";
import { Organisation } from "../../lambdas/schemas/application.ts";
import { csvRow, publicLicence, registerCsv, registerText } from "../../lambdas/domain/licence.ts";
import { firmKey, ownPeopleRefusal } from "../../lambdas/domain/firm.ts";
import { Forbidden } from "../../lambdas/domain/errors.ts";
import { assessEligibility } from "../../lambdas/domain/eligibility.ts";
import { checkOrigin, route, type HttpEvent } from "../../lambdas/middleware/route.ts";
import { ok } from "../../lambdas/middleware/response.ts";
import { watchdogScript } from "../../local/process-group.ts";
import { routeById } from "../../lambdas/routes.ts";

// Unit tests for the hardening of issue 14 (pure rules and the handler wrapper, no emulator).

const issuesOf = (schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown) =>
  schema.safeParse(value).error?.issues.map((i) => ({ path: i.path.join("."), message: i.message })) ?? [];

describe("text schemas (every text field is built from them)", () => {
  it("refuse an unpaired surrogate in names, addresses and messages; accept paired ones (emoji, CJK)", () => {
    for (const schema of [name(), address(), message()]) {
      for (const bad of ["\ud800", "a\udfffb", "x\ud83d", "\ude00y"]) expect(schema.safeParse(bad).success).toBe(false);
      for (const good of ["Indus Hash Works", "شرکت", "株式会社", "Firm 😀 Ltd"]) expect(schema.safeParse(good).success).toBe(true);
    }
    expect(issuesOf(message(), "\ud800")).toEqual([{ path: "", message: "not well-formed Unicode (an unpaired surrogate)" }]);
  });

  it("names and identifiers refuse C0/C1 controls, bidi overrides and isolates, zero-width characters", () => {
    const bad = ["\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\u009f", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\n", "\t"];
    for (const c of bad) {
      expect(name().safeParse(`Evil${c}Corp`).success, JSON.stringify(c)).toBe(false);
      expect(issuesOf(Organisation.partial(), { legalName: `Evil${c}Corp` })[0]?.path).toBe("legalName");
    }
    // Messages may carry line breaks; addresses too, but no other control characters.
    expect(message().safeParse("line one\nline two").success).toBe(true);
    expect(address().safeParse("Plot 12\nPeshawar").success).toBe(true);
    expect(address().safeParse("Plot 12\u202ePeshawar").success).toBe(false);
    expect(address().safeParse("Plot\u000012").success).toBe(false);
  });

  it("property: no string with a forbidden character passes name()", () => {
    const forbidden = fc.constantFrom("\u0000", "\u0085", "\u200b", "\u202e", "\u2066", "\ufeff", "\ud800");
    fc.assert(fc.property(fc.string(), forbidden, fc.string(), (a, c, b) => !name(10_000).safeParse(`x${a}${c}${b}x`).success));
  });
});

describe("MW are whole kW (at most 3 decimals, at least 0.001)", () => {
  it("on every MW field", () => {
    const line = { region: "PESCO", category: "BITCOIN_MINING", mw: 10, maxPerApplicantMw: 5, minRequestMw: 1 };
    const fields: [string, (v: number) => string[]][] = [
      ["requestedMw", (v) => issuesOf(EligibilityRequest, { category: "BITCOIN_MINING", region: "PESCO", requestedMw: v, startDate: "2026-01-01" }).map((i) => i.path)],
      ["approvedMw", (v) => issuesOf(Decision, { decision: "approve", reason: "ok", approvedMw: v }).map((i) => i.path)],
      ["mw", (v) => issuesOf(RoundLineInput, { ...line, mw: v, maxPerApplicantMw: 0.001, minRequestMw: 0.001 }).map((i) => i.path)],
      ["maxPerApplicantMw", (v) => issuesOf(RoundLineInput, { ...line, maxPerApplicantMw: v, minRequestMw: 0.001 }).map((i) => i.path)],
      ["minRequestMw", (v) => issuesOf(RoundLineInput, { ...line, minRequestMw: v }).map((i) => i.path)],
      ["deltaMw", (v) => issuesOf(Amendment, { region: "PESCO", category: "BITCOIN_MINING", deltaMw: v, reason: "r" }).map((i) => i.path)],
    ];
    for (const [field, paths] of fields) {
      for (const bad of [1e-10, 0.0001, 0.0005, 1.0001, 2.12345, 0]) expect(paths(bad), `${field} ${bad}`).toContain(field);
      for (const good of [0.001, 0.005, 1.005, 2.5, 3]) expect(paths(good), `${field} ${good}`).not.toContain(field);
    }
    expect(issuesOf(Amendment, { region: "PESCO", category: "BITCOIN_MINING", deltaMw: -0.001, reason: "r" })).toEqual([]);
    expect(issuesOf(Amendment, { region: "PESCO", category: "BITCOIN_MINING", deltaMw: -1e-10, reason: "r" }).map((i) => i.path)).toContain("deltaMw");
  });

  it("property: any integer kW passes, and a value between two kW never does", () => {
    const schema = mw({ max: 100_000 });
    fc.assert(fc.property(fc.integer({ min: 1, max: 100_000_000 }), (kw) => schema.safeParse(kw / 1000).success));
    fc.assert(fc.property(fc.integer({ min: 0, max: 99_999_999 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (kw, f) => !schema.safeParse((kw + f) / 1000).success));
  });
});

describe("the register never carries control characters", () => {
  it("strips controls, bidi and zero-width characters (records stored before the schemas refused them)", () => {
    const entry = publicLicence({
      licenceNumber: "PCC-BTC-2026-000001",
      legalName: "Evil\u202eCorp\u0000\u200b Ltd\u0085",
      category: "BITCOIN_MINING",
      region: "PESCO",
      approvedMw: 5,
      status: "ACTIVE",
      issuedAt: "2026-01-01T00:00:00.000Z",
      expiresAt: "2027-01-01T00:00:00.000Z",
      conditions: ["Report\r\nmonthly\u2066", "ok"],
    });
    expect(entry.legalName).toBe("EvilCorp Ltd");
    expect(entry.conditions).toEqual(["Report monthly", "ok"]);
    const csv = registerCsv([entry]);
    // CRLF only as row ends: no control character inside any field.
    expect(csv.split("\r\n").join("")).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200b-\u200d\u2060\u202a-\u202e\u2066-\u2069\ufeff]/u);
    expect(registerText("a\ud800b")).toBe("ab");
    expect(csvRow(["x"])).toBe("x\r\n");
  });
});

describe("the firm's own people", () => {
  it("one company whatever the formatting of its registration number", () => {
    expect(firmKey("0123-456")).toBe(firmKey(" 0123 456 "));
    expect(firmKey("ab/12.3")).toBe("AB123");
    expect(firmKey(undefined)).toBeUndefined();
    expect(firmKey(" - ")).toBeUndefined();
  });

  it("the holder and anyone who applied for the company are refused (403); anyone else is not", () => {
    expect(ownPeopleRefusal({ sub: "holder" }, { holderSub: "holder", firm: "F" }, false)).toBeInstanceOf(Forbidden);
    expect(ownPeopleRefusal({ sub: "colleague" }, { holderSub: "holder", firm: "F" }, true)).toBeInstanceOf(Forbidden);
    expect(ownPeopleRefusal({ sub: "reviewer" }, { holderSub: "holder", firm: "F" }, false)).toBeUndefined();
  });
});

describe("eligibility counts what the company already holds on the line", () => {
  const round = {
    roundId: "r1",
    name: "Phase 1",
    effectiveFrom: "2025-07-01",
    effectiveTo: "2027-06-30",
    lines: [{ region: "PESCO" as const, category: "BITCOIN_MINING" as const, totalKw: 100_000, approvedKw: 5_000, remainingKw: 95_000, maxPerApplicantKw: 5_000, minRequestKw: 1 }],
  };
  it("a second 5 MW for a company holding 5 MW is above the cap", () => {
    const q = { category: "BITCOIN_MINING" as const, region: "PESCO" as const, requestedMw: 5, startDate: "2026-01-01" };
    expect(assessEligibility(q, [round]).eligible).toBe(true);
    const held = assessEligibility({ ...q, heldKw: 5_000 }, [round]);
    expect(held.eligible).toBe(false);
    expect(held.reasons.map((r) => r.code)).toEqual(["ABOVE_CAP"]);
    expect(held.reasons[0].message).toMatch(/already holds 5 MW/);
  });
});

describe("range filters", () => {
  it("updatedFrom after updatedTo is refused naming updatedFrom; a date end means the whole day", () => {
    expect(issuesOf(AuditApplicationsQuery, { updatedFrom: "2026-02-01", updatedTo: "2026-01-01" }).map((i) => i.path)).toEqual(["updatedFrom"]);
    expect(issuesOf(AuditApplicationsQuery, { updatedFrom: "2026-01-01T12:00:00Z", updatedTo: "2026-01-01" })).toEqual([]);
    expect(issuesOf(AuditApplicationsQuery, { updatedFrom: "2026-01-01T12:00:00Z", updatedTo: "2026-01-01T11:00:00Z" }).map((i) => i.path)).toEqual(["updatedFrom"]);
  });
});

describe("handler: access tokens only, and only through CloudFront when an origin secret is set", () => {
  const fixture = (): HttpEvent => JSON.parse(readFileSync("test/events/http-api-v2-jwt.json", "utf8"));
  const handler = route({ ...routeById("health"), request: {} }, async (req) => ok({ sub: req.actor?.sub ?? null }));
  const call = async (event: HttpEvent) => (await handler(event, { awsRequestId: "r" } as never)) as unknown as { statusCode: number; body: string; headers: Record<string, string> };
  const withClaims = (claims: Record<string, unknown>) => {
    const event = fixture();
    (event.requestContext as { authorizer?: unknown }).authorizer = { jwt: { claims, scopes: [] } };
    return event;
  };

  it("refuses a Cognito ID token (token_use id) with 401 problem+json, even on a public route", async () => {
    const res = await call(withClaims({ sub: "u1", token_use: "id", "cognito:groups": "[admin]" }));
    expect(res.statusCode).toBe(401);
    expect(res.headers["content-type"]).toBe("application/problem+json");
    expect((await call(withClaims({ sub: "u1", token_use: "access" }))).statusCode).toBe(200);
  });

  it("checkOrigin: without the secret header (or with another) 403; with it, through; unset: not checked", () => {
    const event = fixture();
    expect(() => checkOrigin(event, undefined)).not.toThrow();
    expect(() => checkOrigin(event, "s3cret-value")).toThrow(Forbidden);
    event.headers = { ...event.headers, "X-Origin-Verify": "s3cret-valuX" };
    expect(() => checkOrigin(event, "s3cret-value")).toThrow(Forbidden);
    event.headers = { ...event.headers, "X-Origin-Verify": "s3cret-value" };
    expect(() => checkOrigin(event, "s3cret-value")).not.toThrow();
  });

  it("the handler refuses a request without the origin header when ORIGIN_SECRET is configured", async () => {
    process.env.ORIGIN_SECRET = "from-cloudfront";
    try {
      const direct = await call(withClaims({ sub: "u1", token_use: "access" }));
      expect(direct.statusCode).toBe(403);
      const event = withClaims({ sub: "u1", token_use: "access" });
      event.headers = { ...event.headers, "x-origin-verify": "from-cloudfront" };
      expect((await call(event)).statusCode).toBe(200);
    } finally {
      delete process.env.ORIGIN_SECRET;
    }
  });
});

describe("DynamoDB Local's watchdog", () => {
  it("sends SIGTERM first, waits the grace period, and only then SIGKILL", () => {
    const script = watchdogScript(4242, 5_000);
    const term = script.indexOf("kill -TERM -4242");
    const wait = script.indexOf("-lt 50");
    const kill = script.indexOf("kill -KILL -4242");
    expect(term).toBeGreaterThan(script.indexOf("read -r _"));
    expect(wait).toBeGreaterThan(term);
    expect(kill).toBeGreaterThan(wait);
  });
});
