import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { env } from "../env.ts";
import { traced } from "../observability/tracing.ts";

// Built once per cold start, never per request. The S3 client lives in s3-client.ts: the SDK is not
// in the bundles (it comes from the SDK layer, lib/sdk-layer), where an unused import is not dropped,
// so importing it here would load the S3 client into every function.
let ddb: DynamoDBDocumentClient | undefined;

export function dynamo(): DynamoDBDocumentClient {
  if (!ddb) {
    const { region, dynamoEndpoint } = env();
    const client = new DynamoDBClient({
      region,
      ...(dynamoEndpoint ? { endpoint: dynamoEndpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
      maxAttempts: 3,
    });
    // Captured before the document client wraps it: its every command goes through this client.
    ddb = DynamoDBDocumentClient.from(traced(client), { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } });
  }
  return ddb;
}

export function tableName(): string {
  return env().tableName;
}
