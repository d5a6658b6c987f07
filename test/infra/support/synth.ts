import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import type { CloudAssembly } from "aws-cdk-lib/cx-api";
import { buildApp } from "../../../lib/app.ts";
import { PROJECT_ROOT } from "../../../lib/route-function.ts";
import type { SandboxStack } from "../../../lib/sandbox-stack.ts";
import type { WebBundle } from "../../../lib/web-bundle.ts";

export type Resources = Record<string, { Type: string; Properties?: Record<string, any>; DependsOn?: string[]; DeletionPolicy?: string }>;

export interface Synthed {
  app: App;
  stack: SandboxStack;
  template: Template;
  resources: Resources;
  assembly: CloudAssembly;
  /** Findings left after acknowledgements, as `<rule> at <construct path>`. */
  findings: string[];
  /** Where the synth staged the asset behind an S3 key: a function's code, a layer's content, a deployment's files. */
  assetDir(s3Key: unknown): string;
  dispose(): void;
}

/** The committed cdk.json context: the tests synthesise exactly what `cdk synth` does. */
export function cdkContext(): Record<string, any> {
  return JSON.parse(readFileSync(join(PROJECT_ROOT, "cdk.json"), "utf8")).context;
}

export interface SynthOptions {
  /** Merged over the sandbox stage block. */
  stage?: Record<string, unknown>;
  /** false skips asset bundling (esbuild, vite), as `cdk synth --exclusively` does for other stacks. */
  bundle?: boolean;
  /** Overrides the web bundle found on disk. */
  webBundle?: WebBundle;
}

/** Builds the app as lib/app.ts does (cdk-nag included) into a temporary cloud assembly. */
export function synthSandbox(options: SynthOptions = {}): Synthed {
  const context = cdkContext();
  const outdir = mkdtempSync(join(tmpdir(), "sandbox-cdk-"));
  const app = new App({
    outdir,
    context: {
      ...context,
      sandbox: { ...context.sandbox, ...options.stage },
      ...(options.bundle === false ? { "aws:cdk:bundling-stacks": [] } : {}),
    },
  });
  const { stack } = buildApp(app, { webBundle: options.webBundle });
  const assembly = app.synth();
  const template = Template.fromStack(stack);
  return {
    app,
    stack,
    template,
    resources: template.toJSON().Resources as Resources,
    assembly,
    findings: validationFindings(assembly.directory),
    assetDir: (s3Key) => join(assembly.directory, `asset.${String(s3Key).replace(/\.zip$/, "")}`),
    dispose: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** What the policy-validation plugins (cdk-nag) still report, read from the assembly's report. */
export function validationFindings(assemblyDir: string): string[] {
  const report = JSON.parse(readFileSync(join(assemblyDir, "validation-report.json"), "utf8")) as {
    pluginReports: { pluginName: string; violations: { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] }[] }[];
  };
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.flatMap((v) => v.violatingConstructs.map((c) => `${plugin.pluginName} ${v.severity} ${v.ruleName} at ${c.constructPath}`)),
  );
}

export function resourcesOfType(resources: Resources, type: string): [string, Resources[string]][] {
  return Object.entries(resources).filter(([, r]) => r.Type === type);
}
