import { KMSClient } from "@aws-sdk/client-kms";
import type { CheckpointSigner } from "../domain/checkpoint.ts";
import { env } from "../env.ts";
import { traced } from "../observability/tracing.ts";
import { kmsSigner, localSigner } from "./signers.ts";

// The deployment's checkpoint signer, built once per cold start: the KMS key on AWS, the key file
// under DATA_DIR locally. The key's name is the log's origin (one key per log).

let signer: CheckpointSigner | undefined;

export function logSigner(): CheckpointSigner {
  if (signer) return signer;
  const { auditKmsKeyId, auditKeyFile, auditLogOrigin, region } = env();
  if (auditKmsKeyId) signer = kmsSigner(traced(new KMSClient({ region, maxAttempts: 3 })), auditKmsKeyId, auditLogOrigin);
  else if (auditKeyFile) signer = localSigner(auditKeyFile, auditLogOrigin);
  else throw new Error("neither AUDIT_KMS_KEY_ID nor AUDIT_KEY_FILE is set: nothing can sign the audit log's checkpoints");
  return signer;
}
