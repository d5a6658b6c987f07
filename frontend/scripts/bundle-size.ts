import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join, posix, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";

// The initial JavaScript a first visit downloads: the entry script in dist/index.html plus every
// chunk it preloads, each gzip-compressed (zlib default level, as a CDN would serve it).
// Run: `npx tsx frontend/scripts/bundle-size.ts` (builds first; `--no-build` measures dist as it is).

export const INITIAL_JS_LIMIT_BYTES = 120 * 1024;

const frontendDir = resolve(fileURLToPath(new URL("..", import.meta.url)));
const distDir = join(frontendDir, "dist");

export interface InitialJsReport {
  files: { file: string; bytes: number; gzipBytes: number }[];
  bytes: number;
  gzipBytes: number;
  limitBytes: number;
  withinLimit: boolean;
}

/** `npm run build:web`, in a child with NODE_ENV=production: a caller under NODE_ENV=test (vitest) would otherwise measure React's development build. */
export async function buildWeb(): Promise<void> {
  const projectRoot = resolve(frontendDir, "..");
  await promisify(execFile)(join(projectRoot, "node_modules", ".bin", "vite"), ["build", "--config", "frontend/vite.config.ts", "--logLevel", "warn"], {
    cwd: projectRoot,
    env: { ...process.env, NODE_ENV: "production" },
  });
}

/** Script URLs the HTML loads before any user action: module entry scripts and modulepreloads. */
export function initialScripts(html: string): string[] {
  const urls = new Set<string>();
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
    const src = /\bsrc="([^"]+)"/.exec(tag)?.[1];
    if (src) urls.add(src);
  }
  for (const tag of html.match(/<link\b[^>]*>/g) ?? []) {
    if (/\brel="modulepreload"/.test(tag)) {
      const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
      if (href) urls.add(href);
    }
  }
  return [...urls].filter((u) => !/^https?:/.test(u));
}

/** Chunks a chunk imports statically (`import{x}from"./a.js"`, `import"./b.js"`); dynamic `import()` is left out. */
export function staticImports(code: string): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(/\b(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g)) found.push(m[1]);
  return found;
}

export async function measureInitialJs(options: { build?: boolean } = {}): Promise<InitialJsReport> {
  if (options.build ?? true) await buildWeb();
  const html = await readFile(join(distDir, "index.html"), "utf8");
  const seen = new Set<string>();
  const files: InitialJsReport["files"] = [];
  const visit = async (url: string) => {
    if (seen.has(url)) return;
    seen.add(url);
    const content = await readFile(join(distDir, url.replace(/^\//, "")));
    files.push({ file: url, bytes: content.length, gzipBytes: gzipSync(content).length });
    for (const dep of staticImports(content.toString("utf8"))) await visit(posix.join(posix.dirname(url), dep));
  };
  for (const url of initialScripts(html)) await visit(url);
  const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
  const gzipBytes = files.reduce((sum, f) => sum + f.gzipBytes, 0);
  return { files, bytes, gzipBytes, limitBytes: INITIAL_JS_LIMIT_BYTES, withinLimit: gzipBytes <= INITIAL_JS_LIMIT_BYTES };
}

async function main(): Promise<void> {
  const report = await measureInitialJs({ build: !process.argv.includes("--no-build") });
  for (const f of report.files) console.log(`${f.file}  ${(f.bytes / 1024).toFixed(1)} KiB, gzip ${(f.gzipBytes / 1024).toFixed(1)} KiB`);
  console.log(
    `initial JS: ${(report.gzipBytes / 1024).toFixed(1)} KiB gzip (${(report.bytes / 1024).toFixed(1)} KiB raw), limit ${report.limitBytes / 1024} KiB: ${report.withinLimit ? "ok" : "OVER"}`,
  );
  process.exitCode = report.withinLimit ? 0 : 1;
}

// Importable by the benchmark without side effects; runs only as a script.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
