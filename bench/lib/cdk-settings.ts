import { join } from "node:path";
import type { BuildOptions } from "esbuild";
import { PROJECT_ROOT } from "../../local/paths.ts";
import { FUNCTION_DEFAULTS } from "../../lib/function-defaults.ts";

// How the CDK construct (lib/route-function.ts) bundles and sizes every function: the same constants.

export interface CdkFunctionSettings {
  /** esbuild target, e.g. node24. */
  target: string;
  memoryMb: number;
  banner: string;
  architecture: typeof FUNCTION_DEFAULTS.architecture;
  /** Left out of the bundle: the Lambda runtime provides them. */
  externalModules: readonly string[];
}

export function readCdkSettings(): CdkFunctionSettings {
  return {
    target: FUNCTION_DEFAULTS.esbuildTarget,
    memoryMb: FUNCTION_DEFAULTS.memoryMb,
    banner: FUNCTION_DEFAULTS.requireBanner,
    architecture: FUNCTION_DEFAULTS.architecture,
    externalModules: FUNCTION_DEFAULTS.externalModules,
  };
}

/**
 * NodejsFunction's esbuild call for these props: bundle, minify, platform node, ESM, external source
 * map without sources content, the AWS SDK left to the runtime, module-first main fields, the banner.
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
    logLevel: "silent",
    absWorkingDir: PROJECT_ROOT,
    nodePaths: [join(PROJECT_ROOT, "node_modules")],
  };
}
