import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { App, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks, ServerlessChecks } from "cdk-nag";
import { SandboxStack } from "./sandbox-stack.ts";
import { readSettings } from "./settings.ts";
import type { WebBundle } from "./web-bundle.ts";

/** The CDK app: one region-agnostic stack per stage, checked by cdk-nag on every synth. */
export function buildApp(app: App = new App(), options: { webBundle?: WebBundle } = {}): { app: App; stack: SandboxStack } {
  const settings = readSettings(app.node);
  const stack = new SandboxStack(app, `SandboxRegistry-${settings.stageName}`, {
    settings,
    webBundle: options.webBundle,
    description: `Sandbox registry (${settings.stageName}): licensing workflow, register and audit trail`,
  });
  Tags.of(stack).add("project", "sandbox-registry");
  Tags.of(stack).add("stage", settings.stageName);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return { app, stack };
}

// `cdk synth` runs this file (the App synthesises itself when the CLI is the caller); tests import buildApp.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  buildApp();
}
