import { readFileSync, writeFileSync } from "node:fs";
import { spliceWorkflowDoc } from "../lambdas/domain/workflow-doc.ts";

// Rewrites the README's workflow section from lambdas/domain/workflow.ts.
const path = new URL("../README.md", import.meta.url);
writeFileSync(path, spliceWorkflowDoc(readFileSync(path, "utf8")));
console.log("README.md workflow section updated");
