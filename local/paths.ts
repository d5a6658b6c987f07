import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: everything the runtime loads (handlers, web build, .data) is found from here, not from cwd. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
