import { afterAll, inject } from "vitest";
import { DeleteTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { provision } from "../../local/provision.ts";
import { applyEnv, TEST_REGION, uniqueNames, type EmulatorEnv } from "./emulator-env.ts";

// Runs before every integration/api test file, in the file's own module graph: a fresh table and
// fresh buckets per file, so files can run in parallel against the shared emulators without seeing
// each other's data, and lambdas/env.ts (read lazily, cached per module graph) picks these names up.

export const testEnv: EmulatorEnv = {
  ...uniqueNames(),
  dynamoEndpoint: inject("dynamoEndpoint"),
  s3Endpoint: inject("s3Endpoint"),
  region: TEST_REGION,
};
applyEnv(testEnv);
await provision(testEnv);

// The in-memory JVM keeps every table until the run ends; dropping ours keeps its heap small.
// Buckets live in a temp dir removed by the global teardown.
afterAll(async () => {
  const client = new DynamoDBClient({ region: testEnv.region, endpoint: testEnv.dynamoEndpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  try {
    await client.send(new DeleteTableCommand({ TableName: testEnv.tableName }));
  } catch {
    // Already gone or emulator stopping: nothing to clean.
  }
  client.destroy();
});
