// The environment that points the handlers (lambdas/env.ts) at the local emulators. One place, used by
// `npm start`, the test harness and the benchmark, so all three run the handlers configured alike.

export interface EmulatorEnv {
  tableName: string;
  documentsBucket: string;
  checkpointBucket: string;
  dynamoEndpoint: string;
  s3Endpoint: string;
  region: string;
}

export function handlerEnv(e: EmulatorEnv): Record<string, string> {
  return {
    TABLE_NAME: e.tableName,
    DOCUMENTS_BUCKET: e.documentsBucket,
    CHECKPOINT_BUCKET: e.checkpointBucket,
    DYNAMODB_ENDPOINT: e.dynamoEndpoint,
    S3_ENDPOINT: e.s3Endpoint,
    AWS_REGION: e.region,
    AWS_DEFAULT_REGION: e.region,
    // Dummy credentials, always: nothing started locally may ever reach real AWS with a developer's keys.
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
  };
}
