import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AuditEvent } from "../../lambdas/domain/audit-chain.ts";
import { buildTrail, nextEvent, runCommand, runVerifier, toNdjson } from "./audit-fixture.ts";

// The CLI as an auditor runs it: a child process, exit codes and the one-line verdict.

let dir: string;
const trail = buildTrail(50);
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const ndjson = (name: string, events: unknown[]) => file(name, toNdjson(events));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "audit-cli-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run audit:verify", { timeout: 120_000 }, () => {
  it("prints exactly `ok <count> events, head <hash>` and exits 0 for an intact trail", async () => {
    const result = await runCommand("npm", ["run", "--silent", "audit:verify", "--", ndjson("good.ndjson", trail)]);
    expect(result).toMatchObject({ code: 0, stdout: `ok 50 events, head ${trail[49].hash}\n` });
  });
});

describe("audit-verify FILE", { timeout: 120_000 }, () => {
  it("exits 1 naming an altered event", async () => {
    const events = trail.map((e) => (e.seq === 17 ? { ...e, data: { ...e.data, mw: 40 } } : e));
    const result = await runVerifier([ndjson("altered.ndjson", events)]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^fail: seq 17: hash mismatch: .* \(line 17\)\n$/);
  });

  it("exits 1 naming a removed event", async () => {
    const result = await runVerifier([ndjson("removed.ndjson", trail.filter((e) => e.seq !== 23))]);
    expect(result).toMatchObject({ code: 1, stdout: "fail: seq 23: expected seq 23, found seq 24: event 23 is missing or out of order (line 23)\n" });
  });

  it("exits 1 naming the first of two reordered events", async () => {
    const events: AuditEvent[] = [...trail];
    [events[30], events[31]] = [events[31], events[30]];
    const result = await runVerifier([ndjson("reordered.ndjson", events)]);
    expect(result).toMatchObject({ code: 1, stdout: "fail: seq 31: expected seq 31, found seq 32: event 31 is missing or out of order (line 31)\n" });
  });

  it("exits 1 naming where an inserted event sits", async () => {
    const events: AuditEvent[] = [...trail];
    events.splice(10, 0, nextEvent(trail[9], 7, { data: { forged: true } }));
    const result = await runVerifier([ndjson("inserted.ndjson", events)]);
    expect(result).toMatchObject({ code: 1, stdout: "fail: seq 12: expected seq 12, found seq 11 again: an event was inserted, repeated or moved (line 12)\n" });
  });

  it("exits 1 naming the line of malformed JSON", async () => {
    const lines = toNdjson(trail).split("\n");
    lines[4] = lines[4].slice(0, 40);
    const result = await runVerifier([file("malformed.ndjson", lines.join("\n"))]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^fail: line 5: malformed JSON where seq 5 was expected/);
  });

  it("reads stdin for -", async () => {
    const result = await runVerifier(["-"], { input: toNdjson(trail.slice(0, 3)) });
    expect(result).toMatchObject({ code: 0, stdout: `ok 3 events, head ${trail[2].hash}\n` });
  });

  it("checks a saved checkpoint and a saved head", async () => {
    const good = ndjson("cp-good.ndjson", trail);
    const checkpoint = file("cp.json", JSON.stringify({ seq: 20, hash: trail[19].hash, at: trail[19].at, writtenAt: "2026-02-01T00:00:00.000Z" }));
    expect(await runVerifier([good, "--checkpoint", checkpoint])).toMatchObject({ code: 0 });

    const wrong = file("cp-wrong.json", JSON.stringify({ seq: 20, hash: trail[20].hash }));
    const mismatch = await runVerifier([good, "--checkpoint", wrong]);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stdout).toMatch(/^fail: seq 20: does not match the checkpoint/);

    const head = file("head.json", JSON.stringify({ seq: 50, hash: trail[49].hash, at: trail[49].at }));
    const truncated = await runVerifier([ndjson("truncated.ndjson", trail.slice(0, 48)), "--head", head]);
    expect(truncated).toMatchObject({ code: 1, stdout: "fail: seq 49: missing: the trail ends at seq 48 but the head is seq 50: events were removed from the end\n" });
  });

  it.each([
    ["no FILE", []],
    ["two FILEs", ["a.ndjson", "b.ndjson"]],
    ["an unknown option", ["--fast", "x.ndjson"]],
    ["a missing file", ["/nonexistent/audit.ndjson"]],
    ["--url without a token", ["--url", "http://127.0.0.1:9"]],
    ["a checkpoint that is not one", ["x.ndjson", "--checkpoint", "/nonexistent.json"]],
  ])("exits 2 on a usage error: %s", async (_name, args) => {
    const result = await runVerifier(args, { env: { AUDIT_TOKEN: "" } });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^audit-verify: /);
  });

  it("streams: 100,000 events verify in a heap far smaller than the file", async () => {
    const path = join(dir, "big.ndjson");
    const out = createWriteStream(path);
    let prev: AuditEvent | undefined;
    for (let i = 0; i < 100_000; i++) {
      prev = nextEvent(prev, i);
      if (!out.write(`${JSON.stringify(prev)}\n`)) await once(out, "drain");
    }
    out.end();
    await once(out, "close");
    const sizeMb = statSync(path).size / 2 ** 20;
    // The file is larger than the child's whole heap: even reading it into one string would fail.
    const heapMb = 40;
    expect(sizeMb).toBeGreaterThan(heapMb);
    const result = await runVerifier([path], { env: { NODE_OPTIONS: `--max-old-space-size=${heapMb}` } });
    expect(result).toMatchObject({ code: 0, stdout: `ok 100000 events, head ${prev!.hash}\n` });
  }, 300_000);
});
