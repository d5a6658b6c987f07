import { randomBytes } from "node:crypto";

import { handlerEnv, type EmulatorEnv } from "../../local/handler-env.ts";
export type { EmulatorEnv };

export const TEST_REGION = "us-east-1";

/** Unique per call: S3 bucket names are 3..63 lowercase letters, digits and hyphens. */
export function uniqueNames(): Pick<EmulatorEnv, "tableName" | "documentsBucket" | "checkpointBucket"> {
  const id = randomBytes(6).toString("hex");
  return { tableName: `test-${id}`, documentsBucket: `docs-${id}`, checkpointBucket: `checkpoints-${id}` };
}

/** Sets exactly the variables lambdas/env.ts reads, plus dummy credentials for the SDK's chain. */
export function applyEnv(e: EmulatorEnv): void {
  Object.assign(process.env, {
    ...handlerEnv(e),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "SILENT",
  });
}
