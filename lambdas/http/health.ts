import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { route } from "../middleware/route.ts";
import { healthRoute } from "../routes/public.ts";
import { ok } from "../middleware/response.ts";
import { ServiceUnavailable } from "../domain/errors.ts";
import { dynamo, tableName } from "../store/clients.ts";
import { s3Client } from "../store/s3-client.ts";
import { env } from "../env.ts";

// `{ status: "ok" }` only when both DynamoDB and S3 answer; 503 otherwise.
const health = async () => {
  try {
    await Promise.all([
      dynamo().send(new DescribeTableCommand({ TableName: tableName() })),
      s3Client().send(new HeadBucketCommand({ Bucket: env().documentsBucket })),
    ]);
  } catch {
    throw new ServiceUnavailable("DynamoDB or S3 did not answer.");
  }
  return ok({ status: "ok" });
};

export const handler = route(healthRoute, health);
