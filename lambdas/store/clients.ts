import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { env } from "../env.ts";

// Built once per cold start, never per request.
let ddb: DynamoDBDocumentClient | undefined;
let s3: S3Client | undefined;

export function dynamo(): DynamoDBDocumentClient {
  if (!ddb) {
    const { region, dynamoEndpoint } = env();
    const client = new DynamoDBClient({
      region,
      ...(dynamoEndpoint ? { endpoint: dynamoEndpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
      maxAttempts: 3,
    });
    ddb = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false } });
  }
  return ddb;
}

export function s3Client(): S3Client {
  if (!s3) {
    const { region, s3Endpoint } = env();
    s3 = new S3Client({
      region,
      ...(s3Endpoint
        ? { endpoint: s3Endpoint, forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } }
        : {}),
      // Checksums only when an operation requires them: presigned URLs must not carry SDK-added checksum params.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }
  return s3;
}

export function tableName(): string {
  return env().tableName;
}
