import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, PutBucketCorsCommand, S3Client } from "@aws-sdk/client-s3";
import { INDEX_ATTRIBUTES, TABLE_INDEXES, TABLE_KEYS, TTL_ATTRIBUTE } from "../lambdas/store/table-schema.ts";
import { LOCAL_CORS_RULE } from "./s3-cors.ts";

// Creates what the CDK stack creates on AWS, from the same table schema, so handlers see the same
// table locally. Idempotent: safe on every start and on a DATA_DIR that already holds everything.

export interface ProvisionTarget {
  region: string;
  dynamoEndpoint: string;
  s3Endpoint: string;
  tableName: string;
  documentsBucket: string;
  checkpointBucket: string;
}

// s3rver checks signatures against its one built-in key pair; DynamoDB Local accepts anything.
const LOCAL_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export async function provision(target: ProvisionTarget): Promise<void> {
  const dynamo = new DynamoDBClient({ region: target.region, endpoint: target.dynamoEndpoint, credentials: LOCAL_CREDENTIALS });
  const s3 = new S3Client({ region: target.region, endpoint: target.s3Endpoint, forcePathStyle: true, credentials: LOCAL_CREDENTIALS });
  try {
    await Promise.all([
      provisionTable(dynamo, target.tableName),
      provisionBucket(s3, target.documentsBucket),
      provisionBucket(s3, target.checkpointBucket),
    ]);
  } finally {
    dynamo.destroy();
    s3.destroy();
  }
}

export async function provisionTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const attributes = new Set<string>([TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey]);
  for (const index of TABLE_INDEXES) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: "S" })),
        KeySchema: [
          { AttributeName: TABLE_KEYS.partitionKey, KeyType: "HASH" },
          { AttributeName: TABLE_KEYS.sortKey, KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: TABLE_INDEXES.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: "HASH" },
            { AttributeName: index.sortKey, KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: [...INDEX_ATTRIBUTES] },
        })),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
  await enableTtl(client, tableName);
}

/** DynamoDB Local accepts the TTL setting (and deletes expired items lazily); asking first keeps restarts quiet. */
async function enableTtl(client: DynamoDBClient, tableName: string): Promise<void> {
  const current = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = current.TimeToLiveDescription?.TimeToLiveStatus;
  if (status === "ENABLED" || status === "ENABLING") return;
  await client.send(
    new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }),
  );
}

/**
 * On AWS the documents bucket is versioned and the checkpoint bucket has Object Lock. s3rver has
 * neither (PUT ?versioning is even misrouted to CreateBucket and answers 409), so locally a bucket is
 * a plain bucket with CORS; nothing in the handlers depends on version ids.
 */
export async function provisionBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    const name = (error as Error).name;
    if (name !== "BucketAlreadyOwnedByYou" && name !== "BucketAlreadyExists") throw error;
  }
  await s3.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: [LOCAL_CORS_RULE] } }));
}
