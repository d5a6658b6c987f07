import { randomBytes } from "node:crypto";

/** What a test file (or the runtime) needs in process.env to reach the emulators. */
export interface EmulatorEnv {
  tableName: string;
  documentsBucket: string;
  checkpointBucket: string;
  dynamoEndpoint: string;
  s3Endpoint: string;
  region: string;
}

export const TEST_REGION = "us-east-1";

/** Unique per call: S3 bucket names are 3..63 lowercase letters, digits and hyphens. */
export function uniqueNames(): Pick<EmulatorEnv, "tableName" | "documentsBucket" | "checkpointBucket"> {
  const id = randomBytes(6).toString("hex");
  return { tableName: `test-${id}`, documentsBucket: `docs-${id}`, checkpointBucket: `checkpoints-${id}` };
}

/** Sets exactly the variables lambdas/env.ts reads, plus dummy credentials for the SDK's chain. */
export function applyEnv(e: EmulatorEnv): void {
  Object.assign(process.env, {
    TABLE_NAME: e.tableName,
    DOCUMENTS_BUCKET: e.documentsBucket,
    CHECKPOINT_BUCKET: e.checkpointBucket,
    DYNAMODB_ENDPOINT: e.dynamoEndpoint,
    S3_ENDPOINT: e.s3Endpoint,
    AWS_REGION: e.region,
    AWS_DEFAULT_REGION: e.region,
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "SILENT",
  });
}
