import { join } from "node:path";
import type { BuildOptions } from "esbuild";
import { PROJECT_ROOT } from "../../local/paths.ts";
import { FUNCTION_DEFAULTS, SDK_LAYER_MODULES } from "../../lib/function-defaults.ts";

// How the CDK construct (lib/route-function.ts) bundles and sizes every function: the same constants.

export interface CdkFunctionSettings {
  /** esbuild target, e.g. node24. */
  target: string;
  memoryMb: number;
  banner: string;
  architecture: typeof FUNCTION_DEFAULTS.architecture;
  /** Left out of the bundle: the SDK layer provides them. */
  externalModules: readonly string[];
  /** AWS SDK package -> the SDK layer's module for it. */
  sdkAliases: Readonly<Record<string, string>>;
}

export function readCdkSettings(): CdkFunctionSettings {
  return {
    target: FUNCTION_DEFAULTS.esbuildTarget,
    memoryMb: FUNCTION_DEFAULTS.memoryMb,
    banner: FUNCTION_DEFAULTS.requireBanner,
    architecture: FUNCTION_DEFAULTS.architecture,
    externalModules: FUNCTION_DEFAULTS.externalModules,
    sdkAliases: SDK_LAYER_MODULES,
  };
}

/**
 * NodejsFunction's esbuild call for these props: bundle, minify, platform node, ESM, external source
 * map without sources content, the AWS SDK imports rewritten to the SDK layer and left out,
 * module-first main fields, the banner.
 */
export function cdkEsbuildOptions(settings: CdkFunctionSettings): BuildOptions {
  return {
    bundle: true,
    minify: true,
    platform: "node",
    format: "esm",
    target: settings.target,
    mainFields: ["module", "main"],
    sourcemap: "external",
    sourcesContent: false,
    banner: { js: settings.banner },
    external: [...settings.externalModules],
    alias: { ...settings.sdkAliases },
    logLevel: "silent",
    absWorkingDir: PROJECT_ROOT,
    nodePaths: [join(PROJECT_ROOT, "node_modules")],
  };
}
