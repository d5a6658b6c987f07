import { createHash } from "node:crypto";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Readable } from "node:stream";
import { dynamo, tableName } from "./clients.ts";
import { s3Client } from "./s3-client.ts";
import { keys } from "./keys.ts";
import { env } from "../env.ts";
import type { TxItem } from "./commit.ts";

// Document bytes live in S3 under applications/{applicationId}/{documentId} (object-keys.ts); they reach S3 straight from
// the client through a short-lived presigned PUT and never pass through a Lambda.

export interface PresignedUpload {
  method: "PUT";
  url: string;
  headers: Record<string, string>;
}

/**
 * A presigned PUT that, on real S3, only accepts exactly the declared bytes: the signed Content-Type and
 * Content-Length, and x-amz-checksum-sha256, which S3 checks against the body. The local emulator enforces
 * none of these, which is why confirm re-checks size, hash and magic bytes itself.
 */
export async function presignUpload(key: string, contentType: string, sizeBytes: number, sha256Hex: string): Promise<{ upload: PresignedUpload; expiresAt: string }> {
  const checksum = Buffer.from(sha256Hex, "hex").toString("base64");
  const seconds = env().presignSeconds;
  const url = await getSignedUrl(
    s3Client(),
    new PutObjectCommand({ Bucket: env().documentsBucket, Key: key, ContentType: contentType, ContentLength: sizeBytes, ChecksumSHA256: checksum }),
    { expiresIn: seconds, signableHeaders: new Set(["content-type", "content-length"]), unhoistableHeaders: new Set(["x-amz-checksum-sha256"]) },
  );
  return {
    upload: { method: "PUT", url, headers: { "content-type": contentType, "x-amz-checksum-sha256": checksum } },
    expiresAt: new Date(Date.now() + seconds * 1000).toISOString(),
  };
}

export interface StoredObjectFacts {
  sizeBytes: number;
  sha256: string;
  head: Buffer;
  versionId?: string;
  lastModified?: string;
}

/** Streams the object once: size, SHA-256 and its first bytes (for the magic-number check). undefined when absent. */
export async function inspectObject(key: string): Promise<StoredObjectFacts | undefined> {
  let out;
  try {
    out = await s3Client().send(new GetObjectCommand({ Bucket: env().documentsBucket, Key: key }));
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === "NoSuchKey" || name === "NotFound" || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
    throw error;
  }
  const hash = createHash("sha256");
  let size = 0;
  const headChunks: Buffer[] = [];
  let headLength = 0;
  for await (const chunk of out.Body as Readable) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    hash.update(buf);
    size += buf.length;
    if (headLength < 16) {
      headChunks.push(buf.subarray(0, 16 - headLength));
      headLength += Math.min(buf.length, 16 - headLength);
    }
  }
  return {
    sizeBytes: size,
    sha256: hash.digest("hex"),
    head: Buffer.concat(headChunks),
    versionId: out.VersionId,
    lastModified: out.LastModified?.toISOString(),
  };
}

export async function presignDownload(key: string, fileName: string, contentType: string, versionId?: string): Promise<{ url: string; expiresAt: string }> {
  const seconds = env().presignSeconds;
  // The typed file name only ever appears here, quoted and stripped to safe characters.
  const safeName = fileName.replace(/[^A-Za-z0-9._ -]/g, "_");
  const url = await getSignedUrl(
    s3Client(),
    new GetObjectCommand({
      Bucket: env().documentsBucket,
      Key: key,
      VersionId: versionId,
      ResponseContentType: contentType,
      ResponseContentDisposition: `attachment; filename="${safeName}"`,
    }),
    { expiresIn: seconds },
  );
  return { url, expiresAt: new Date(Date.now() + seconds * 1000).toISOString() };
}

/** documentId -> applicationId, written with the document so auditors can fetch a document by id alone. */
export function putDocumentPointer(documentId: string, applicationId: string): TxItem {
  return {
    item: { Put: { TableName: tableName(), Item: { ...keys.documentPointer(documentId), applicationId }, ConditionExpression: "attribute_not_exists(pk)" } },
  };
}

export async function applicationIdOfDocument(documentId: string): Promise<string | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.documentPointer(documentId) }));
  return Item?.applicationId as string | undefined;
}
