import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { GetPublicKeyCommand, SignCommand, type KMSClient } from "@aws-sdk/client-kms";
import type { CheckpointSigner } from "../domain/checkpoint.ts";

// The two places the log's checkpoint key lives, behind one CheckpointSigner: a key file under
// DATA_DIR when running locally, a KMS asymmetric key (ECC_NIST_EDWARDS25519) on AWS, where the
// private key never leaves KMS.

interface KeyFile {
  kty: "OKP";
  crv: "Ed25519";
  /** base64url private scalar (JWK) */
  d: string;
  /** base64url public key (JWK) */
  x: string;
}

function rawPublicKey(key: KeyObject): Buffer {
  if (key.asymmetricKeyType !== "ed25519") throw new Error(`the checkpoint key is ${key.asymmetricKeyType ?? "not asymmetric"}, not Ed25519`);
  const jwk = key.export({ format: "jwk" });
  const raw = Buffer.from(jwk.x ?? "", "base64url");
  if (raw.length !== 32) throw new Error("the Ed25519 public key is not 32 bytes");
  return raw;
}

function readKeyFile(keyFile: string): KeyObject {
  const jwk = JSON.parse(readFileSync(keyFile, "utf8")) as KeyFile;
  return createPrivateKey({ key: { ...jwk }, format: "jwk" });
}

/**
 * Loads the key in keyFile, making it on first use. The file is created exclusively (flag "wx") with
 * mode 0600, so two processes starting at once end up with one key: the loser reads the winner's.
 */
function loadOrCreate(keyFile: string): KeyObject {
  try {
    return readKeyFile(keyFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw new Error(`cannot read the checkpoint key ${keyFile}: ${(error as Error).message}`, { cause: error });
  }
  const { privateKey } = generateKeyPairSync("ed25519");
  const jwk = privateKey.export({ format: "jwk" });
  const file: KeyFile = { kty: "OKP", crv: "Ed25519", d: jwk.d!, x: jwk.x! };
  mkdirSync(dirname(keyFile), { recursive: true });
  try {
    writeFileSync(keyFile, `${JSON.stringify(file)}\n`, { mode: 0o600, flag: "wx" });
    return privateKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return readKeyFile(keyFile);
  }
}

/** An Ed25519 key kept in keyFile (e.g. DATA_DIR/audit-log/key.json), made on first use. */
export function localSigner(keyFile: string, keyName: string): CheckpointSigner {
  let key: KeyObject | undefined;
  const privateKey = () => (key ??= loadOrCreate(keyFile));
  return {
    keyName,
    async publicKey() {
      return rawPublicKey(createPublicKey(privateKey()));
    },
    async sign(message: Buffer) {
      // Ed25519 hashes internally: node takes a null digest for it.
      return sign(null, message, privateKey());
    },
  };
}

/**
 * A KMS asymmetric key of spec ECC_NIST_EDWARDS25519, usage SIGN_VERIFY. Signs with ED25519_SHA_512
 * over the RAW message (pure Ed25519, RFC 8032: the same bytes a verifier checks); GetPublicKey
 * answers SPKI DER, of which the signed note needs the raw 32 bytes. The public key is read once per
 * signer (it cannot change for a key id).
 */
export function kmsSigner(client: KMSClient, keyId: string, keyName: string): CheckpointSigner {
  let publicKey: Promise<Buffer> | undefined;
  return {
    keyName,
    publicKey() {
      publicKey ??= client.send(new GetPublicKeyCommand({ KeyId: keyId })).then(
        (answer) => {
          if (!answer.PublicKey) throw new Error(`KMS GetPublicKey for ${keyId} answered no PublicKey`);
          if (answer.KeySpec !== undefined && answer.KeySpec !== "ECC_NIST_EDWARDS25519") {
            throw new Error(`KMS key ${keyId} is ${answer.KeySpec}, not ECC_NIST_EDWARDS25519`);
          }
          return rawPublicKey(createPublicKey({ key: Buffer.from(answer.PublicKey), format: "der", type: "spki" }));
        },
        (error: unknown) => {
          publicKey = undefined; // a failed call is not remembered: the next checkpoint tries again
          throw error;
        },
      );
      return publicKey;
    },
    async sign(message: Buffer) {
      const answer = await client.send(
        new SignCommand({ KeyId: keyId, Message: message, MessageType: "RAW", SigningAlgorithm: "ED25519_SHA_512" }),
      );
      if (!answer.Signature) throw new Error(`KMS Sign with ${keyId} answered no Signature`);
      const signature = Buffer.from(answer.Signature);
      if (signature.length !== 64) throw new Error(`KMS Sign with ${keyId} answered a ${signature.length}-byte signature, not a 64-byte Ed25519 one`);
      return signature;
    },
  };
}
