import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AuditEvent } from "../../lambdas/domain/audit-event.ts";
import { consistencyProof, inclusionProof, type Hash } from "../../lambdas/domain/merkle.ts";

// The auditor API's audit-log answers (shapes of the API contract's "Audit log" routes), served
// from memory by node:http on a free port, so the CLI's --url, --since and --prove run against a
// real HTTP server. Each field is read per request: a test changes what the "log" answers.

export interface StubLog {
  token: string;
  /** What GET /api/audit/events pages through. */
  events: AuditEvent[];
  /** The leaf hashes the proofs are computed over (the tree as stored: may differ from `events`). */
  leaves: Hash[];
  /** GET /api/audit/checkpoint */
  checkpoint: string;
  /** GET /api/audit/checkpoint/key */
  key: { origin: string; keyName: string; vkey: string };
  /** Every request, for assertions on what the CLI asked. */
  requests: string[];
}

export interface StubServer {
  url: string;
  log: StubLog;
  close(): Promise<void>;
}

const hex = (hashes: Hash[]) => hashes.map((h) => h.toString("hex"));

export async function startAuditApi(log: Omit<StubLog, "requests">): Promise<StubServer> {
  const state: StubLog = { ...log, requests: [] };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://stub");
    state.requests.push(`${req.method} ${url.pathname}${url.search}`);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": status >= 400 ? "application/problem+json" : "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${state.token}`) return json(401, { type: "about:blank", title: "Unauthorized", status: 401 });
    const int = (name: string) => {
      const value = url.searchParams.get(name);
      return value === null ? undefined : Number(value);
    };
    const path = url.pathname;
    if (path === "/api/audit/checkpoint") {
      res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
      return res.end(state.checkpoint);
    }
    if (path === "/api/audit/checkpoint/key") return json(200, state.key);
    if (path === "/api/audit/events") {
      const after = int("afterSeq") ?? 0;
      const limit = int("limit") ?? 25;
      if (!(limit >= 1 && limit <= 100)) return json(400, { title: "Bad Request", status: 400, detail: "limit: 1..100" });
      const start = state.events.findIndex((e) => e.seq > after);
      const items = start < 0 ? [] : state.events.slice(start, start + limit);
      const more = start >= 0 && start + limit < state.events.length;
      return json(200, { items, nextCursor: more ? Buffer.from(`after:${items.at(-1)!.seq}`).toString("base64url") : null });
    }
    const proof = /^\/api\/audit\/events\/(\d+)\/proof$/.exec(path);
    if (proof) {
      const seq = Number(proof[1]);
      const treeSize = int("treeSize") ?? state.leaves.length;
      if (seq > treeSize || treeSize > state.leaves.length) return json(404, { title: "Not Found", status: 404 });
      return json(200, { seq, leafIndex: seq - 1, treeSize, leafHash: state.leaves[seq - 1].toString("hex"), hashes: hex(inclusionProof(seq - 1, treeSize, state.leaves)) });
    }
    if (path === "/api/audit/consistency") {
      const from = int("from")!;
      const to = int("to")!;
      if (!(from > 0 && from <= to && to <= state.leaves.length)) return json(400, { title: "Bad Request", status: 400 });
      return json(200, { from, to, hashes: hex(consistencyProof(from, to, state.leaves)) });
    }
    return json(404, { title: "Not Found", status: 404 });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log: state,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
