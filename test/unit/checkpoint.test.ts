import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { GetPublicKeyCommand, KMSClient, SignCommand } from "@aws-sdk/client-kms";
import { describe, expect, it } from "vitest";
import {
  checkpointBody,
  formatSignedNote,
  formatVkey,
  keyId,
  openSignedNote,
  parseCheckpoint,
  parseVkey,
  signCheckpoint,
  verifyCheckpoint,
  type CheckpointSigner,
} from "../../lambdas/domain/checkpoint.ts";
import { kmsSigner, localSigner } from "../../lambdas/store/signers.ts";

const root = createHash("sha256").update("a root").digest();
const ORIGIN = "sandbox-registry.local/log";

function rawPublicKey(key: KeyObject): Buffer {
  return Buffer.from(createPublicKey(key).export({ format: "jwk" }).x!, "base64url");
}

/** A signer over an in-memory key, to test the note layer without files. */
function memorySigner(keyName: string, privateKey: KeyObject = generateKeyPairSync("ed25519").privateKey): CheckpointSigner {
  return { keyName, publicKey: async () => rawPublicKey(privateKey), sign: async (message) => sign(null, message, privateKey) };
}

const ed25519FromSeed = (seed: Buffer) =>
  createPrivateKey({ key: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]), format: "der", type: "pkcs8" });

describe("checkpoint body", () => {
  it("is origin, decimal size, base64 root, each line ending in a newline", () => {
    expect(checkpointBody(ORIGIN, 42, root)).toBe(`${ORIGIN}\n42\n${root.toString("base64")}\n`);
    expect(checkpointBody(ORIGIN, 0, createHash("sha256").digest())).toBe(`${ORIGIN}\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n`);
  });

  it("refuses an origin over two lines, a negative or fractional size, a short root", () => {
    expect(() => checkpointBody("a\nb", 1, root)).toThrow(/one non-empty line/);
    expect(() => checkpointBody("", 1, root)).toThrow(/one non-empty line/);
    expect(() => checkpointBody(ORIGIN, -1, root)).toThrow(/tree size/);
    expect(() => checkpointBody(ORIGIN, 1.5, root)).toThrow(/tree size/);
    expect(() => checkpointBody(ORIGIN, 1, root.subarray(0, 31))).toThrow(/32 bytes/);
  });
});

// The published example of golang.org/x/mod/sumdb/note (note.go's package documentation and
// note_test.go): a key, a text and the note Go's implementation signs. Ed25519 is deterministic, so
// signing the same text with the same key must give the same bytes.
const GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

describe("signed notes and verifier keys (the Go sumdb/note vector)", () => {
  const seed = Buffer.from(GO_SKEY.split("+").slice(4).join("+"), "base64").subarray(1);
  const goKey = ed25519FromSeed(seed);

  it("computes the key id and the vkey of the published key", () => {
    const publicKey = rawPublicKey(goKey);
    expect(keyId("PeterNeumann", publicKey).toString("hex")).toBe("c74f20a3");
    expect(formatVkey("PeterNeumann", publicKey)).toBe(GO_VKEY);
    const parsed = parseVkey(GO_VKEY);
    expect(parsed.keyName).toBe("PeterNeumann");
    expect(parsed.keyId.toString("hex")).toBe("c74f20a3");
    expect(parsed.publicKey).toEqual(publicKey);
  });

  it("writes the published note byte for byte, and opens it", () => {
    const signature = sign(null, Buffer.from(GO_TEXT), goKey);
    const note = formatSignedNote(GO_TEXT, [{ keyName: "PeterNeumann", keyId: keyId("PeterNeumann", rawPublicKey(goKey)), signature }]);
    expect(note).toBe(GO_NOTE);
    expect(openSignedNote(GO_NOTE, GO_VKEY)).toBe(GO_TEXT);
    expect(() => openSignedNote(GO_NOTE.replace("cryptography", "cryptographY"), GO_VKEY)).toThrow(/does not verify/);
  });

  it("round-trips a vkey whose base64 holds a '+' (transparency-dev/formats test key)", () => {
    const vkey = "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6";
    const parsed = parseVkey(vkey);
    expect(parsed.keyName).toBe("TEST");
    expect(formatVkey(parsed.keyName, parsed.publicKey)).toBe(vkey);
  });

  it("refuses a vkey with a wrong id, another key type, a bad name or bad base64", () => {
    expect(() => parseVkey(GO_VKEY.replace("c74f20a3", "c74f20a4"))).toThrow(/is not the id/);
    const ecdsa = `PeterNeumann+c74f20a3+${Buffer.concat([Buffer.from([2]), parseVkey(GO_VKEY).publicKey]).toString("base64")}`;
    expect(() => parseVkey(ecdsa)).toThrow(/not an Ed25519 key/);
    expect(() => parseVkey("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")).toThrow(/key name/);
    expect(() => parseVkey("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq_LDE4izWy10TW")).toThrow(/base64/);
    expect(() => parseVkey("PeterNeumann")).toThrow(/<name>\+<key id>\+<base64 key>/);
  });
});

describe("signed checkpoints", () => {
  const keyName = "sandbox-registry.local/log";

  it("is the body, an empty line and one em-dash signature line, and verifies against its vkey", async () => {
    const signer = memorySigner(keyName);
    const publicKey = await signer.publicKey();
    const note = await signCheckpoint(signer, ORIGIN, 7, root);
    const body = checkpointBody(ORIGIN, 7, root);
    const lines = note.split("\n");
    expect(lines.slice(0, 4)).toEqual([ORIGIN, "7", root.toString("base64"), ""]);
    expect(lines[5]).toBe("");
    expect(lines).toHaveLength(6);
    const match = /^\u2014 (\S+) (\S+)$/u.exec(lines[4])!;
    expect(match[1]).toBe(keyName);
    const blob = Buffer.from(match[2], "base64");
    expect(blob.subarray(0, 4)).toEqual(keyId(keyName, publicKey));
    expect(blob).toHaveLength(68);
    expect(note).toBe(`${body}\n\u2014 ${keyName} ${blob.toString("base64")}\n`);

    const vkey = formatVkey(keyName, publicKey);
    expect(verifyCheckpoint(note, vkey)).toEqual({ origin: ORIGIN, treeSize: 7, root });
    const parsed = parseCheckpoint(note);
    expect(parsed.body).toBe(body);
    expect(parsed.signatures).toHaveLength(1);
  });

  it("refuses an altered size, root or origin, another key, a missing or damaged signature", async () => {
    const signer = memorySigner(keyName);
    const vkey = formatVkey(keyName, await signer.publicKey());
    const note = await signCheckpoint(signer, ORIGIN, 7, root);
    expect(() => verifyCheckpoint(note.replace("\n7\n", "\n8\n"), vkey)).toThrow(/does not verify/);
    const otherRoot = createHash("sha256").update("another root").digest().toString("base64");
    expect(() => verifyCheckpoint(note.replace(root.toString("base64"), otherRoot), vkey)).toThrow(/does not verify/);
    expect(() => verifyCheckpoint(note.replace(ORIGIN, "evil.example/log"), vkey)).toThrow(/does not verify/);

    const stranger = formatVkey(keyName, await memorySigner(keyName).publicKey());
    expect(() => verifyCheckpoint(note, stranger)).toThrow(/not signed by sandbox-registry.local\/log\+[0-9a-f]{8}/);

    const body = checkpointBody(ORIGIN, 7, root);
    expect(() => verifyCheckpoint(body, vkey)).toThrow(/no signature block/);
    expect(() => verifyCheckpoint(`${body}\n`, vkey)).toThrow(/no signature/);

    // The same key name and id, with a signature that is not this key's over this body.
    const [head, sigLine] = [note.slice(0, note.lastIndexOf("\u2014")), note.slice(note.lastIndexOf("\u2014"))];
    const blob = Buffer.from(sigLine.trim().split(" ")[2], "base64");
    blob[10] ^= 0x01;
    expect(() => verifyCheckpoint(`${head}\u2014 ${keyName} ${blob.toString("base64")}\n`, vkey)).toThrow(/does not verify/);
  });

  it("ignores a cosignature by an unknown key, and refuses malformed notes", async () => {
    const signer = memorySigner(keyName);
    const vkey = formatVkey(keyName, await signer.publicKey());
    const note = await signCheckpoint(signer, ORIGIN, 7, root);
    const witness = memorySigner("witness.example/w1");
    const witnessSig = await witness.sign(Buffer.from(checkpointBody(ORIGIN, 7, root)));
    const cosigned = `${note}\u2014 witness.example/w1 ${Buffer.concat([keyId("witness.example/w1", await witness.publicKey()), witnessSig]).toString("base64")}\n`;
    expect(verifyCheckpoint(cosigned, vkey).treeSize).toBe(7);

    expect(() => verifyCheckpoint(note.slice(0, -1), vkey)).toThrow(/does not end in a newline/);
    expect(() => verifyCheckpoint(note.replace("\n7\n", "\n07\n"), vkey)).toThrow(/not a decimal number/);
    expect(() => verifyCheckpoint(note.replace("\n7\n", "\n7\t\n"), vkey)).toThrow(/control character/);
    expect(() => verifyCheckpoint(note.replace("\u2014", "-"), vkey)).toThrow(/signature line 1/);
    const shortRoot = checkpointBody(ORIGIN, 7, root).replace(root.toString("base64"), root.subarray(0, 16).toString("base64"));
    expect(() => parseCheckpoint(`${shortRoot}\n${note.slice(note.lastIndexOf("\u2014"))}`)).toThrow(/16 bytes, not 32/);
  });

  it("refuses to publish a note its own key does not verify", async () => {
    const liar: CheckpointSigner = { ...memorySigner(keyName), publicKey: memorySigner(keyName).publicKey };
    await expect(signCheckpoint(liar, ORIGIN, 1, root)).rejects.toThrow(/does not verify with its public key/);
  });
});

describe("localSigner", () => {
  it("makes an Ed25519 key on first use in a 0600 file, and keeps using it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "audit-key-"));
    const keyFile = join(dir, "audit-log", "key.json");
    const first = localSigner(keyFile, "sandbox-registry.local/log");
    const note = await signCheckpoint(first, ORIGIN, 3, root);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(keyFile, "utf8")) as { crv: string; x: string };
    expect(stored.crv).toBe("Ed25519");

    const again = localSigner(keyFile, "sandbox-registry.local/log");
    const publicKey = await again.publicKey();
    expect(publicKey).toEqual(Buffer.from(stored.x, "base64url"));
    expect(publicKey).toEqual(await first.publicKey());
    expect(verifyCheckpoint(note, formatVkey("sandbox-registry.local/log", publicKey)).treeSize).toBe(3);
    // Deterministic signatures: the same key signs the same body identically.
    expect(await signCheckpoint(again, ORIGIN, 3, root)).toBe(note);
  });

  it("says which file is broken instead of making a new key over it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "audit-key-"));
    const keyFile = join(dir, "key.json");
    await localSigner(keyFile, "k").publicKey();
    const { writeFileSync } = await import("node:fs");
    writeFileSync(keyFile, "not json");
    await expect(localSigner(keyFile, "k").publicKey()).rejects.toThrow(/cannot read the checkpoint key .*key\.json/);
  });
});

// Recorded KMS answers. No KMS emulator runs here, so the fixtures under test/events/ were built from
// a locally generated Ed25519 key (seed SHA-256("sandbox-registry kms fixture")) in the exact wire
// shape KMS answers GetPublicKey (PublicKey: base64 of the SPKI DER, 44 bytes for Ed25519) and Sign
// with ED25519_SHA_512 over MessageType RAW (Signature: base64 of the raw 64-byte RFC 8032 signature).
// The Sign fixture also records the request: the checkpoint body of size 42 over SHA-256("fixture root").
const GET_PUBLIC_KEY = JSON.parse(readFileSync("test/events/kms-get-public-key.json", "utf8")) as {
  request: { KeyId: string };
  response: { KeyId: string; KeySpec: string; KeyUsage: string; PublicKey: string; SigningAlgorithms: string[] };
};
const SIGN = JSON.parse(readFileSync("test/events/kms-sign.json", "utf8")) as {
  request: { KeyId: string; Message: string; MessageType: string; SigningAlgorithm: string };
  response: { KeyId: string; Signature: string; SigningAlgorithm: string };
};
const KMS_KEY = SIGN.request.KeyId;
const KMS_ORIGIN = "sandbox-registry.example/log";
const KMS_ROOT = createHash("sha256").update("fixture root").digest();

/** What the SDK's deserializer makes of the recorded wire JSON: base64 blobs become Uint8Array. */
function deserialized(command: unknown): unknown {
  if (command instanceof GetPublicKeyCommand) {
    return { ...GET_PUBLIC_KEY.response, PublicKey: new Uint8Array(Buffer.from(GET_PUBLIC_KEY.response.PublicKey, "base64")), $metadata: {} };
  }
  if (command instanceof SignCommand) {
    return { ...SIGN.response, Signature: new Uint8Array(Buffer.from(SIGN.response.Signature, "base64")), $metadata: {} };
  }
  throw new Error(`unexpected KMS call ${(command as object).constructor.name}`);
}

function stubbedKms(answer: (command: unknown) => unknown = deserialized) {
  const sent: unknown[] = [];
  const client = { send: async (command: unknown) => (sent.push(command), answer(command)) } as unknown as KMSClient;
  return { client, sent };
}

describe("kmsSigner against recorded KMS answers", () => {
  it("the fixture's message is the checkpoint body it claims to be", () => {
    expect(Buffer.from(SIGN.request.Message, "base64").toString("utf8")).toBe(checkpointBody(KMS_ORIGIN, 42, KMS_ROOT));
    expect(Buffer.from(GET_PUBLIC_KEY.response.PublicKey, "base64")).toHaveLength(44);
    expect(Buffer.from(SIGN.response.Signature, "base64")).toHaveLength(64);
  });

  it("asks KMS for pure Ed25519 over the raw body and writes a note that verifies", async () => {
    const { client, sent } = stubbedKms();
    const signer = kmsSigner(client, KMS_KEY, "sandbox-registry.example/log");
    const note = await signCheckpoint(signer, KMS_ORIGIN, 42, KMS_ROOT);

    const publicKey = await signer.publicKey();
    expect(publicKey).toEqual(Buffer.from(GET_PUBLIC_KEY.response.PublicKey, "base64").subarray(12));
    expect(verifyCheckpoint(note, formatVkey("sandbox-registry.example/log", publicKey))).toEqual({ origin: KMS_ORIGIN, treeSize: 42, root: KMS_ROOT });
    expect(Buffer.from(note.trim().split(" ").at(-1)!, "base64").subarray(4).toString("base64")).toBe(SIGN.response.Signature);

    const getKey = sent.filter((c) => c instanceof GetPublicKeyCommand) as GetPublicKeyCommand[];
    const signs = sent.filter((c) => c instanceof SignCommand) as SignCommand[];
    expect(getKey.map((c) => c.input)).toEqual([GET_PUBLIC_KEY.request]);
    expect(signs).toHaveLength(1);
    const { Message, ...rest } = signs[0].input;
    expect(rest).toEqual({ KeyId: KMS_KEY, MessageType: "RAW", SigningAlgorithm: "ED25519_SHA_512" });
    expect(Buffer.from(Message as Uint8Array).toString("base64")).toBe(SIGN.request.Message);

    // The public key is read once per signer.
    await signer.publicKey();
    expect(sent.filter((c) => c instanceof GetPublicKeyCommand)).toHaveLength(1);
  });

  it("goes through the real SDK client: the recorded wire JSON in, the request KMS would get out", async () => {
    const requests: Array<{ target: string; body: unknown }> = [];
    const client = new KMSClient({
      region: "eu-west-1",
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "not-a-secret" },
      requestHandler: {
        async handle(request: { headers: Record<string, string>; body: string | Uint8Array }) {
          const target = request.headers["x-amz-target"];
          // The SDK's body is a Uint8Array that warns when used as a string: decode its bytes.
          const bytes = typeof request.body === "string" ? Buffer.from(request.body) : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
          requests.push({ target, body: JSON.parse(bytes.toString("utf8")) });
          const answer = target === "TrentService.GetPublicKey" ? GET_PUBLIC_KEY.response : SIGN.response;
          return {
            response: { statusCode: 200, headers: { "content-type": "application/x-amz-json-1.1" }, body: Readable.from([Buffer.from(JSON.stringify(answer))]) },
          };
        },
      } as never,
    });
    const note = await signCheckpoint(kmsSigner(client, KMS_KEY, "sandbox-registry.example/log"), KMS_ORIGIN, 42, KMS_ROOT);
    expect(parseCheckpoint(note).signatures[0].signature.toString("base64")).toBe(SIGN.response.Signature);
    expect(requests).toEqual([
      { target: "TrentService.GetPublicKey", body: GET_PUBLIC_KEY.request },
      { target: "TrentService.Sign", body: SIGN.request },
    ]);
  });

  it("refuses a key of another spec, a DER-shaped signature, and an empty answer; retries a failed GetPublicKey", async () => {
    const rsa = stubbedKms((c) => (c instanceof GetPublicKeyCommand ? { ...(deserialized(c) as object), KeySpec: "ECC_NIST_P256" } : deserialized(c)));
    await expect(kmsSigner(rsa.client, KMS_KEY, "k").publicKey()).rejects.toThrow(/ECC_NIST_P256, not ECC_NIST_EDWARDS25519/);

    const der = stubbedKms((c) => (c instanceof SignCommand ? { ...SIGN.response, Signature: new Uint8Array(72) } : deserialized(c)));
    await expect(kmsSigner(der.client, KMS_KEY, "k").sign(Buffer.from("x"))).rejects.toThrow(/72-byte signature/);

    const empty = stubbedKms(() => ({ $metadata: {} }));
    await expect(kmsSigner(empty.client, KMS_KEY, "k").publicKey()).rejects.toThrow(/no PublicKey/);
    await expect(kmsSigner(empty.client, KMS_KEY, "k").sign(Buffer.from("x"))).rejects.toThrow(/no Signature/);

    let calls = 0;
    const flaky = stubbedKms((c) => {
      calls += 1;
      if (calls === 1) throw new Error("ThrottlingException");
      return deserialized(c);
    });
    const signer = kmsSigner(flaky.client, KMS_KEY, "k");
    await expect(signer.publicKey()).rejects.toThrow(/ThrottlingException/);
    expect(await signer.publicKey()).toHaveLength(32);
  });
});
