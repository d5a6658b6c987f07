import { createReadStream, statSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";

// The web app's build (frontend/dist) on the API's origin, as CloudFront serves it on AWS: real
// files by path, index.html for client-side routes. Without a build, a small page says what runs here.

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
  ".wasm": "application/wasm",
};

const SECURITY_HEADERS = { "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" };

/** Serves a GET/HEAD for a non-/api path. `pathname` is the raw (still percent-encoded) path. */
export function serveStatic(root: string, pathname: string, head: boolean, res: ServerResponse, fallbackPage: () => string): void {
  if (!isFile(join(root, "index.html"))) {
    send(res, 200, "text/html; charset=utf-8", Buffer.from(fallbackPage()), head, "no-store");
    return;
  }
  const file = resolveInside(root, pathname);
  if (file === undefined) {
    send(res, 400, "text/plain; charset=utf-8", Buffer.from("Bad path\n"), head, "no-store");
    return;
  }
  if (isFile(file)) {
    streamFile(res, file, head);
    return;
  }
  // Client-side routes have no extension; a missing asset (/assets/x.js) must be a 404, not HTML
  // that the browser would then try to run as a script.
  if (extname(pathname) !== "") {
    send(res, 404, "text/plain; charset=utf-8", Buffer.from("Not found\n"), head, "no-store");
    return;
  }
  streamFile(res, join(root, "index.html"), head);
}

/** Decodes and normalises the path, refusing anything that would leave `root` (../, encoded or not). */
function resolveInside(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0")) return undefined;
  const relative = normalize(decoded).replace(/^([/\\])+/, "");
  const full = join(root, relative);
  const base = root.endsWith(sep) ? root : root + sep;
  if (full !== root && !full.startsWith(base)) return undefined;
  return relative === "" ? join(root, "index.html") : full;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function streamFile(res: ServerResponse, file: string, head: boolean): void {
  const type = TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
  // Vite fingerprints everything under assets/; index.html must be re-read to pick up new builds.
  const cache = file.includes(`${sep}assets${sep}`) ? "public, max-age=31536000, immutable" : "no-cache";
  const size = statSync(file).size;
  res.writeHead(200, { "content-type": type, "content-length": size, "cache-control": cache, ...SECURITY_HEADERS });
  if (head) {
    res.end();
    return;
  }
  createReadStream(file)
    .on("error", () => res.destroy())
    .pipe(res);
}

function send(res: ServerResponse, status: number, type: string, body: Buffer, head: boolean, cache: string): void {
  res.writeHead(status, { "content-type": type, "content-length": body.length, "cache-control": cache, ...SECURITY_HEADERS });
  res.end(head ? undefined : body);
}

/** What GET / answers when frontend/dist has not been built. */
export function apiOnlyPage(baseUrl: string): string {
  const curl = `curl -s -X POST ${baseUrl}/api/dev/token -H 'content-type: application/json' -d '{"sub":"applicant-a","groups":["applicant"]}'`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sandbox registry (local)</title></head>
<body>
<h1>Sandbox registry: local API</h1>
<p>The web app is not built (run <code>npm run build:web</code> and reload). The HTTP API answers under <a href="/api/health">/api</a>;
its contract is the OpenAPI document at <a href="/api/openapi.json">/api/openapi.json</a>.</p>
<h2>Getting a token</h2>
<p>In local mode a dev issuer signs tokens for any persona. Groups: applicant, reviewer, admin, auditor.</p>
<pre>${escapeHtml(curl)}</pre>
<p>Then send <code>Authorization: Bearer &lt;access_token&gt;</code>. Public keys: <a href="/api/dev/jwks.json">/api/dev/jwks.json</a>.</p>
</body></html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
