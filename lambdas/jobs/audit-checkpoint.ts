import { createHash } from "node:crypto";
import { HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { env } from "../env.ts";
import { dynamo, tableName } from "../store/clients.ts";
import { s3Client } from "../store/s3-client.ts";
import { latestCheckpoint } from "../store/audit.ts";
import { clock } from "../store/clock.ts";
import { keys, pad } from "../store/keys.ts";
import { logger } from "../middleware/logger.ts";
import { runJob } from "../observability/job.ts";

// Daily archive of the audit log's latest signed checkpoint into the checkpoint bucket. On AWS that
// bucket has Object Lock (compliance mode) default retention, so an archived checkpoint cannot be
// rewritten: a log rewritten later (every leaf and the tree re-made) no longer matches it, and
// `audit:verify --since` says so. Two keys per checkpoint, each written once:
//   checkpoints/<YYYY-MM-DD>.txt            the first checkpoint archived that UTC day
//   checkpoints/size/<12-digit size>.txt    one per distinct tree size, for finding one by size
// and a record for GET /api/audit/checkpoints (one per tree size; newest first).

export interface CheckpointRun {
  treeSize: number;
  at: string;
  /** Keys written by this run. */
  written: string[];
  /** Keys that already held a checkpoint (a rerun the same day, or the log has not grown). */
  kept: string[];
  /** False when this tree size was already recorded. */
  recorded: boolean;
}

export function checkpointKeys(checkpoint: { treeSize: number; archivedAt: string }): string[] {
  return [`checkpoints/${checkpoint.archivedAt.slice(0, 10)}.txt`, `checkpoints/size/${pad(checkpoint.treeSize)}.txt`];
}

const httpStatus = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/**
 * False when the key is free, or when a write-only grant may not look (403): the conditional put
 * then decides. S3 honours If-None-Match on PUT; s3rver ignores it, so locally this check is what
 * keeps a rerun from overwriting.
 */
async function mayExist(bucket: string, key: string): Promise<boolean> {
  try {
    await s3Client().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if (httpStatus(error) === 404 || httpStatus(error) === 403) return false;
    throw error;
  }
}

/** Writes the object unless the key exists. Returns false when it already did. */
async function putOnce(bucket: string, key: string, body: string): Promise<boolean> {
  if (await mayExist(bucket, key)) return false;
  try {
    await s3Client().send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: "text/plain; charset=utf-8",
        // Object Lock buckets refuse uploads without an integrity header.
        ContentMD5: createHash("md5").update(body, "utf8").digest("base64"),
        // Two overlapping runs (scheduled events are delivered at least once): only the first write lands.
        IfNoneMatch: "*",
      }),
    );
    return true;
  } catch (error) {
    // 412: another run wrote the key first; 409: a conflicting conditional write is in flight.
    if (httpStatus(error) === 412 || httpStatus(error) === 409) return false;
    throw error;
  }
}

/** Records the archived checkpoint for the API, once per tree size. */
async function record(treeSize: number, at: string, note: string, archivedAt: string): Promise<boolean> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.archivedCheckpoint(treeSize), entity: "archivedCheckpoint", treeSize, at, note, archivedAt },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === "ConditionalCheckFailedException") return false;
    throw error;
  }
}

export const handler = runJob("audit-checkpoint", async function auditCheckpoint(): Promise<CheckpointRun | undefined> {
  const bucket = env().checkpointBucket;
  if (!bucket) throw new Error("CHECKPOINT_BUCKET is not set: nowhere to write audit checkpoints");
  const head = await latestCheckpoint();
  if (!head) {
    // The sequencer signs the empty log's checkpoint on its first run; until then there is nothing to keep.
    logger.warn("audit checkpoint: the log has no signed checkpoint yet");
    return undefined;
  }
  const archivedAt = clock.now().toISOString();
  const run: CheckpointRun = { treeSize: head.size, at: head.at, written: [], kept: [], recorded: false };
  // The object first: a record in the table always has its locked copy.
  for (const key of checkpointKeys({ treeSize: head.size, archivedAt })) {
    ((await putOnce(bucket, key, head.note)) ? run.written : run.kept).push(key);
  }
  run.recorded = await record(head.size, head.at, head.note, archivedAt);
  logger.info("audit checkpoint archived", { treeSize: run.treeSize, written: run.written, kept: run.kept, recorded: run.recorded });
  return run;
});
