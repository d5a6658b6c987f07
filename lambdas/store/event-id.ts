import { randomBytes } from "node:crypto";

// Event ids are UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Time-ordered, so
// the pending index sorts a shard's backlog oldest first, and unique without any shared counter (a
// counter would be a global item on the write path). Within one process the ids also increase
// strictly: the 12 bits after the version count up within a millisecond (RFC 9562 method 1).

let lastMs = -1;
let counter = 0;

export function newEventId(nowMs: number = Date.now()): string {
  if (nowMs > lastMs) {
    lastMs = nowMs;
    counter = randomBytes(2).readUInt16BE() & 0x3ff; // leave headroom to count up
  } else {
    counter += 1;
    if (counter > 0xfff) {
      // 4096 ids in one millisecond: borrow the next millisecond rather than repeat or go back.
      lastMs += 1;
      counter = 0;
    }
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(lastMs, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
