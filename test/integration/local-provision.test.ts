import { describe, expect, it } from "vitest";
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, PutItemCommand, QueryCommand } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { provision, provisionTable } from "../../local/provision.ts";
import { INDEX_ATTRIBUTES, TABLE_INDEXES, TTL_ATTRIBUTE } from "../../lambdas/store/table-schema.ts";

// The per-file setup already provisioned this file's table and buckets from process.env.
const region = process.env.AWS_REGION!;
const dynamo = new DynamoDBClient({ region, endpoint: process.env.DYNAMODB_ENDPOINT, credentials: { accessKeyId: "any", secretAccessKey: "any" } });
const s3 = new S3Client({
  region,
  endpoint: process.env.S3_ENDPOINT,
  forcePathStyle: true,
  credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  requestChecksumCalculation: "WHEN_REQUIRED",
});
const target = {
  region,
  dynamoEndpoint: process.env.DYNAMODB_ENDPOINT!,
  s3Endpoint: process.env.S3_ENDPOINT!,
  tableName: process.env.TABLE_NAME!,
  documentsBucket: process.env.DOCUMENTS_BUCKET!,
  checkpointBucket: process.env.CHECKPOINT_BUCKET!,
};

describe("local provisioning", () => {
  it("builds the table from the shared schema: pay per request, the list indexes projecting the filter and register attributes, the pending-events index everything, TTL on", async () => {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: target.tableName }));
    expect(Table?.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");
    expect(Table?.KeySchema).toEqual([
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ]);
    const indexes = (Table?.GlobalSecondaryIndexes ?? []).map((i) => ({ name: i.IndexName, projection: i.Projection?.ProjectionType, attributes: i.Projection?.NonKeyAttributes }));
    expect(indexes.sort((a, b) => a.name!.localeCompare(b.name!))).toEqual(
      TABLE_INDEXES.map((i) => (i.projection === "all" ? { name: i.indexName, projection: "ALL", attributes: undefined } : { name: i.indexName, projection: "INCLUDE", attributes: [...INDEX_ATTRIBUTES] })),
    );
    const ttl = await dynamo.send(new DescribeTimeToLiveCommand({ TableName: target.tableName }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: "ENABLED", AttributeName: TTL_ATTRIBUTE });
  });

  it("is idempotent: provisioning again over existing resources changes nothing and does not throw", async () => {
    await s3.send(new PutObjectCommand({ Bucket: target.documentsBucket, Key: "keep/me", Body: "still here" }));
    await provision(target);
    const object = await s3.send(new GetObjectCommand({ Bucket: target.documentsBucket, Key: "keep/me" }));
    expect(await object.Body?.transformToString()).toBe("still here");
  });

  it("rebuilds an index an older version projected differently, keeping the data and filling the index from it", async () => {
    // A table as a DATA_DIR from before the register was answered from gsi3: filter attributes only.
    const tableName = `${target.tableName}-old`;
    const keyed = (name: string) => [
      { AttributeName: `${name}pk`, KeyType: "HASH" as const },
      { AttributeName: `${name}sk`, KeyType: "RANGE" as const },
    ];
    await dynamo.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: ["pk", "sk", ...TABLE_INDEXES.flatMap((i) => [i.partitionKey, i.sortKey])].map((name) => ({ AttributeName: name, AttributeType: "S" })),
        KeySchema: keyed(""),
        GlobalSecondaryIndexes: TABLE_INDEXES.map((i) => ({
          IndexName: i.indexName,
          KeySchema: keyed(i.indexName),
          Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["status", "category", "region", "energy"] },
        })),
      }),
    );
    try {
      await dynamo.send(
        new PutItemCommand({
          TableName: tableName,
          Item: { pk: { S: "LIC#SBX-BTC-2026-0001" }, sk: { S: "LIC" }, gsi3pk: { S: "LICENCES" }, gsi3sk: { S: "SBX-BTC-2026-0001" }, legalName: { S: "Kept Ltd" }, status: { S: "ACTIVE" } },
        }),
      );
      await provisionTable(dynamo, tableName);
      const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
      expect((Table?.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, i.IndexStatus, [...(i.Projection?.NonKeyAttributes ?? [])].sort()]).sort()).toEqual(
        TABLE_INDEXES.map((i) => [i.indexName, "ACTIVE", i.projection === "all" ? [] : [...INDEX_ATTRIBUTES].sort()]),
      );
      const page = await dynamo.send(
        new QueryCommand({ TableName: tableName, IndexName: "gsi3", KeyConditionExpression: "gsi3pk = :p", ExpressionAttributeValues: { ":p": { S: "LICENCES" } } }),
      );
      expect(page.Items).toEqual([expect.objectContaining({ legalName: { S: "Kept Ltd" }, status: { S: "ACTIVE" } })]);
      // And again: nothing left to rebuild.
      await provisionTable(dynamo, tableName);
    } finally {
      await dynamo.send(new DeleteTableCommand({ TableName: tableName }));
    }
  });

  it("lets a browser on a loopback origin PUT to a presigned URL (CORS preflight and the PUT itself)", async () => {
    const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: target.documentsBucket, Key: "applications/a/d", ContentType: "application/pdf" }), { expiresIn: 60 });
    const origin = "http://127.0.0.1:3000";
    const preflight = await fetch(url, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "PUT", "access-control-request-headers": "content-type" },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get("access-control-allow-methods")).toContain("PUT");

    const put = await fetch(url, { method: "PUT", headers: { origin, "content-type": "application/pdf" }, body: "%PDF-1.7" });
    expect(put.status).toBe(200);
    expect(put.headers.get("access-control-allow-origin")).toBeTruthy();

    const denied = await fetch(url, { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "PUT" } });
    expect(denied.status).toBe(403);
  });
});
