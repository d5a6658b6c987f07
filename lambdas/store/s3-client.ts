import { S3Client } from "@aws-sdk/client-s3";
import { env } from "../env.ts";

// Only the functions that touch a bucket import this module: the SDK comes from the Lambda runtime
// unbundled, so loading @aws-sdk/client-s3 costs every importer tens of milliseconds of cold start.
let s3: S3Client | undefined;

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
