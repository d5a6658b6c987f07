import { S3Client } from "@aws-sdk/client-s3";
import { env } from "../env.ts";
import { traced } from "../observability/tracing.ts";

// Only the functions that touch a bucket import this module: the SDK comes from the SDK layer, not the
// bundle, so every importer loads the S3 client at cold start (tens of milliseconds) whether it uses it
// or not. test/infra/sandbox-stack.test.ts checks that only those functions do.
let s3: S3Client | undefined;

export function s3Client(): S3Client {
  if (!s3) {
    const { region, s3Endpoint } = env();
    s3 = traced(new S3Client({
      region,
      ...(s3Endpoint
        ? { endpoint: s3Endpoint, forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } }
        : {}),
      // Checksums only when an operation requires them: presigned URLs must not carry SDK-added checksum params.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    }));
  }
  return s3;
}
