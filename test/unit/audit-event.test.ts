import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EVENT_FIELDS, canonicalEventJson, canonicalJson, eventLeafHash, sealEvent, type UnhashedEvent } from "../../lambdas/domain/audit-event.ts";
import { makeEvent } from "./audit-fixture.ts";

/** The same value with every object's keys in another order (reversed, then rotated by depth). */
function reorderKeys(value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) return value.map((v) => reorderKeys(v, depth + 1));
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value).reverse();
  const rotated = entries.length ? [...entries.slice(depth % entries.length), ...entries.slice(0, depth % entries.length)] : entries;
  return Object.fromEntries(rotated.map(([k, v]) => [k, reorderKeys(v, depth + 1)]));
}

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

describe("event leaf hash", { timeout: 60_000 }, () => {
  const event: UnhashedEvent = {
    seq: 1,
    eventId: "01JH5Q7Z0000000000000000AB",
    at: "2026-01-15T09:30:00.000Z",
    actor: { sub: "4f1c2a9e-admin", groups: ["admin"] },
    action: "round.publish",
    entityType: "round",
    entityId: "phase-1",
    data: { totalMw: 2000, name: "Phase 1" },
  };

  it("is SHA-256 of 0x00 then the canonical JSON of exactly the eight fields, keys sorted", () => {
    const canonical =
      '{"action":"round.publish","actor":{"groups":["admin"],"sub":"4f1c2a9e-admin"},"at":"2026-01-15T09:30:00.000Z","data":{"name":"Phase 1","totalMw":2000},' +
      '"entityId":"phase-1","entityType":"round","eventId":"01JH5Q7Z0000000000000000AB","seq":1}';
    expect(canonicalEventJson(event)).toBe(canonical);
    const expected = createHash("sha256").update(Buffer.concat([Buffer.from([0]), Buffer.from(canonical, "utf8")])).digest("hex");
    expect(eventLeafHash(event)).toBe(expected);
    // Not the plain SHA-256 of the text: the 0x00 prefix is what keeps a leaf from passing for a node.
    expect(eventLeafHash(event)).not.toBe(createHash("sha256").update(canonical).digest("hex"));
  });

  it("ignores stored keys and the leafHash itself; sealEvent answers the fields in API order", () => {
    const withExtras = { ...event, pk: "AUDIT", sk: "SEQ#1", leafHash: "f".repeat(64) } as UnhashedEvent;
    expect(eventLeafHash(withExtras)).toBe(eventLeafHash(event));
    const sealed = sealEvent(withExtras);
    expect(Object.keys(sealed)).toEqual([...EVENT_FIELDS]);
    expect(sealed.leafHash).toBe(eventLeafHash(event));
  });

  it("changes when any field changes (property)", () => {
    const base = makeEvent(5);
    const fields = ["seq", "eventId", "at", "actor", "action", "entityType", "entityId", "data"] as const;
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.jsonValue(), (field, value) => {
        fc.pre(canonicalJson(value) !== canonicalJson(base[field]));
        expect(eventLeafHash({ ...base, [field]: value } as UnhashedEvent)).not.toBe(base.leafHash);
      }),
      { numRuns: 300 },
    );
  });
});
