import "./lib/preamble.ts";
import { writeFileSync } from "node:fs";
import { cpus, totalmem, release } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { PROJECT_ROOT } from "../local/paths.ts";
import { openContext, type Benchmark } from "./lib/context.ts";
import { markdownTable, type Figure } from "./lib/figures.ts";
import { missedLine, type BenchResults } from "./lib/results-doc.ts";
import { bundlesBenchmark } from "./bundles.ts";
import { coldInitBenchmark } from "./cold-init.ts";
import { capacityBenchmark } from "./capacity.ts";
import { costBenchmark } from "./cost.ts";
import { latencyBenchmark } from "./latency.ts";
import { hotLineBenchmark } from "./hot-line.ts";
import { auditExportBenchmark } from "./audit-export.ts";
import { auditLogBenchmark } from "./audit-log.ts";
import { webBenchmark } from "./web.ts";
import { meterReadingsBenchmark } from "./meter-readings.ts";

// `npm run bench [-- --only name,name]`: every benchmark against the local stack on this machine.
// Writes bench/results.json and prints a Markdown table; exits 1 when any figure misses its budget.
// docs/performance.md explains the floors and ratios.

const BENCHMARKS: Benchmark[] = [bundlesBenchmark, coldInitBenchmark, capacityBenchmark, costBenchmark, latencyBenchmark, hotLineBenchmark, auditLogBenchmark, auditExportBenchmark, meterReadingsBenchmark, webBenchmark];

const USAGE = `usage: npm run bench [-- --only ${BENCHMARKS.map((b) => b.name).join(",")}]`;

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { only: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const only = values.only?.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = only?.filter((name) => !BENCHMARKS.some((b) => b.name === name)) ?? [];
  if (unknown.length) {
    process.stderr.write(`unknown benchmark ${unknown.join(", ")}\n${USAGE}\n`);
    return 2;
  }
  const selected = only ? BENCHMARKS.filter((b) => only.includes(b.name)) : BENCHMARKS;

  const started = performance.now();
  const ctx = await openContext();
  // Ctrl-C must not leave the JVM behind: DynamoDB Local runs in its own process group, so the
  // terminal's signal does not reach it, and an exit by signal skips its exit hook.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n[bench] ${signal}: stopping the emulators\n`);
      void ctx.close().finally(() => process.exit(130));
    });
  }
  const figures: Figure[] = [];
  const failures: string[] = [];
  try {
    for (const benchmark of selected) {
      const t = performance.now();
      ctx.log(`${benchmark.name}: running`);
      try {
        figures.push(...(await benchmark.run(ctx)));
      } catch (error) {
        // One broken benchmark should not hide the others' figures; it still fails the run.
        failures.push(`${benchmark.name}: ${(error as Error).stack ?? error}`);
        figures.push({ name: `${benchmark.name} (did not complete)`, value: 0, unit: "", budget: "completes", ok: false, note: (error as Error).message.slice(0, 200) });
      }
      ctx.log(`${benchmark.name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
  } finally {
    await ctx.close();
  }
  const seconds = (performance.now() - started) / 1000;

  const results: BenchResults = {
    at: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? "unknown",
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      os: `${process.platform} ${release()}`,
      seconds: Math.round(seconds),
      only: only ?? null,
    },
    figures,
    details: ctx.details,
  };
  writeFileSync(join(PROJECT_ROOT, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  const details = ctx.details.length ? `\nDetails:\n${ctx.details.map((d) => `- ${d}`).join("\n")}\n` : "";
  process.stdout.write(`${markdownTable(figures)}\n${details}\n${missedLine(results)}\n`);
  if (!only) process.stderr.write("[bench] npm run bench:docs puts this run into README.md and docs/performance.md\n");
  for (const failure of failures) process.stderr.write(`\n${failure}\n`);
  return figures.every((f) => f.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`bench: ${(error as Error).stack ?? error}\n`);
    process.exit(2);
  },
);
