import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../local/paths.ts";
import { spliceResults, type BenchResults } from "./lib/results-doc.ts";

// `npm run bench:docs`: the latest full `npm run bench` (bench/results.json) into README.md and
// docs/performance.md.
const results = JSON.parse(readFileSync(join(PROJECT_ROOT, "bench", "results.json"), "utf8")) as BenchResults;
for (const file of ["README.md", join("docs", "performance.md")]) {
  const path = join(PROJECT_ROOT, file);
  writeFileSync(path, spliceResults(readFileSync(path, "utf8"), results));
  console.log(`${file}: latest results from ${results.at}`);
}
