import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";
import { FUNCTION_DEFAULTS, SDK_LAYER_MODULES, SDK_LAYER_PACKAGE } from "../function-defaults.ts";

// Builds the SDK layer's contents: the locked AWS SDK packages the functions use (SDK_LAYER_MODULES),
// bundled and minified into one ES module per package, with the code they share split into chunks so
// the document client and the client it wraps are one copy and a function that loads DynamoDB and S3
// loads @smithy once; the credential providers Lambda never reaches (SSO, profiles, ...) stay in
// chunks that load only if asked for. Used by the CDK layer (lib/route-function.ts) and the benchmark.

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Layer module name (without .mjs) -> the package it holds. */
export function sdkLayerEntries(): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const [pkg, module] of Object.entries(SDK_LAYER_MODULES)) {
    const name = module.slice(SDK_LAYER_PACKAGE.length + 1).replace(/\.mjs$/, "");
    // One package per module (see SDK_LAYER_MODULES): two would shadow each other's names.
    if (entries[name]) throw new Error(`SDK layer: ${pkg} and ${entries[name]} both map to ${module}`);
    entries[name] = pkg;
  }
  return entries;
}

const lockedVersion = (pkg: string) => (JSON.parse(readFileSync(join(PROJECT_ROOT, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;

/**
 * Writes the layer's tree under `outDir`: nodejs/node_modules/sandbox-aws-sdk/, which Lambda puts on
 * the ES module search path. Returns the package directory.
 */
export function buildSdkLayer(outDir: string): string {
  const packageDir = join(outDir, "nodejs", "node_modules", SDK_LAYER_PACKAGE);
  rmSync(packageDir, { recursive: true, force: true });
  mkdirSync(packageDir, { recursive: true });
  const entries = sdkLayerEntries();
  buildSync({
    entryPoints: entries,
    outdir: packageDir,
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    minify: true,
    format: "esm",
    platform: "node",
    target: FUNCTION_DEFAULTS.esbuildTarget,
    mainFields: ["module", "main"],
    banner: { js: FUNCTION_DEFAULTS.requireBanner },
    legalComments: "none",
    logLevel: "warning",
    absWorkingDir: PROJECT_ROOT,
  });
  const exports = Object.fromEntries(Object.keys(entries).map((name) => [`./${name}.mjs`, `./${name}.mjs`]));
  const packages = Object.values(entries).sort();
  writeFileSync(
    join(packageDir, "package.json"),
    `${JSON.stringify(
      {
        name: SDK_LAYER_PACKAGE,
        private: true,
        type: "module",
        description: "The locked AWS SDK v3 packages the sandbox registry's functions use, pre-bundled (lib/sdk-layer/build.ts)",
        exports,
        sdkVersions: Object.fromEntries(packages.map((pkg) => [pkg, lockedVersion(pkg)])),
      },
      null,
      2,
    )}\n`,
  );
  return packageDir;
}
