import { createHash } from "node:crypto";
import { HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { env } from "../env.ts";
import { s3Client } from "../store/s3-client.ts";
import { readAuditHead } from "../store/audit.ts";
import { clock } from "../store/clock.ts";
import { pad } from "../store/keys.ts";
import { logger } from "../middleware/logger.ts";

// Daily checkpoint of the audit chain head into the checkpoint bucket. On AWS that bucket has
// Object Lock (compliance mode) default retention, so a checkpoint cannot be rewritten: anyone who
// later rewrites the table (and re-chains every hash) no longer matches it, and
// `audit:verify --checkpoint` says so. Two keys per checkpoint, each written once:
//   checkpoints/<YYYY-MM-DD>.json         the first checkpoint of that UTC day
//   checkpoints/seq/<12-digit seq>.json   one per distinct head, for finding a checkpoint by seq

export interface Checkpoint {
  seq: number;
  hash: string;
  at: string | null;
  writtenAt: string;
}

export interface CheckpointRun {
  checkpoint: Checkpoint;
  /** Keys written by this run. */
  written: string[];
  /** Keys that already held a checkpoint (a rerun the same day, or the head has not moved). */
  kept: string[];
}

export function checkpointKeys(checkpoint: Pick<Checkpoint, "seq" | "writtenAt">): string[] {
  return [`checkpoints/${checkpoint.writtenAt.slice(0, 10)}.json`, `checkpoints/seq/${pad(checkpoint.seq)}.json`];
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
        ContentType: "application/json",
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

export async function handler(): Promise<CheckpointRun> {
  const bucket = env().checkpointBucket;
  if (!bucket) throw new Error("CHECKPOINT_BUCKET is not set: nowhere to write audit checkpoints");
  const head = await readAuditHead();
  const checkpoint: Checkpoint = { seq: head.seq, hash: head.hash, at: head.at, writtenAt: clock.now().toISOString() };
  const body = `${JSON.stringify(checkpoint)}\n`;
  const run: CheckpointRun = { checkpoint, written: [], kept: [] };
  for (const key of checkpointKeys(checkpoint)) {
    ((await putOnce(bucket, key, body)) ? run.written : run.kept).push(key);
  }
  logger.info("audit checkpoint", { seq: checkpoint.seq, hash: checkpoint.hash, written: run.written, kept: run.kept });
  return run;
}
