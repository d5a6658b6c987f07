import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDynamoLocal, type DynamoLocal } from "../../local/dynamodb-local.ts";
import { groupAlive } from "../../local/process-group.ts";
import { startS3Local, type S3Local } from "../../local/s3-local.ts";
import { provision } from "../../local/provision.ts";
import { applyEnv, TEST_REGION, uniqueNames, type EmulatorEnv } from "../../test/support/emulator-env.ts";

// DynamoDB Local (in memory) and s3rver on free ports with a temp dir, for one bench run. The env the
// handlers read is set here, before any handler module is imported, exactly as the test setup does.

export interface Emulators {
  env: EmulatorEnv;
  dynamo: DynamoLocal;
  s3: S3Local;
  /** A fresh table and buckets on the same emulators (a benchmark that needs its own data). */
  freshNames(): Promise<EmulatorEnv>;
  stop(): Promise<void>;
}

export async function startEmulators(): Promise<Emulators> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const s3Dir = mkdtempSync(join(tmpdir(), "bench-s3-"));
  const dynamo = await startDynamoLocal();
  let s3: S3Local;
  try {
    s3 = await startS3Local({ directory: s3Dir });
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
  const base = { dynamoEndpoint: dynamo.endpoint, s3Endpoint: s3.endpoint, region: TEST_REGION };
  const env: EmulatorEnv = { ...uniqueNames(), ...base };
  applyEnv(env);
  await provision(env);

  return {
    env,
    dynamo,
    s3,
    async freshNames() {
      const fresh = { ...uniqueNames(), ...base };
      await provision(fresh);
      return fresh;
    },
    async stop() {
      await s3.stop().catch(() => {});
      await dynamo.stop();
      rmSync(s3Dir, { recursive: true, force: true });
      if (groupAlive(dynamo.pid)) throw new Error(`DynamoDB Local (process group ${dynamo.pid}) survived the stop`);
    },
  };
}
