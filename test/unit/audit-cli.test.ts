import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sealEvent, type AuditEvent } from "../../lambdas/domain/audit-event.ts";
import { appendLeaves, foldNodes, rootOf, type Hash } from "../../lambdas/domain/merkle.ts";
import { startAuditApi, type StubServer } from "./audit-api-stub.ts";
import { ORIGIN, buildTrail, checkpointOf, leafHashes, makeEvent, makeKey, reseal, runCommand, runVerifier, toNdjson } from "./audit-fixture.ts";

// The CLI as an auditor runs it: a child process, exit codes and the one-line verdict; --url,
// --since and --prove against an HTTP server answering the API's audit-log routes.

let dir: string;
const trail = buildTrail(50);
const ROOT_HEX = rootOf(leafHashes(trail)).toString("hex");
const key = makeKey();
const otherKey = makeKey();
let note: string;
let notePath: string;

const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const ndjson = (name: string, events: readonly unknown[]) => file(name, toNdjson(events));
const verifyFile = (name: string, events: readonly unknown[], checkpoint = notePath, vkey = key.vkey) =>
  runVerifier([ndjson(name, events), "--checkpoint", checkpoint, "--key", vkey]);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "audit-cli-"));
  note = await checkpointOf(key.signer, trail);
  notePath = file("checkpoint.txt", note);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run audit:verify", { timeout: 120_000 }, () => {
  it("prints exactly `ok <count> events, root <hex>` and exits 0 for an intact log", async () => {
    const result = await runCommand("npm", ["run", "--silent", "audit:verify", "--", ndjson("good.ndjson", trail), "--checkpoint", notePath, "--key", key.vkey]);
    expect(result).toMatchObject({ code: 0, stdout: `ok 50 events, root ${ROOT_HEX}\n` });
  });
});

describe("audit-verify FILE --checkpoint NOTE --key VKEY", { timeout: 120_000 }, () => {
  it("exits 1 naming an altered event", async () => {
    const result = await verifyFile("altered.ndjson", trail.map((e) => (e.seq === 17 ? { ...e, data: { ...e.data, mw: 40 } } : e)));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^fail: seq 17: leaf hash mismatch: .* \(line 17\)\n$/);
  });

  it("exits 1 naming a removed, a reordered and an inserted event", async () => {
    const removed = await verifyFile("removed.ndjson", trail.filter((e) => e.seq !== 23));
    expect(removed).toMatchObject({ code: 1, stdout: "fail: seq 23: expected seq 23, found seq 24: event 23 is missing or out of order (line 23)\n" });

    const reordered: AuditEvent[] = [...trail];
    [reordered[30], reordered[31]] = [reordered[31], reordered[30]];
    expect(await verifyFile("reordered.ndjson", reordered)).toMatchObject({
      code: 1,
      stdout: "fail: seq 31: expected seq 31, found seq 32: event 31 is missing or out of order (line 31)\n",
    });

    const inserted: AuditEvent[] = [...trail];
    inserted.splice(10, 0, makeEvent(10, { data: { forged: true } }));
    expect(await verifyFile("inserted.ndjson", inserted)).toMatchObject({
      code: 1,
      stdout: "fail: seq 11: expected seq 11, found seq 10 again: an event was inserted, repeated or moved (line 11)\n",
    });
  });

  it("exits 1 naming the checkpoint when a forger re-sealed the events", async () => {
    const forged = reseal(trail.map((e) => (e.seq === 9 ? { ...e, entityId: "someone-else" } : e)), 8);
    const result = await verifyFile("resealed.ndjson", forged);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`^fail: checkpoint: the root of the first 50 events is [0-9a-f]{64}, the signed checkpoint says ${ROOT_HEX}`));
  });

  it("exits 1 naming the checkpoint when it is altered, signed by another key, or unsigned", async () => {
    const good = ndjson("good2.ndjson", trail);
    const altered = file("altered-note.txt", note.replace("\n50\n", "\n49\n"));
    const a = await runVerifier([good, "--checkpoint", altered, "--key", key.vkey]);
    expect(a).toMatchObject({ code: 1 });
    expect(a.stdout).toMatch(/^fail: checkpoint: .*altered-note\.txt: the checkpoint's signature by sandbox-registry\.test\/log does not verify/);

    const b = await runVerifier([good, "--checkpoint", notePath, "--key", otherKey.vkey]);
    expect(b.code).toBe(1);
    expect(b.stdout).toMatch(/^fail: checkpoint: .*is not signed by sandbox-registry\.test\/log\+[0-9a-f]{8}/);

    const unsigned = file("unsigned.txt", note.slice(0, note.indexOf("\n\n") + 1));
    const c = await runVerifier([good, "--checkpoint", unsigned, "--key", key.vkey]);
    expect(c.code).toBe(1);
    expect(c.stdout).toMatch(/^fail: checkpoint: .*no signature/);
  });

  it("exits 1 when the file ends before the checkpoint's size; reads the key from a file and the log from stdin", async () => {
    const short = await verifyFile("short.ndjson", trail.slice(0, 48));
    expect(short).toMatchObject({ code: 1, stdout: "fail: seq 49: missing: the events end at seq 48 but the checkpoint covers 50: events were removed from the end\n" });
    const keyFile = file("log.vkey", `${key.vkey}\n`);
    const stdin = await runVerifier(["-", "--checkpoint", notePath, "--key", keyFile], { input: toNdjson(trail) });
    expect(stdin).toMatchObject({ code: 0, stdout: `ok 50 events, root ${ROOT_HEX}\n` });
  });

  it.each([
    ["no FILE", []],
    ["no --checkpoint", ["x.ndjson", "--key", "k+00000000+AA=="]],
    ["no --key", ["x.ndjson", "--checkpoint", "cp.txt"]],
    ["two FILEs", ["a.ndjson", "b.ndjson"]],
    ["an unknown option", ["--fast", "x.ndjson"]],
    ["a key that is none", ["/nonexistent/audit.ndjson", "--checkpoint", "/nonexistent/cp.txt", "--key", "not-a-key"]],
    ["a missing checkpoint file", ["x.ndjson", "--checkpoint", "/nonexistent/cp.txt", "--key", "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"]],
    ["--prove without --url", ["x.ndjson", "--prove", "3"]],
    ["--url without a token", ["--url", "http://127.0.0.1:9"]],
    ["--url with a FILE", ["x.ndjson", "--url", "http://127.0.0.1:9", "--token", "t"]],
    ["--prove that is no seq", ["--url", "http://127.0.0.1:9", "--token", "t", "--prove", "0"]],
  ])("exits 2 on a usage error: %s", async (_name, args) => {
    const result = await runVerifier(args, { env: { AUDIT_TOKEN: "" } });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^audit-verify: /);
  });

  it("exits 2 when the file is missing", async () => {
    const result = await runVerifier(["/nonexistent/audit.ndjson", "--checkpoint", notePath, "--key", key.vkey]);
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toMatch(/cannot read \/nonexistent\/audit\.ndjson: ENOENT/);
  });

  it("streams: 100,000 events verify in a heap far smaller than the file", async () => {
    const path = join(dir, "big.ndjson");
    const out = createWriteStream(path);
    let size = 0;
    let frontier: Hash[] = [];
    for (let seq = 1; seq <= 100_000; seq++) {
      const event = makeEvent(seq);
      frontier = appendLeaves(size++, frontier, [Buffer.from(event.leafHash, "hex")]).frontier;
      if (!out.write(`${JSON.stringify(event)}\n`)) await once(out, "drain");
    }
    out.end();
    await once(out, "close");
    const root = foldNodes(frontier);
    const { signCheckpoint } = await import("../../lambdas/domain/checkpoint.ts");
    const bigNote = file("big-checkpoint.txt", await signCheckpoint(key.signer, ORIGIN, 100_000, root));
    const sizeMb = statSync(path).size / 2 ** 20;
    // The file is larger than the child's whole heap: even reading it into one string would fail.
    const heapMb = 40;
    expect(sizeMb).toBeGreaterThan(heapMb);
    const result = await runVerifier([path, "--checkpoint", bigNote, "--key", key.vkey], { env: { NODE_OPTIONS: `--max-old-space-size=${heapMb}` } });
    expect(result).toMatchObject({ code: 0, stdout: `ok 100000 events, root ${root.toString("hex")}\n` });
  }, 300_000);
});

describe("audit-verify --url", { timeout: 120_000 }, () => {
  let api: StubServer;
  const TOKEN = "auditor-token";

  beforeAll(async () => {
    api = await startAuditApi({
      token: TOKEN,
      events: trail,
      leaves: leafHashes(trail),
      checkpoint: note,
      key: { origin: ORIGIN, keyName: ORIGIN, vkey: key.vkey },
    });
  });
  afterAll(() => api.close());

  /** Restores the stub's log after a test changed it. */
  const reset = async () => {
    api.log.events = trail;
    api.log.leaves = leafHashes(trail);
    api.log.checkpoint = note;
    api.log.key = { origin: ORIGIN, keyName: ORIGIN, vkey: key.vkey };
  };

  it("pages every event up to the latest checkpoint and checks root and signature", async () => {
    await reset();
    api.log.requests.length = 0;
    const saved = join(dir, "saved.ndjson");
    const result = await runVerifier(["--url", api.url, "--token", TOKEN, "--key", key.vkey, "--save", saved]);
    expect(result).toMatchObject({ code: 0, stdout: `ok 50 events, root ${ROOT_HEX}\n` });
    expect(readFileSync(saved, "utf8")).toBe(toNdjson(trail));
    expect(api.log.requests).toEqual(["GET /api/audit/checkpoint", "GET /api/audit/events?afterSeq=0&limit=50"]);
  });

  it("without --key uses the API's key and says it should be pinned", async () => {
    await reset();
    const result = await runVerifier(["--url", `${api.url}/api`, "--token", TOKEN]);
    expect(result).toMatchObject({ code: 0, stdout: `ok 50 events, root ${ROOT_HEX}\n` });
    expect(result.stderr).toContain(key.vkey);
    expect(result.stderr).toMatch(/pin that key/);
  });

  it("names an event the API serves altered, and a checkpoint signed by a key other than the pinned one", async () => {
    await reset();
    api.log.events = trail.map((e) => (e.seq === 33 ? { ...e, entityId: "moved" } : e));
    const altered = await runVerifier(["--url", api.url, "--token", TOKEN, "--key", key.vkey]);
    expect(altered.code).toBe(1);
    expect(altered.stdout).toMatch(/^fail: seq 33: leaf hash mismatch/);

    await reset();
    api.log.checkpoint = await checkpointOf(otherKey.signer, trail);
    const swapped = await runVerifier(["--url", api.url, "--token", TOKEN, "--key", key.vkey]);
    expect(swapped.code).toBe(1);
    expect(swapped.stdout).toMatch(/^fail: checkpoint: the latest checkpoint \(GET \/audit\/checkpoint\): the checkpoint is not signed by/);
  });

  it("finds the first event re-hashed in the store with consistency proofs from the signed tree", async () => {
    await reset();
    api.log.events = trail.map((e) => (e.seq === 33 ? sealEvent({ ...e, entityId: "moved" }) : e));
    api.log.requests.length = 0;
    const result = await runVerifier(["--url", api.url, "--token", TOKEN, "--key", key.vkey]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^fail: seq 33: not the event the signed checkpoint holds at leaf 32: it was altered and its leafHash recomputed, or events were inserted, removed or reordered there \(the root of the first 50 events is [0-9a-f]{64}, the signed checkpoint says [0-9a-f]{64}\)\n$/,
    );
    expect(api.log.requests.filter((r) => r.startsWith("GET /api/audit/consistency?")).length).toBeLessThanOrEqual(6);
  });

  it("exits 2 when the API refuses the token", async () => {
    await reset();
    const result = await runVerifier(["--url", api.url, "--token", "wrong", "--key", key.vkey]);
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toMatch(/answered 401/);
  });

  it("--since: proves the log only grew from a saved checkpoint", async () => {
    await reset();
    const saved = file("saved-20.txt", await checkpointOf(key.signer, trail, 20));
    api.log.requests.length = 0;
    const result = await runVerifier(["--url", api.url, "--token", TOKEN, "--key", key.vkey, "--since", saved]);
    expect(result).toMatchObject({ code: 0, stdout: `ok 50 events, root ${ROOT_HEX}\n` });
    expect(api.log.requests).toEqual(["GET /api/audit/checkpoint", "GET /api/audit/consistency?from=20&to=50"]);
    expect(await runVerifier(["--url", api.url, "--token", TOKEN, "--key", key.vkey, "--since", notePath])).toMatchObject({ code: 0 });
  });

  it("--since: names the checkpoint when history was rewritten or the log shrank", async () => {
    await reset();
    const saved = file("saved-20b.txt", await checkpointOf(key.signer, trail, 20));
    // The log rewrote event 5 and signed a new history of 50.
    const forged = reseal(trail.map((e) => (e.seq === 5 ? { ...e, entityId: "x" } : e)), 4);
    api.log.events = forged;
    api.log.leaves = leafHashes(forged);
    api.log.checkpoint = await checkpointOf(key.signer, forged);
    const rewritten = await runVerifier(["--url", api.url, "--token", TOKEN, "--key", key.vkey, "--since", saved]);
    expect(rewritten.code).toBe(1);
    expect(rewritten.stdout).toMatch(/^fail: checkpoint: the latest checkpoint \(50 events\) does not extend the saved one \(20 events\)/);

    await reset();
    api.log.checkpoint = await checkpointOf(key.signer, trail, 10);
    const shrank = await runVerifier(["--url", api.url, "--token", TOKEN, "--key", key.vkey, "--since", file("saved-20c.txt", await checkpointOf(key.signer, trail, 20))]);
    expect(shrank.code).toBe(1);
    expect(shrank.stdout).toMatch(/^fail: checkpoint: the latest checkpoint covers 10 events, fewer than the saved one's 20/);
  });

  it("--prove: checks one event's inclusion without the log", async () => {
    await reset();
    api.log.requests.length = 0;
    const result = await runVerifier(["--url", api.url, "--token", TOKEN, "--key", key.vkey, "--prove", "7"]);
    expect(result).toMatchObject({ code: 0, stdout: `ok 50 events, root ${ROOT_HEX}\n` });
    expect(result.stderr).toMatch(/seq 7 is leaf 6 of the signed checkpoint of 50 events/);
    expect(api.log.requests).toEqual(expect.arrayContaining(["GET /api/audit/events/7/proof?treeSize=50", "GET /api/audit/events?afterSeq=6&limit=1"]));
    expect(api.log.requests.filter((r) => r.startsWith("GET /api/audit/events?"))).toHaveLength(1);
  });

  it("--prove: names an altered event, a forged leaf, and cannot check an event the checkpoint does not cover", async () => {
    await reset();
    api.log.events = trail.map((e) => (e.seq === 7 ? { ...e, action: "licence.revoke" } : e));
    const altered = await runVerifier(["--url", api.url, "--token", TOKEN, "--key", key.vkey, "--prove", "7"]);
    expect(altered.code).toBe(1);
    expect(altered.stdout).toMatch(/^fail: seq 7: leaf hash mismatch/);

    const resealed = sealEvent({ ...trail[6], action: "licence.revoke" });
    api.log.events = trail.map((e) => (e.seq === 7 ? resealed : e));
    api.log.leaves = leafHashes(api.log.events);
    const forged = await runVerifier(["--url", api.url, "--token", TOKEN, "--key", key.vkey, "--prove", "7"]);
    expect(forged.code).toBe(1);
    expect(forged.stdout).toMatch(/^fail: seq 7: not in the signed checkpoint of 50 events/);

    await reset();
    const beyond = await runVerifier(["--url", api.url, "--token", TOKEN, "--key", key.vkey, "--prove", "51"]);
    expect(beyond).toMatchObject({ code: 2, stdout: "" });
    expect(beyond.stderr).toMatch(/seq 51 is not covered by the latest checkpoint \(50 events\) yet/);
  });
});
