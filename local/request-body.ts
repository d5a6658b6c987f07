import type { IncomingMessage } from "node:http";

/** API Gateway refuses payloads above its limit before any integration runs; the gateway does the same at 1 MiB. */
export const GATEWAY_MAX_BODY_BYTES = 1024 * 1024;

/** Past this we stop draining an oversized body and drop the connection. */
const DRAIN_CAP_FACTOR = 8;

export class BodyTooLarge extends Error {
  override readonly name = "BodyTooLarge";
}

/**
 * Reads the whole body, or rejects with BodyTooLarge. An oversized body is still drained (up to a cap)
 * before rejecting: closing a socket with unread data makes the kernel send RST, and the client would
 * see a reset instead of our 413.
 */
export function readBody(req: IncomingMessage, limit = GATEWAY_MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    let tooLarge = Number.isFinite(declared) && declared > limit;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
      else if (size > limit * DRAIN_CAP_FACTOR) {
        req.pause();
        reject(new BodyTooLarge());
      }
    });
    req.once("end", () => (tooLarge ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks))));
    req.once("error", reject);
  });
}
