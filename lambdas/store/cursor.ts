import { ValidationError } from "../domain/errors.ts";

// Opaque list cursors: the DynamoDB LastEvaluatedKey, base64url JSON. Refused (400) when not one of ours.
export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  if (!key) return null;
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (cursor === undefined || cursor === "") return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (value && typeof value === "object" && !Array.isArray(value) && typeof value.pk === "string") return value;
  } catch {
    // fall through
  }
  throw new ValidationError("The cursor is not valid.", [{ path: "cursor", message: "not a cursor from this API" }]);
}
