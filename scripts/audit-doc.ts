import { readFileSync, writeFileSync } from "node:fs";
import { spliceExample } from "./audit-example.ts";

// Rewrites the worked example of docs/audit-trail.md from scripts/audit-example.ts.
const path = new URL("../docs/audit-trail.md", import.meta.url);
writeFileSync(path, await spliceExample(readFileSync(path, "utf8")));
console.log("docs/audit-trail.md worked example updated");
