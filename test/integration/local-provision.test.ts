import { describe, expect, it } from "vitest";
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { provision } from "../../local/provision.ts";
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
  it("builds the table from the shared schema: pay per request, every index projecting the filter attributes, TTL on", async () => {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: target.tableName }));
    expect(Table?.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");
    expect(Table?.KeySchema).toEqual([
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ]);
    const indexes = (Table?.GlobalSecondaryIndexes ?? []).map((i) => ({ name: i.IndexName, projection: i.Projection?.ProjectionType, attributes: i.Projection?.NonKeyAttributes }));
    expect(indexes.sort((a, b) => a.name!.localeCompare(b.name!))).toEqual(
      TABLE_INDEXES.map((i) => ({ name: i.indexName, projection: "INCLUDE", attributes: [...INDEX_ATTRIBUTES] })),
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
