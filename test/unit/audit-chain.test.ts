import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import fc from "fast-check";
import { GENESIS_HASH, canonicalEventJson, canonicalJson, hashEvent, sealEvent, verifyChain, type UnhashedEvent } from "../../lambdas/domain/audit-chain.ts";
import { verifyNdjson } from "../../lambdas/domain/audit-verify.ts";
import { buildTrail } from "./audit-fixture.ts";

/** The same value with every object's keys in another order (reversed, then rotated by depth). */
function reorderKeys(value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) return value.map((v) => reorderKeys(v, depth + 1));
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value).reverse();
  const rotated = entries.length ? [...entries.slice(depth % entries.length), ...entries.slice(0, depth % entries.length)] : entries;
  return Object.fromEntries(rotated.map(([k, v]) => [k, reorderKeys(v, depth + 1)]));
}

// The worked example in docs/audit-trail.md: if this changes, every stored hash changes with it.
const WORKED_1: UnhashedEvent = {
  seq: 1,
  at: "2026-01-15T09:30:00.000Z",
  actor: { sub: "4f1c2a9e-admin", groups: ["admin"] },
  action: "round.publish",
  entityType: "round",
  entityId: "phase-1",
  data: { name: "Phase 1 (illustrative)", totalMw: 2000, tariffUsdCentsPerKwh: 9.5, lines: [{ region: "KE", category: "AI_DATA_CENTRE", mw: 250 }] },
  prevHash: GENESIS_HASH,
};
const WORKED_1_HASH = "24f3a993ea121c26ff50f481ac3f642011808626a04ac67014036876c32a9c28";
const WORKED_2: UnhashedEvent = {
  seq: 2,
  at: "2026-01-15T09:31:07.250Z",
  actor: { sub: "9b7d-applicant", groups: ["applicant"] },
  action: "application.create",
  entityType: "application",
  entityId: "01JH5Q7Z",
  data: { status: "DRAFT", category: "BITCOIN_MINING", site: "Kārachi", requestedMw: 12.5, curtailable: true, note: null },
  prevHash: WORKED_1_HASH,
};
const WORKED_2_HASH = "7a77bab2b59bd1c2f24c3493254a88ea8fd6fa7140c8076f7744cd51199ade33";

describe("canonicalJson", { timeout: 60_000 }, () => {
  it("sorts keys at every depth and writes no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: "x" } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it("sorts keys by UTF-16 code units, not by code points", () => {
    // U+1F600 is the surrogate pair D83D DE00, which sorts before U+FF5A as UTF-16 (after it by code point).
    expect(canonicalJson({ "\uff5a": 3, "😀": 2, é: 1, Z: 0 })).toBe('{"Z":0,"é":1,"😀":2,"ｚ":3}');
  });

  it("writes numbers as ECMAScript does (RFC 8785)", () => {
    expect(canonicalJson([100, 12.5, 0.1, -0, 1e21, 1e-7, 0.000001, 123456789012, -3.25, 2.0])).toBe("[100,12.5,0.1,0,1e+21,1e-7,0.000001,123456789012,-3.25,2]");
  });

  it("keeps non-ASCII as UTF-8 and escapes only what JSON must", () => {
    expect(canonicalJson({ s: 'Kārachi 東京 🚀 "q" \\ \n\t\u0001\u007f\u2028' })).toBe('{"s":"Kārachi 東京 🚀 \\"q\\" \\\\ \\n\\t\\u0001\u007f\u2028"}');
  });

  it("gives the corner-case forms tabled in docs/audit-trail.md", () => {
    expect(canonicalJson({ "😀": true, "\uff5a": null, b: [1e21, 1e-7, 0.000001, -0, 12.5, 100], a: "é\n\u0001😀" })).toBe(
      '{"a":"é\\n\\u0001😀","b":[1e+21,1e-7,0.000001,0,12.5,100],"😀":true,"ｚ":null}',
    );
  });

  it("leaves undefined members out, as DynamoDB and JSON do", () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it.each([
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["undefined in an array", [1, undefined]],
    ["a Date", new Date(0)],
    ["a Set", new Set([1])],
    ["a Map", new Map()],
    ["a bigint", 1n],
    ["a function", () => 1],
    ["a lone surrogate", "\ud800"],
    ["a lone surrogate in a key", { "\udc00": 1 }],
  ])("refuses %s, which would not come back from storage as hashed", (_name, value) => {
    expect(() => canonicalJson({ v: value })).toThrow(/cannot be hashed/);
  });

  it("does not depend on key order (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(reorderKeys(value))).toBe(canonicalJson(value));
      }),
      { numRuns: 300 },
    );
  });

  it("is what JSON round trips give back (property): the API's JSON re-canonicalises to the same text", () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: "binary" }), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe("hashEvent", { timeout: 60_000 }, () => {
  it("matches the worked example in docs/audit-trail.md", () => {
    expect(canonicalEventJson(WORKED_1)).toBe(
      '{"action":"round.publish","actor":{"groups":["admin"],"sub":"4f1c2a9e-admin"},"at":"2026-01-15T09:30:00.000Z","data":{"lines":[{"category":"AI_DATA_CENTRE","mw":250,"region":"KE"}],"name":"Phase 1 (illustrative)","tariffUsdCentsPerKwh":9.5,"totalMw":2000},"entityId":"phase-1","entityType":"round","prevHash":"0000000000000000000000000000000000000000000000000000000000000000","seq":1}',
    );
    expect(hashEvent(WORKED_1)).toBe(WORKED_1_HASH);
    expect(hashEvent(WORKED_2)).toBe(WORKED_2_HASH);
    expect(verifyChain([sealEvent(WORKED_1), sealEvent(WORKED_2)])).toEqual({ ok: true, count: 2, head: { seq: 2, hash: WORKED_2_HASH, at: WORKED_2.at } });
  });

  it("verifies the NDJSON lines shown in docs/audit-trail.md", async () => {
    const doc = readFileSync(resolve(import.meta.dirname, "../../docs/audit-trail.md"), "utf8");
    const lines = [...doc.matchAll(/```json\n(.*?)\n```/gs)].map((m) => m[1]);
    expect(lines).toHaveLength(2);
    expect(await verifyNdjson(lines)).toMatchObject({ ok: true, count: 2, head: { seq: 2, hash: WORKED_2_HASH } });
    expect(doc).toContain(canonicalEventJson(WORKED_1));
    expect(doc).toContain(canonicalEventJson(WORKED_2));
  });

  it("hashes exactly the eight fields: stored keys and the hash itself do not count", () => {
    const withExtras = { ...WORKED_1, pk: "AUDIT", sk: "EVT#000000000001", hash: "f".repeat(64) } as UnhashedEvent;
    expect(hashEvent(withExtras)).toBe(WORKED_1_HASH);
  });

  it("changes when any field changes (property)", () => {
    const [base] = buildTrail(1);
    const fields = ["seq", "at", "actor", "action", "entityType", "entityId", "data", "prevHash"] as const;
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.jsonValue(), (field, value) => {
        fc.pre(canonicalJson(value) !== canonicalJson(base[field]));
        expect(hashEvent({ ...base, [field]: value } as UnhashedEvent)).not.toBe(base.hash);
      }),
      { numRuns: 300 },
    );
  });
});
