import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

// The local runtime's list-cursor HMAC key (lambdas/store/cursor.ts reads CURSOR_KEY), kept in
// DATA_DIR so a cursor handed out before a restart still pages on after it. Created on first start.
export function loadOrCreateCursorKey(file: string): string {
  if (existsSync(file)) {
    const key = readFileSync(file, "utf8").trim();
    if (key.length >= 32) return key;
  }
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32).toString("base64url");
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
