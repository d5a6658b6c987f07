import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildOpenApi } from "../lambdas/schemas/openapi.ts";

// `npm run lint:openapi`: the document GET /api/openapi.json serves, written to a temp file and
// checked by Redocly CLI's recommended ruleset (offline: the document has no remote $refs).
// Exits with redocly's status: 0 when it finds no error (warnings are printed, not fatal).

const dir = mkdtempSync(join(tmpdir(), "openapi-lint-"));
const file = join(dir, "openapi.json");
try {
  writeFileSync(file, JSON.stringify(buildOpenApi(), null, 2));
  const args = ["lint", file, "--extends", "recommended", ...process.argv.slice(2)];
  const bin = join(import.meta.dirname, "..", "node_modules", ".bin", "redocly");
  const run = spawnSync(bin, args, { stdio: "inherit", env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
