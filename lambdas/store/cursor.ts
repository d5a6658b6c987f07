import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { ValidationError } from "../domain/errors.ts";
import { env } from "../env.ts";

// Opaque list cursors: the DynamoDB LastEvaluatedKey as base64url JSON, followed by an HMAC-SHA256 tag
// over it ("<payload>.<tag>"). The tag makes a cursor tamper-proof: one the server did not issue, or
// one altered by a single character, is a 400 naming `cursor` before anything reaches DynamoDB (an
// invalid ExclusiveStartKey would otherwise be a 500). Every list signs through this module, so a new
// list gets the same protection by calling encodeCursor/decodeCursor.
//
// The key: CURSOR_KEY (configuration; on AWS a generated secret the stack passes in, locally a key the
// runtime keeps in DATA_DIR so cursors survive a restart). Without it, only the local emulators
// (DYNAMODB_ENDPOINT set) fall back to a random key per process; on AWS a missing key fails loudly,
// since per-instance keys would make a cursor from one function instance a 400 on the next.

const TAG_BYTES = 16;
const CONTEXT = "sandbox-registry cursor v1\n";

let processKey: Buffer | undefined;

function cursorKey(): Buffer {
  const configured = env().cursorKey;
  if (configured) return Buffer.from(configured, "utf8");
  if (!env().dynamoEndpoint) throw new Error("environment variable CURSOR_KEY is required outside the local runtime");
  processKey ??= randomBytes(32);
  return processKey;
}

function tag(payload: string): Buffer {
  return createHmac("sha256", cursorKey()).update(CONTEXT).update(payload).digest().subarray(0, TAG_BYTES);
}

const invalid = (message: string) => new ValidationError("The cursor is not valid.", [{ path: "cursor", message }]);

export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  if (!key) return null;
  const payload = Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
  return `${payload}.${tag(payload).toString("base64url")}`;
}

/** The start key a cursor carries; a 400 naming `cursor` for anything this server did not sign. */
export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (cursor === undefined || cursor === "") return undefined;
  const parts = cursor.split(".");
  if (parts.length !== 2 || !/^[A-Za-z0-9_-]+$/.test(parts[0]) || !/^[A-Za-z0-9_-]+$/.test(parts[1])) throw invalid("not a cursor from this API");
  const given = Buffer.from(parts[1], "base64url");
  // Base64 decoders ignore a last character's unused bits: only the one canonical spelling of the tag is ours.
  if (given.toString("base64url") !== parts[1]) throw invalid("not a cursor from this API, or altered");
  const expected = tag(parts[0]);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid("not a cursor from this API, or altered");
  try {
    const value: unknown = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
    if (value && typeof value === "object" && !Array.isArray(value) && typeof (value as { pk?: unknown }).pk === "string") return value as Record<string, unknown>;
  } catch {
    // a signed payload is always ours; this only guards a key shared with something else
  }
  throw invalid("not a cursor from this API");
}
