import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type GlobalSecondaryIndexDescription,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { CreateBucketCommand, PutBucketCorsCommand, S3Client } from "@aws-sdk/client-s3";
import { INDEX_ATTRIBUTES, TABLE_INDEXES, TABLE_KEYS, TTL_ATTRIBUTE, type TableIndex } from "../lambdas/store/table-schema.ts";
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

const ATTRIBUTE_DEFINITIONS = [...new Set<string>([TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, ...TABLE_INDEXES.flatMap((i) => [i.partitionKey, i.sortKey])])].map(
  (name) => ({ AttributeName: name, AttributeType: "S" as const }),
);

function indexDefinition(index: TableIndex) {
  return {
    IndexName: index.indexName,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: "HASH" as const },
      { AttributeName: index.sortKey, KeyType: "RANGE" as const },
    ],
    Projection:
      index.projection === "all" ? { ProjectionType: "ALL" as const } : { ProjectionType: "INCLUDE" as const, NonKeyAttributes: [...INDEX_ATTRIBUTES] },
  };
}

export async function provisionTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: ATTRIBUTE_DEFINITIONS,
        KeySchema: [
          { AttributeName: TABLE_KEYS.partitionKey, KeyType: "HASH" },
          { AttributeName: TABLE_KEYS.sortKey, KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: TABLE_INDEXES.map(indexDefinition),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
  await rebuildStaleIndexes(client, tableName);
  await enableTtl(client, tableName);
}

/**
 * A DATA_DIR kept from an older version of the project may hold a table whose indexes project other
 * attributes (the register is answered from gsi3 alone since it projects the public fields).
 * DynamoDB cannot change a projection in place, so such an index is dropped and created again, and
 * DynamoDB Local fills it from the table. One index at a time, as DynamoDB requires.
 */
async function rebuildStaleIndexes(client: DynamoDBClient, tableName: string): Promise<void> {
  const wanted = [...INDEX_ATTRIBUTES].sort().join(",");
  const projectsWanted = (i: GlobalSecondaryIndexDescription, index: TableIndex) =>
    index.projection === "all" ? i.Projection?.ProjectionType === "ALL" : [...(i.Projection?.NonKeyAttributes ?? [])].sort().join(",") === wanted;
  for (const index of TABLE_INDEXES) {
    const { indexName } = index;
    // An index being built or dropped (a start cut short mid-rebuild) is waited for first.
    const current = await waitForIndex(client, tableName, indexName, (i) => !i || i.IndexStatus === "ACTIVE");
    if (current && projectsWanted(current, index)) continue;
    if (current) {
      console.warn(`[provision] ${tableName} ${indexName}: its projection changed; rebuilding the index from the table`);
      await client.send(new UpdateTableCommand({ TableName: tableName, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: indexName } }] }));
      await waitForIndex(client, tableName, indexName, (i) => !i);
    }
    await client.send(new UpdateTableCommand({ TableName: tableName, AttributeDefinitions: ATTRIBUTE_DEFINITIONS, GlobalSecondaryIndexUpdates: [{ Create: indexDefinition(index) }] }));
    await waitForIndex(client, tableName, indexName, (i) => i?.IndexStatus === "ACTIVE");
  }
}

/** Polls until `done` holds for the index (undefined: there is none); answers it as it then is. */
async function waitForIndex(
  client: DynamoDBClient,
  tableName: string,
  indexName: string,
  done: (index: GlobalSecondaryIndexDescription | undefined) => boolean,
): Promise<GlobalSecondaryIndexDescription | undefined> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const index = Table?.GlobalSecondaryIndexes?.find((i) => i.IndexName === indexName);
    if (done(index)) return index;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${tableName} ${indexName}: the index did not settle within a minute`);
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
