import { Duration, RemovalPolicy } from "aws-cdk-lib";
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  type IBucket,
  ObjectLockRetention,
  ObjectOwnership,
} from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";

export interface DocumentsProps {
  readonly logBucket: IBucket;
  readonly documentRetentionDays: number;
  readonly documentRetentionMode: "GOVERNANCE" | "COMPLIANCE";
  readonly checkpointRetentionDays: number;
}

/** Applicants' documents, and the audit checkpoints nobody can rewrite. */
export class Documents extends Construct {
  readonly documents: Bucket;
  readonly checkpoints: Bucket;

  constructor(scope: Construct, id: string, props: DocumentsProps) {
    super(scope, id);
    const documentRetention = Duration.days(props.documentRetentionDays);

    this.documents = new Bucket(this, "Documents", {
      ...lockedBucketDefaults(props.logBucket, "documents/"),
      // GOVERNANCE by default: a privileged role may still lift the lock for a lawful erasure.
      objectLockDefaultRetention:
        props.documentRetentionMode === "COMPLIANCE"
          ? ObjectLockRetention.compliance(documentRetention)
          : ObjectLockRetention.governance(documentRetention),
      lifecycleRules: [
        { id: "abort-abandoned-uploads", abortIncompleteMultipartUploadAfter: Duration.days(1) },
        // Object Lock keeps a version until its retention ends; after that, old versions need not stay.
        { id: "expire-old-versions", noncurrentVersionExpiration: documentRetention, expiredObjectDeleteMarker: true },
      ],
    });

    this.checkpoints = new Bucket(this, "Checkpoints", {
      ...lockedBucketDefaults(props.logBucket, "checkpoints/"),
      objectLockDefaultRetention: ObjectLockRetention.compliance(Duration.days(props.checkpointRetentionDays)),
    });
  }

  /**
   * Browsers upload with presigned PUT/POST straight to the bucket, so only the web origin may.
   * Added after the distribution exists (the web origin is only known then).
   */
  allowUploadsFrom(origin: string): void {
    this.documents.addCorsRule({
      id: "presigned-uploads",
      allowedOrigins: [origin],
      allowedMethods: [HttpMethods.PUT, HttpMethods.POST],
      // Object Lock buckets refuse uploads without Content-MD5 or an x-amz-checksum-* header.
      allowedHeaders: ["content-type", "content-md5", "x-amz-*"],
      exposedHeaders: ["ETag"],
      maxAge: 3_000,
    });
  }
}

function lockedBucketDefaults(logBucket: IBucket, logPrefix: string) {
  return {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    encryption: BucketEncryption.S3_MANAGED,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    objectLockEnabled: true,
    serverAccessLogsBucket: logBucket,
    serverAccessLogsPrefix: logPrefix,
    // Object Lock makes deletion impossible anyway; say so rather than let a stack delete fail midway.
    removalPolicy: RemovalPolicy.RETAIN,
  } as const;
}
