// The one place that reads process.env. Read and checked once, at cold start (first use);
// a missing variable throws so a misconfigured function fails loudly instead of half-working.
export interface Env {
  tableName: string;
  documentsBucket: string;
  checkpointBucket: string;
  region: string;
  /** Local emulator endpoints; unset on AWS. */
  dynamoEndpoint?: string;
  s3Endpoint?: string;
  /** approvedMw at or above this needs two different reviewers. */
  fourEyesMw: number;
  slaDays: number;
  defaultTermMonths: number;
  /** Lifetime of presigned upload and download links, seconds. */
  presignSeconds: number;
  /** Idempotency records expire after this many seconds (docs/api.md: 24 h). */
  idempotencySeconds: number;
  logLevel: string;
  /** The audit log's origin line (C2SP tlog-checkpoint), also the checkpoint key's name. */
  auditLogOrigin: string;
  /** On AWS: the KMS key (ECC_NIST_EDWARDS25519) that signs checkpoints. */
  auditKmsKeyId?: string;
  /** Locally: the Ed25519 key file under DATA_DIR that signs checkpoints. */
  auditKeyFile?: string;
  /** HMAC key for list cursors (store/cursor.ts); optional only in the local runtime. */
  cursorKey?: string;
}

/** The local runtime's log origin; on AWS a setting names the deployment's own. */
export const DEFAULT_LOG_ORIGIN = "sandbox-registry.local/log";

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`environment variable ${name} is required`);
  return value;
}

function numberOr(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`environment variable ${name} must be a positive number`);
  return value;
}

function read(): Env {
  return {
    tableName: required("TABLE_NAME"),
    documentsBucket: required("DOCUMENTS_BUCKET"),
    checkpointBucket: process.env.CHECKPOINT_BUCKET ?? "",
    region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1",
    dynamoEndpoint: process.env.DYNAMODB_ENDPOINT || undefined,
    s3Endpoint: process.env.S3_ENDPOINT || undefined,
    fourEyesMw: numberOr("FOUR_EYES_MW", 50),
    slaDays: numberOr("SLA_DAYS", 60),
    defaultTermMonths: numberOr("DEFAULT_TERM_MONTHS", 12),
    presignSeconds: numberOr("PRESIGN_SECONDS", 300),
    idempotencySeconds: numberOr("IDEMPOTENCY_SECONDS", 86_400),
    logLevel: process.env.LOG_LEVEL ?? "INFO",
    auditLogOrigin: process.env.AUDIT_LOG_ORIGIN || DEFAULT_LOG_ORIGIN,
    auditKmsKeyId: process.env.AUDIT_KMS_KEY_ID || undefined,
    auditKeyFile: process.env.AUDIT_KEY_FILE || undefined,
    cursorKey: process.env.CURSOR_KEY || undefined,
  };
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= read();
  return cached;
}

/** For tests that change process.env: read it again on next use. */
export function resetEnv(): void {
  cached = undefined;
}

/**
 * The secret CloudFront adds to every /api/* request it forwards (header x-origin-verify). Set on AWS,
 * so a request straight to the execute-api endpoint (bypassing CloudFront and its WAF) is refused;
 * unset locally, where there is no CloudFront. Read apart from env() because it is checked before
 * anything else, including on routes that need no table.
 */
export function originSecret(): string | undefined {
  return process.env.ORIGIN_SECRET || undefined;
}
