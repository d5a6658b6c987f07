import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { freePort } from "../../local/free-port.ts";

// The real local runtime (`npm start` = tsx local/start.ts) on a free port with a throw-away DATA_DIR,
// serving the freshly built web app and the API on one origin, as the browser will see it.

export const PROJECT_ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

export interface RunningApp {
  url: string;
  dataDir: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** `npm run build:web` in a child: vitest sets NODE_ENV=test, which would give React's development build. */
export async function buildWebApp(): Promise<void> {
  await promisify(execFile)(join(PROJECT_ROOT, "node_modules", ".bin", "vite"), ["build", "--config", "frontend/vite.config.ts", "--logLevel", "warn"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NODE_ENV: "production" },
  });
}

export async function startApp(timeoutMs = 180_000): Promise<RunningApp> {
  const dataDir = await mkdtemp(join(tmpdir(), "sandbox-e2e-"));
  const port = await freePort();
  // Started in its own process group so stop() reaches tsx, node and the DynamoDB Local JVM alike.
  const child: ChildProcess = spawn(join(PROJECT_ROOT, "node_modules", ".bin", "tsx"), ["local/start.ts"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: "WARN" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  child.stdout!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((done) => child.once("exit", () => done()));

  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`npm start did not listen within ${timeoutMs} ms:\n${log}`)), timeoutMs);
    const onData = () => {
      const match = /listening on (http:\/\/\S+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        ok(match[1]);
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`npm start exited (${code}) before listening:\n${log}`));
    });
  });

  return {
    url,
    dataDir,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null && child.pid) {
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {
          // already gone
        }
        const forced = setTimeout(() => {
          try {
            if (child.pid) process.kill(-child.pid, "SIGKILL");
          } catch {
            // exited meanwhile
          }
        }, 20_000);
        await exited;
        clearTimeout(forced);
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
