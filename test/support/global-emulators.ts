import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startDynamoLocal } from "../../local/dynamodb-local.ts";
import { groupAlive } from "../../local/process-group.ts";
import { startS3Local } from "../../local/s3-local.ts";

// One DynamoDB Local and one s3rver for the whole integration run: a JVM per test file would cost
// seconds each on two cores. Files stay isolated by table and bucket names (see per-file-env.ts).

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    s3Endpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The readiness probe uses the SDK in vitest's main process, where test.env does not apply.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const s3Dir = mkdtempSync(join(tmpdir(), "sandbox-s3-"));
  const dynamo = await startDynamoLocal();
  const s3 = await startS3Local({ directory: s3Dir }).catch(async (error) => {
    await dynamo.stop();
    throw error;
  });
  project.provide("dynamoEndpoint", dynamo.endpoint);
  project.provide("s3Endpoint", s3.endpoint);

  return async () => {
    await s3.stop();
    await dynamo.stop();
    rmSync(s3Dir, { recursive: true, force: true });
    // A JVM left behind would hold memory and a port on a shared 2-core machine: fail loudly.
    if (groupAlive(dynamo.pid)) throw new Error(`DynamoDB Local (process group ${dynamo.pid}) survived teardown`);
  };
}
