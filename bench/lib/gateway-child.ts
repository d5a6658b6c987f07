import "./preamble.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startGateway } from "../../local/gateway.ts";
import { PERSONAS } from "../../test/support/api.ts";

// The dev gateway in a process of its own, on the table named by its environment: the audit-export
// benchmark needs one per trail size (handlers read TABLE_NAME once per process) and wants the
// server's memory apart from the bench's. Prints one line with its URL and an auditor token; on
// SIGTERM closes and prints its peak RSS.

const dataDir = mkdtempSync(join(tmpdir(), "bench-gateway-"));
const gateway = await startGateway({ port: 0, dataDir, logError: (m, e) => process.stderr.write(`[gateway-child] ${m} ${(e as Error)?.message ?? ""}\n`) });
const token = (await gateway.issuer.issueToken(PERSONAS.auditor)).access_token;
process.stdout.write(`BENCH_GATEWAY ${JSON.stringify({ url: gateway.url, token })}\n`);

process.on("SIGTERM", () => {
  void gateway.close().finally(() => {
    rmSync(dataDir, { recursive: true, force: true });
    process.stdout.write(`BENCH_RSS ${process.resourceUsage().maxRSS}\n`);
    process.exit(0);
  });
});
