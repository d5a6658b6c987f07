import type { CORSRule } from "@aws-sdk/client-s3";

// The browser PUTs/POSTs documents straight to presigned URLs on the S3 emulator, which is another
// origin than the web app (127.0.0.1:<gateway port>), so the buckets need CORS exactly as on AWS.
// Loopback origins on any port: the gateway's port is chosen at start, and a Vite dev server may
// sit on another one. One wildcard per origin is all S3 (and s3rver) accept.
export const LOCAL_CORS_RULE: CORSRule = {
  AllowedOrigins: ["http://127.0.0.1:*", "http://localhost:*"],
  AllowedMethods: ["GET", "HEAD", "PUT", "POST"],
  AllowedHeaders: ["*"],
  ExposeHeaders: ["ETag"],
  MaxAgeSeconds: 3000,
};

/** The same rule as the XML body of PutBucketCors, for s3rver's configureBuckets. */
export function corsXml(rule: CORSRule = LOCAL_CORS_RULE): string {
  const el = (tag: string, values: readonly string[] | undefined) => (values ?? []).map((v) => `<${tag}>${v}</${tag}>`).join("");
  return (
    "<CORSConfiguration><CORSRule>" +
    el("AllowedOrigin", rule.AllowedOrigins) +
    el("AllowedMethod", rule.AllowedMethods) +
    el("AllowedHeader", rule.AllowedHeaders) +
    el("ExposeHeader", rule.ExposeHeaders) +
    (rule.MaxAgeSeconds !== undefined ? `<MaxAgeSeconds>${rule.MaxAgeSeconds}</MaxAgeSeconds>` : "") +
    "</CORSRule></CORSConfiguration>"
  );
}
