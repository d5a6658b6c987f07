import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson, sealEvent } from "../../lambdas/domain/audit-event.ts";
import { verifyNdjson } from "../../lambdas/domain/audit-verify.ts";
import { parseCheckpoint, verifyCheckpoint } from "../../lambdas/domain/checkpoint.ts";
import { verifyConsistency, verifyInclusion } from "../../lambdas/domain/merkle.ts";
import { spliceExample } from "../../scripts/audit-example.ts";
import { buildTrail, checkpointOf, makeKey, reseal, toNdjson } from "./audit-fixture.ts";

// docs/audit-trail.md: its worked example is what the code computes, and what the page shows
// verifies (read back from the page itself, not from the generator); the page's Python verifier
// agrees with audit:verify.

const DOC_PATH = "docs/audit-trail.md";
const doc = readFileSync(DOC_PATH, "utf8");
const PYTHON = "scripts/verify_audit_log.py";

/** The fenced blocks of the worked example, in order. */
const example = doc.slice(doc.indexOf("<!-- audit-example:start"), doc.indexOf("<!-- audit-example:end"));
const blocks = [...example.matchAll(/```(\w*)\n(.*?)\n```/gs)].map((m) => ({ lang: m[1], body: m[2] }));
const ndjson = `${blocks.find((b) => b.lang === "ndjson")!.body}\n`;
const notes = blocks.filter((b) => b.body.includes("\n\u2014 ")).map((b) => `${b.body}\n`);
const [note5, note3] = notes;
const vkey = /example key `([^`]+)`/.exec(example)![1];
const [inclusion, consistency] = blocks.filter((b) => b.lang === "json").map((b) => JSON.parse(b.body));
const rootRow = (label: string) => Buffer.from(new RegExp(`\\| ${label} = [^|]*(?:\\\\\\|[^|]*)*\\| [^|]+ \\| \`([0-9a-f]{64})\``).exec(example)![1], "hex");

let dir: string;
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const python = (args: string[], input?: string) => {
  const run = spawnSync("python3", [PYTHON, ...args], { encoding: "utf8", input });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "audit-doc-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("docs/audit-trail.md worked example", { timeout: 60_000 }, () => {
  it("is exactly what scripts/audit-example.ts computes (run `npm run docs:audit` after changing it)", async () => {
    expect(await spliceExample(doc)).toBe(doc);
  });

  it("verifies as shown: the events against the size-5 checkpoint, its signature, both proofs", async () => {
    expect(blocks.length).toBeGreaterThanOrEqual(7);
    const head5 = verifyCheckpoint(note5, vkey);
    const head3 = verifyCheckpoint(note3, vkey);
    expect(head5.treeSize).toBe(5);
    expect(head3.treeSize).toBe(3);
    expect(head5.root).toEqual(rootRow("root of size 5"));
    expect(head3.root).toEqual(rootRow("root of size 3"));
    expect(await verifyNdjson(ndjson.split("\n"), head5)).toMatchObject({ ok: true, count: 5, root: head5.root });

    const events = ndjson.trim().split("\n").map((l) => JSON.parse(l));
    expect(inclusion).toMatchObject({ seq: 3, leafIndex: 2, treeSize: 5, leafHash: events[2].leafHash });
    const hashes = (list: string[]) => list.map((h) => Buffer.from(h, "hex"));
    expect(verifyInclusion(2, 5, Buffer.from(inclusion.leafHash, "hex"), hashes(inclusion.hashes), head5.root)).toBe(true);
    expect(consistency).toMatchObject({ from: 3, to: 5 });
    expect(verifyConsistency(3, 5, head3.root, head5.root, hashes(consistency.hashes))).toBe(true);
    // The shell line on the page: SHA-256 of 0x00 and the canonical text shown is seq 1's leafHash.
    expect(example).toContain(`${events[0].leafHash}  -`);
  });

  it("tables the canonical forms the code writes", () => {
    expect(doc).toContain(`\`${canonicalJson({ "😀": true, "\uff5a": null, b: [1e21, 1e-7, 0.000001, -0, 12.5, 100], a: "é\n\u0001😀" })}\``);
    expect(doc).toContain(`\`${canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: "x" } })}\``);
  });

  it("points to the sequencer's page", () => {
    expect(doc).toMatch(/## Sequencing and pending events\n[^#]*\(sequencer\.md\)/);
  });
});

describe("the Python verifier (scripts/verify_audit_log.py)", { timeout: 120_000 }, () => {
  it("verifies the worked example as the page says", () => {
    const run = python([file("example.ndjson", ndjson), "--checkpoint", file("example-5.txt", note5), "--key", file("example.vkey", `${vkey}\n`)]);
    expect(run).toMatchObject({ code: 0, stdout: `ok 5 events, root ${rootRow("root of size 5").toString("hex")}\n` });
  });

  it("gives the same verdicts as audit:verify on a generated log, intact and tampered", async () => {
    const trail = buildTrail(300);
    const key = makeKey();
    const note = file("py-note.txt", await checkpointOf(key.signer, trail));
    const cases: Array<[string, unknown[]]> = [
      ["intact", trail],
      ["altered", trail.map((e) => (e.seq === 137 ? { ...e, data: { ...e.data, mw: 1 } } : e))],
      ["removed", trail.filter((e) => e.seq !== 42)],
      ["reordered", trail.map((e, i) => (i === 200 ? trail[201] : i === 201 ? trail[200] : e))],
      ["resealed", reseal(trail.map((e) => (e.seq === 99 ? sealEvent({ ...e, entityId: "moved" }) : e)), 98)],
      ["short", trail.slice(0, 290)],
    ];
    for (const [name, events] of cases) {
      const path = file(`py-${name}.ndjson`, toNdjson(events));
      const run = python([path, "--checkpoint", note, "--key", key.vkey]);
      const head = parseCheckpoint(readFileSync(note, "utf8"));
      const ts = await verifyNdjson(toNdjson(events).split("\n"), { treeSize: head.treeSize, root: head.root });
      const expected = ts.ok ? `ok ${ts.count} events, root ${ts.root.toString("hex")}` : `fail: ${ts.fault.message}`;
      expect(run.code, `${name}: ${run.stderr}`).toBe(ts.ok ? 0 : 1);
      if (name === "resealed") {
        // Same finding; the TypeScript line adds a hint about --prove.
        expect(run.stdout).toMatch(/^fail: checkpoint: the root of the first 300 events is [0-9a-f]{64}, the signed checkpoint says/);
      } else {
        expect(run.stdout, name).toBe(`${expected}\n`);
      }
    }
    expect(python([file("py-altered2.ndjson", toNdjson(cases[1][1])), "--checkpoint", note, "--key", key.vkey]).stdout).toMatch(/^fail: seq 137: leaf hash mismatch/);
  });

  it("refuses a checkpoint signed by another key, or altered; exits 2 when it cannot check", async () => {
    const trail = buildTrail(5);
    const key = makeKey();
    const note = await checkpointOf(key.signer, trail);
    const log = file("py-small.ndjson", toNdjson(trail));
    const other = python([log, "--checkpoint", file("py-n1.txt", note), "--key", makeKey().vkey]);
    expect(other.code).toBe(1);
    expect(other.stdout).toMatch(/^fail: checkpoint: the checkpoint is not signed by/);
    const altered = python([log, "--checkpoint", file("py-n2.txt", note.replace("\n5\n", "\n4\n")), "--key", key.vkey]);
    expect(altered).toMatchObject({ code: 1, stdout: expect.stringMatching(/^fail: checkpoint: the checkpoint's signature by .* does not verify/) });
    expect(python([log]).code).toBe(2);
    expect(python(["/nonexistent.ndjson", "--checkpoint", file("py-n3.txt", note), "--key", key.vkey]).code).toBe(2);
  });

  it("writes the same canonical JSON as canonicalJson for arbitrary JSON values (property)", () => {
    const values = fc.sample(fc.jsonValue({ maxDepth: 4 }), { numRuns: 400, seed: 15 });
    values.push(...[5e-324, 1e21, 0.1 + 0.2, 2 ** 53 + 2, -1.5e-7, 123e-20, 1e300, { "\uff5a": 1, "😀": 2, é: [null, true] }]);
    const input = values.map((v) => JSON.stringify(v)).join("\n");
    const driver = [
      "import importlib.util, json, sys",
      `spec = importlib.util.spec_from_file_location("v", ${JSON.stringify(PYTHON)})`,
      "v = importlib.util.module_from_spec(spec); spec.loader.exec_module(v)",
      "for line in sys.stdin.read().split('\\n'):",
      "    print(v.canonical_json(json.loads(line)))",
    ].join("\n");
    const run = spawnSync("python3", ["-c", driver], { encoding: "utf8", input });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.split("\n").slice(0, values.length);
    values.forEach((value, i) => expect(lines[i], JSON.stringify(value)).toBe(canonicalJson(JSON.parse(JSON.stringify(value)))));
  });
});
