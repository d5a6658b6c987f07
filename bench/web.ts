import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, posix } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { initialScripts, INITIAL_JS_LIMIT_BYTES, measureInitialJs, staticImports } from "../frontend/scripts/bundle-size.ts";
import { PROJECT_ROOT } from "../local/paths.ts";
import type { Benchmark } from "./lib/context.ts";
import { atMost } from "./lib/figures.ts";

// The web app's initial JavaScript, gzip-compressed, as frontend/scripts/bundle-size.ts measures it
// (`npm run build:web`, then the entry script, its modulepreloads and their static imports).
// Floor: a React 19 app that renders one element, built by vite in production mode and measured the
// same way: the part of the budget React itself takes.

const run = promisify(execFile);

async function reactFloorGzipBytes(): Promise<number> {
  // Under node_modules so that `react` resolves from the project; removed afterwards.
  const dir = join(PROJECT_ROOT, "node_modules", ".cache", "sandbox-bench-web-floor");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    writeFileSync(join(dir, "index.html"), `<!doctype html><html><body><div id="root"></div><script type="module" src="/main.js"></script></body></html>\n`);
    writeFileSync(
      join(dir, "main.js"),
      `import { createElement } from "react";\nimport { createRoot } from "react-dom/client";\ncreateRoot(document.getElementById("root")).render(createElement("p", null, "hello"));\n`,
    );
    writeFileSync(join(dir, "vite.config.mjs"), `export default { root: ${JSON.stringify(dir)}, build: { outDir: "dist", emptyOutDir: true, target: "es2022" } };\n`);
    await run(join(PROJECT_ROOT, "node_modules", ".bin", "vite"), ["build", "--config", join(dir, "vite.config.mjs"), "--logLevel", "warn"], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NODE_ENV: "production" },
    });
    const dist = join(dir, "dist");
    const seen = new Set<string>();
    let total = 0;
    const visit = (url: string) => {
      if (seen.has(url)) return;
      seen.add(url);
      const content = readFileSync(join(dist, url.replace(/^\//, "")));
      total += gzipSync(content).length;
      for (const dep of staticImports(content.toString("utf8"))) visit(posix.join(posix.dirname(url), dep));
    };
    for (const url of initialScripts(readFileSync(join(dist, "index.html"), "utf8"))) visit(url);
    return total;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const webBenchmark: Benchmark = {
  name: "web",
  async run(ctx) {
    const report = await measureInitialJs({ build: true });
    const floor = await reactFloorGzipBytes();
    ctx.detail(`web: initial JS ${report.files.map((f) => `${f.file} ${(f.gzipBytes / 1024).toFixed(1)} KB gzip`).join(", ")}; raw ${(report.bytes / 1024).toFixed(1)} KB.`);
    return [atMost("web initial JS, gzip", report.gzipBytes / 1024, "KB", INITIAL_JS_LIMIT_BYTES / 1024, { floor: floor / 1024, note: "floor: React 19 hello world" })];
  },
};
