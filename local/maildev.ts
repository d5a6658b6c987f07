import { createServer, request, type Server } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./free-port.ts";
import { spawnGroup } from "./process-group.ts";

// MailDev: a real SMTP server with a web inbox and a REST API, so the notifier's mail can be read
// locally. Its own process group, stopped with the runtime, never an orphan (process-group.ts).
// MailDev 3 serves its REST API under /api (GET /api/email); the documented local contract, and every
// MailDev 2 script, reads GET /email. So MailDev listens on an internal port and a small proxy on the
// public one answers both: /email... is forwarded as /api/email..., everything else as it is.

export interface MailDev {
  smtpPort: number;
  webPort: number;
  /** The web inbox and REST API. */
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const HOST = "127.0.0.1";

/** The CLI beside the package's entry point (its exports map offers nothing else). */
function maildevBin(): string {
  return join(dirname(fileURLToPath(import.meta.resolve("maildev"))), "bin", "maildev.js");
}

/** Starts MailDev; the web port is `webPort` when free (MAILDEV_PORT, default 1080), else a free one. */
export async function startMailDev(options: { webPort?: number; startTimeoutMs?: number } = {}): Promise<MailDev> {
  const preferred = options.webPort ?? 1080;
  const [smtpPort, innerPort] = [await freePort(HOST), await freePort(HOST)];
  const group = spawnGroup(process.execPath, [maildevBin(), "--smtp", String(smtpPort), "--web", String(innerPort), "--ip", HOST, "--web-ip", HOST, "--silent"]);
  let proxy: Server | undefined;
  try {
    await waitUntilReady(`http://${HOST}:${innerPort}/api/email`, group.exited, options.startTimeoutMs ?? 30_000);
    proxy = await listenProxy(innerPort, (await isFree(preferred)) ? preferred : 0);
  } catch (error) {
    await group.stop(0);
    throw new Error(`MailDev did not start: ${(error as Error).message}\n${group.output()}`, { cause: error });
  }
  const address = proxy.address();
  const webPort = typeof address === "object" && address ? address.port : preferred;
  const server = proxy;
  return {
    smtpPort,
    webPort,
    url: `http://${HOST}:${webPort}`,
    pid: group.pid,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await group.stop();
    },
  };
}

/** The public web port: /email... -> MailDev's /api/email..., anything else unchanged. */
function listenProxy(innerPort: number, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const path = req.url ?? "/";
    const target = /^\/email(\/|\?|$)/.test(path) ? `/api${path}` : path;
    const upstream = request({ host: HOST, port: innerPort, method: req.method, path: target, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end("MailDev is not answering");
    });
    req.pipe(upstream);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, HOST, () => resolve(server));
  });
}

async function isFree(port: number): Promise<boolean> {
  if (port === 0) return false;
  const { createServer } = await import("node:net");
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, HOST, () => server.close(() => resolve(true)));
  });
}

async function waitUntilReady(url: string, exited: Promise<void>, timeoutMs: number): Promise<void> {
  let dead = false;
  void exited.then(() => (dead = true));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (dead) throw new Error("maildev exited");
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`no answer from ${url} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
