import { createHash, createPublicKey, verify, type KeyObject } from "node:crypto";
import type { Hash } from "./merkle.ts";

// The log's signed checkpoint: a C2SP tlog-checkpoint body inside a C2SP signed note, Ed25519.
//   body      = origin "\n" tree size in decimal "\n" base64(root hash) "\n"
//   note      = body "\n" then one line per signature: "— " key name " " base64(key id || signature) "\n"
//   key id    = SHA-256(key name || 0x0A || 0x01 || 32-byte public key)[:4]
//   vkey      = key name "+" hex(key id) "+" base64(0x01 || public key)
// The signature is Ed25519 (RFC 8032, pure) over the body's UTF-8 bytes, final newline included.

/** Signature type byte of Ed25519 in C2SP signed-note. */
const ED25519 = 0x01;
const EM_DASH = "\u2014";
// Standard base64 (RFC 4648 section 4) with its padding: Buffer.from(..., "base64") accepts far more.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DECIMAL = /^(?:0|[1-9][0-9]*)$/;
// Signed notes carry no ASCII control characters but newline.
const CONTROL = /[\u0000-\u0009\u000b-\u001f]/;

export interface NoteSignature {
  keyName: string;
  keyId: Buffer;
  signature: Buffer;
}

function fromBase64(text: string, what: string): Buffer {
  if (!BASE64.test(text)) throw new Error(`${what} is not standard base64`);
  return Buffer.from(text, "base64");
}

function checkKeyName(keyName: string): void {
  if (keyName === "" || /[\s+]/u.test(keyName) || CONTROL.test(keyName)) {
    throw new Error(`key name ${JSON.stringify(keyName)} is not a signed-note key name (non-empty, no spaces, no "+")`);
  }
}

function checkPublicKey(publicKey: Buffer): void {
  if (publicKey.length !== 32) throw new Error(`an Ed25519 public key is 32 bytes, got ${publicKey.length}`);
}

export function checkpointBody(origin: string, treeSize: number, root: Hash): string {
  if (origin === "" || origin.includes("\n") || CONTROL.test(origin)) throw new Error("the origin is one non-empty line");
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) throw new Error(`tree size ${treeSize} is not a non-negative integer`);
  if (root.length !== 32) throw new Error(`a root hash is 32 bytes, got ${root.length}`);
  return `${origin}\n${treeSize}\n${root.toString("base64")}\n`;
}

export function keyId(keyName: string, publicKey: Buffer): Buffer {
  checkKeyName(keyName);
  checkPublicKey(publicKey);
  return createHash("sha256")
    .update(keyName, "utf8")
    .update(Buffer.from([0x0a, ED25519]))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

export function formatVkey(keyName: string, publicKey: Buffer): string {
  const id = keyId(keyName, publicKey);
  return `${keyName}+${id.toString("hex")}+${Buffer.concat([Buffer.from([ED25519]), publicKey]).toString("base64")}`;
}

export function parseVkey(vkey: string): { keyName: string; keyId: Buffer; publicKey: Buffer } {
  const parts = vkey.trim().split("+");
  // The key name has no "+", and standard base64 may: split off the name and the id only.
  if (parts.length < 3) throw new Error("the verifier key is not <name>+<key id>+<base64 key>");
  const [keyName, idHex] = parts;
  const keyText = parts.slice(2).join("+");
  checkKeyName(keyName);
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw new Error("the verifier key's id is not 8 lowercase hex digits");
  const key = fromBase64(keyText, "the verifier key");
  if (key.length !== 33 || key[0] !== ED25519) throw new Error("the verifier key is not an Ed25519 key (0x01 followed by 32 bytes)");
  const publicKey = key.subarray(1);
  const id = keyId(keyName, publicKey);
  if (id.toString("hex") !== idHex) throw new Error(`the verifier key's id ${idHex} is not the id of its name and key (${id.toString("hex")})`);
  return { keyName, keyId: id, publicKey };
}

export function formatSignedNote(body: string, signatures: NoteSignature[]): string {
  if (!body.endsWith("\n")) throw new Error("a note's text ends in a newline");
  if (signatures.length === 0) throw new Error("a signed note has at least one signature");
  const lines = signatures.map(({ keyName, keyId: id, signature }) => {
    checkKeyName(keyName);
    if (id.length !== 4) throw new Error(`a key id is 4 bytes, got ${id.length}`);
    return `${EM_DASH} ${keyName} ${Buffer.concat([id, signature]).toString("base64")}\n`;
  });
  return `${body}\n${lines.join("")}`;
}

/** Verifiers must accept 16 signatures; more is refused so a note cannot be made arbitrarily costly. */
const MAX_SIGNATURES = 100;

/** Splits a C2SP signed note into its text and signature lines (nothing verified yet). */
export function parseSignedNote(note: string): { body: string; signatures: NoteSignature[] } {
  if (!note.isWellFormed()) throw new Error("the checkpoint is not valid UTF-8 text");
  if (CONTROL.test(note)) throw new Error("the checkpoint contains a control character other than newline");
  if (!note.endsWith("\n")) throw new Error("the checkpoint does not end in a newline");
  // The text ends at the last empty line; the signature lines follow it.
  const split = note.lastIndexOf("\n\n");
  if (split < 0) throw new Error("the checkpoint has no signature block (no empty line before the signatures)");
  const body = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split("\n");
  if (lines.length === 1 && lines[0] === "") throw new Error("the checkpoint has no signature");
  if (lines.length > MAX_SIGNATURES) throw new Error(`the checkpoint has more than ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map((line, i) => {
    const match = /^\u2014 (\S+) (\S+)$/u.exec(line);
    if (!match) throw new Error(`signature line ${i + 1} is not "— <key name> <base64>"`);
    const bytes = fromBase64(match[2], `signature line ${i + 1}`);
    if (bytes.length < 5) throw new Error(`signature line ${i + 1} is too short for a key id and a signature`);
    return { keyName: match[1], keyId: bytes.subarray(0, 4), signature: bytes.subarray(4) };
  });
  return { body, signatures };
}

export function parseCheckpoint(note: string): { body: string; origin: string; treeSize: number; root: Hash; signatures: NoteSignature[] } {
  const { body, signatures } = parseSignedNote(note);
  // origin, size, root, then optional extension lines (tlog-checkpoint); this log writes none.
  const lines = body.slice(0, -1).split("\n");
  if (lines.length < 3) throw new Error("the checkpoint body is not three lines (origin, tree size, root hash)");
  const [origin, sizeText, rootText] = lines;
  if (origin === "") throw new Error("the checkpoint's origin line is empty");
  if (!DECIMAL.test(sizeText)) throw new Error(`the checkpoint's tree size ${JSON.stringify(sizeText)} is not a decimal number`);
  const treeSize = Number(sizeText);
  if (!Number.isSafeInteger(treeSize)) throw new Error(`the checkpoint's tree size ${sizeText} is too large`);
  const root = fromBase64(rootText, "the checkpoint's root hash");
  if (root.length !== 32) throw new Error(`the checkpoint's root hash is ${root.length} bytes, not 32`);
  if (lines.slice(3).some((line) => line === "")) throw new Error("the checkpoint has an empty extension line");
  return { body, origin, treeSize, root, signatures };
}

function ed25519Key(publicKey: Buffer): KeyObject {
  return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: publicKey.toString("base64url") }, format: "jwk" });
}

/**
 * Checks a checkpoint note against a verifier key: the note must carry a signature by that key (name
 * and id), and every signature by it must verify. Signatures by other keys are ignored (C2SP
 * signed-note: a cosigner a verifier does not know is no reason to refuse). Throws naming the fault.
 */
export function verifyCheckpoint(note: string, vkey: string): { origin: string; treeSize: number; root: Hash } {
  const key = parseVkey(vkey);
  const checkpoint = parseCheckpoint(note);
  verifySignatures(checkpoint, key);
  return { origin: checkpoint.origin, treeSize: checkpoint.treeSize, root: checkpoint.root };
}

/** The text of a signed note whose signature by vkey verifies (any text, not only a checkpoint). */
export function openSignedNote(note: string, vkey: string): string {
  const key = parseVkey(vkey);
  const parsed = parseSignedNote(note);
  verifySignatures(parsed, key);
  return parsed.body;
}

function verifySignatures(
  note: { body: string; signatures: NoteSignature[] },
  key: { keyName: string; keyId: Buffer; publicKey: Buffer },
): void {
  const mine = note.signatures.filter((s) => s.keyName === key.keyName && s.keyId.equals(key.keyId));
  if (mine.length === 0) {
    const names = note.signatures.map((s) => `${s.keyName}+${s.keyId.toString("hex")}`).join(", ");
    throw new Error(`the checkpoint is not signed by ${key.keyName}+${key.keyId.toString("hex")} (signed by: ${names})`);
  }
  const publicKey = ed25519Key(key.publicKey);
  const body = Buffer.from(note.body, "utf8");
  for (const signature of mine) {
    if (signature.signature.length !== 64 || !verify(null, body, publicKey, signature.signature)) {
      throw new Error(`the checkpoint's signature by ${key.keyName} does not verify: the note was altered or signed by another key`);
    }
  }
}

/** Where checkpoints get signed: a local key file, or a KMS key (lambdas/store/signers.ts). */
export interface CheckpointSigner {
  readonly keyName: string;
  /** The raw 32-byte Ed25519 public key. */
  publicKey(): Promise<Buffer>;
  /** The 64-byte Ed25519 signature of the message bytes. */
  sign(message: Buffer): Promise<Buffer>;
}

export async function signCheckpoint(signer: CheckpointSigner, origin: string, treeSize: number, root: Hash): Promise<string> {
  const body = checkpointBody(origin, treeSize, root);
  const [publicKey, signature] = await Promise.all([signer.publicKey(), signer.sign(Buffer.from(body, "utf8"))]);
  if (signature.length !== 64) throw new Error(`the signer answered a ${signature.length}-byte signature, not a 64-byte Ed25519 one`);
  // A note that its own key does not verify (a KMS key swapped under the same id, a wrong algorithm)
  // must never be published: every auditor would reject it.
  if (!verify(null, Buffer.from(body, "utf8"), ed25519Key(publicKey), signature)) {
    throw new Error(`the signature by ${signer.keyName} does not verify with its public key`);
  }
  return formatSignedNote(body, [{ keyName: signer.keyName, keyId: keyId(signer.keyName, publicKey), signature }]);
}
