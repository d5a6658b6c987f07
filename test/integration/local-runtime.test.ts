import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { groupAlive } from "../../local/process-group.ts";
import { freePort } from "../../local/free-port.ts";
import { PROJECT_ROOT } from "../../local/paths.ts";

// `npm start` as a developer runs it: a real child process, real signals. Proves it serves, stops
// cleanly on SIGTERM and on a terminal's Ctrl-C (SIGINT to the whole process group) without leaving
// a JVM behind (nor when it is killed outright), and that tokens, records, documents and the audit head survive a restart on the same DATA_DIR.

interface Runtime {
  child: ChildProcess;
  url: string;
  runtimePid: number;
  javaPid: number;
  /** MailDev leads its own process group too. */
  mailPid: number;
  dynamoEndpoint: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** stdout reached EOF: every process holding the pipe (npx, tsx, the runtime) is gone. */
  outputClosed: Promise<void>;
}

const started: Runtime[] = [];
const dirs: string[] = [];

// The test worker's own per-file emulator settings must not leak into the runtime under test.
const INHERITED_ONLY = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !["TABLE_NAME", "DOCUMENTS_BUCKET", "CHECKPOINT_BUCKET", "DYNAMODB_ENDPOINT", "S3_ENDPOINT"].includes(k)),
);

function startRuntime(dataDir: string, port: number): Promise<Runtime> {
  const child = spawn("npx", ["tsx", "local/start.ts"], {
    cwd: PROJECT_ROOT,
    // Its own process group, like a shell job, so the test can signal the group as a terminal does.
    detached: true,
    env: { ...INHERITED_ONLY, PORT: String(port), DATA_DIR: dataDir, SEED: "none", LOG_LEVEL: "SILENT", MAILDEV_PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const outputClosed = new Promise<void>((resolve) => child.stdout!.once("end", () => resolve()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );

  return new Promise((resolve, reject) => {
    const onData = () => {
      const listening = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (!listening) return;
      child.stdout!.off("data", onData);
      const runtime = /^runtime: pid (\d+)/m.exec(out);
      const dynamo = /^dynamodb local: (\S+) \(pid (\d+)\)$/m.exec(out);
      const mail = /^mail: http:\/\/127\.0\.0\.1:\d+ \(smtp 127\.0\.0\.1:\d+, pid (\d+)\)$/m.exec(out);
      if (!runtime || !dynamo || !mail) return reject(new Error(`start.ts did not print its pids:\n${out}`));
      const r: Runtime = {
        child,
        url: listening[1],
        runtimePid: Number(runtime[1]),
        javaPid: Number(dynamo[2]),
        mailPid: Number(mail[1]),
        dynamoEndpoint: dynamo[1],
        output: () => out,
        exited,
        outputClosed,
      };
      started.push(r);
      resolve(r);
    };
    child.stdout!.on("data", onData);
    void exited.then(({ code, signal }) => reject(new Error(`start.ts exited (${code ?? signal}) before listening:\n${out}`)));
  });
}

function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-runtime-"));
  dirs.push(dir);
  return dir;
}

/** Polls (bounded) until the process group has no member left: a stop takes a moment to propagate. */
async function groupGone(pgid: number, withinMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

async function token(url: string, sub: string, groups: string[]): Promise<string> {
  const res = await fetch(`${url}/api/dev/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ sub, groups }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

afterAll(async () => {
  // Whatever a failed assertion left running is killed outright, JVM included.
  for (const r of started) {
    for (const pgid of [r.child.pid!, r.javaPid, r.mailPid]) {
      try {
        process.kill(-pgid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("npm start (local/start.ts)", () => {
  it("serves, stops on SIGTERM with exit 0 and no JVM left, and keeps tokens and data across a restart", { timeout: 240_000 }, async () => {
    const dataDir = tempDataDir();
    const port = await freePort();
    const first = await startRuntime(dataDir, port);

    const health = await fetch(`${first.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const applicant = await token(first.url, "applicant-a", ["applicant"]);
    expect((await fetch(`${first.url}/api/applications`, { headers: { authorization: `Bearer ${applicant}` } })).status).toBe(200);

    // Written through the API before the restart: an application, a verified document in S3, audit events.
    const call = (url: string, method: string, path: string, body?: unknown) =>
      fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${applicant}`, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const created = (await (await call(first.url, "POST", "/api/applications", { category: "BITCOIN_MINING", organisation: { legalName: "Restart Mining" } })).json()) as { id: string };
    const pdf = Buffer.from("%PDF-1.4\nrestart\n%%EOF\n");
    const declared = (await (
      await call(first.url, "POST", `/api/applications/${created.id}/documents`, {
        type: "AML_CFT_POLICY", fileName: "aml.pdf", contentType: "application/pdf", sizeBytes: pdf.length, sha256: createHash("sha256").update(pdf).digest("hex"),
      })
    ).json()) as { documentId: string; upload: { url: string; headers: Record<string, string> } };
    expect((await fetch(declared.upload.url, { method: "PUT", headers: declared.upload.headers, body: new Uint8Array(pdf) })).ok).toBe(true);
    expect((await call(first.url, "POST", `/api/applications/${created.id}/documents/${declared.documentId}/confirm`)).status).toBe(200);
    const recordBefore = await (await call(first.url, "GET", `/api/applications/${created.id}`)).json();
    const auditor = await token(first.url, "auditor-1", ["auditor"]);
    const readHead = async (url: string) => (await fetch(`${url}/api/audit/events/head`, { headers: { authorization: `Bearer ${auditor}` } })).json();
    // The runtime's sequencer numbers the events within milliseconds: wait until none is pending.
    let headBefore = await readHead(first.url);
    while (headBefore.pendingEvents > 0) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      headBefore = await readHead(first.url);
    }
    expect(headBefore).toMatchObject({ seq: 3, pendingEvents: 0 }); // created, document declared, document verified (SEED=none)
    const checkpointBefore = await (await fetch(`${first.url}/api/audit/checkpoint`, { headers: { authorization: `Bearer ${auditor}` } })).text();

    process.kill(first.runtimePid, "SIGTERM");
    expect(await first.exited).toEqual({ code: 0, signal: null });
    await first.outputClosed;
    expect(first.output()).toMatch(/^stopped$/m);
    expect(groupAlive(first.javaPid)).toBe(false);
    expect(groupAlive(first.mailPid)).toBe(false);

    const second = await startRuntime(dataDir, port);
    expect(second.javaPid).not.toBe(first.javaPid);
    // Same key in DATA_DIR, same issuer URL: a token from before the restart still verifies.
    const res = await fetch(`${second.url}/api/applications`, { headers: { authorization: `Bearer ${applicant}` } });
    expect(res.status).toBe(200);
    expect(await (await call(second.url, "GET", `/api/applications/${created.id}`)).json()).toEqual(recordBefore);
    const link = (await (await call(second.url, "GET", `/api/applications/${created.id}/documents/${declared.documentId}`)).json()) as { url: string };
    expect(Buffer.from(await (await fetch(link.url)).arrayBuffer())).toEqual(pdf);
    // The log, its signed checkpoint and the key in DATA_DIR survive the restart.
    expect(await readHead(second.url)).toEqual(headBefore);
    expect(await (await fetch(`${second.url}/api/audit/checkpoint`, { headers: { authorization: `Bearer ${auditor}` } })).text()).toBe(checkpointBefore);

    process.kill(second.runtimePid, "SIGTERM");
    expect((await second.exited).code).toBe(0);
    expect(groupAlive(second.javaPid)).toBe(false);
  });

  it("leaves no JVM (and no process of its group) behind after Ctrl-C (SIGINT to the whole group)", { timeout: 180_000 }, async () => {
    const runtime = await startRuntime(tempDataDir(), await freePort());
    expect(groupAlive(runtime.javaPid)).toBe(true);

    process.kill(-runtime.child.pid!, "SIGINT");
    await runtime.outputClosed;
    expect(await groupGone(runtime.child.pid!)).toBe(true);
    expect(runtime.output()).toMatch(/^SIGINT: shutting down$/m);
    expect(runtime.output()).toMatch(/^stopped$/m);
    expect(groupAlive(runtime.javaPid)).toBe(false);
    expect(groupAlive(runtime.mailPid)).toBe(false);
  });

  it("keeps every write it acknowledged when its whole process group is killed with SIGKILL", { timeout: 300_000 }, async () => {
    const dataDir = tempDataDir();
    const port = await freePort();
    const first = await startRuntime(dataDir, port);
    const applicant = await token(first.url, "applicant-a", ["applicant"]);
    const create = (i: number) =>
      fetch(`${first.url}/api/applications`, {
        method: "POST",
        headers: { authorization: `Bearer ${applicant}`, "content-type": "application/json" },
        body: JSON.stringify({ category: "BITCOIN_MINING", organisation: { legalName: `Crash Test ${i}` } }),
      });
    // Concurrent creates; the group is killed the moment the last answer is in.
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => create(i)));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(201));
    const ids = await Promise.all(answers.map(async (a) => ((await a.json()) as { id: string }).id));
    process.kill(-first.child.pid!, "SIGKILL");
    await first.outputClosed;
    // The watchdog stops the JVM (SIGTERM, then SIGKILL after the grace period).
    expect(await groupGone(first.javaPid)).toBe(true);

    const second = await startRuntime(dataDir, port);
    for (const id of ids) {
      const res = await fetch(`${second.url}/api/applications/${id}`, { headers: { authorization: `Bearer ${applicant}` } });
      expect(res.status, id).toBe(200);
    }
    const auditor = await token(second.url, "auditor-1", ["auditor"]);
    const records = (await (await fetch(`${second.url}/api/audit/applications?limit=100`, { headers: { authorization: `Bearer ${auditor}` } })).json()) as { items: { id: string }[] };
    expect(records.items.map((i) => i.id).sort()).toEqual([...ids].sort());
    // ... and each one's event: no change without its event after the crash either.
    const log = (await (await fetch(`${second.url}/api/audit/events?limit=100`, { headers: { authorization: `Bearer ${auditor}` } })).json()) as { items: { action: string; entityId: string }[] };
    expect(log.items.filter((e) => e.action === "application.created").map((e) => e.entityId).sort()).toEqual([...ids].sort());
    process.kill(second.runtimePid, "SIGTERM");
    expect((await second.exited).code).toBe(0);
  });

  it("leaves no JVM behind when the runtime is killed outright (SIGKILL runs no exit handler)", { timeout: 180_000 }, async () => {
    const runtime = await startRuntime(tempDataDir(), await freePort());
    expect(groupAlive(runtime.javaPid)).toBe(true);

    expect(groupAlive(runtime.mailPid)).toBe(true);
    process.kill(runtime.runtimePid, "SIGKILL");
    await runtime.outputClosed;
    expect(await groupGone(runtime.javaPid)).toBe(true);
    // MailDev's watchdog stops its group the same way (local/process-group.ts).
    expect(await groupGone(runtime.mailPid)).toBe(true);
  });
});
