import { createHash } from "node:crypto";

// The audit trail's hash chain. Documented in the README ("Verifying the audit trail") so an
// auditor can re-implement it in any language:
//   canonical(event) = JSON of { seq, at, actor, action, entityType, entityId, data, prevHash }
//                      with object keys sorted by UTF-16 code units at every depth, no whitespace,
//                      numbers and strings as JSON.stringify writes them (RFC 8785 for this data);
//   hash = lowercase hex SHA-256 of the UTF-8 bytes of canonical(event);
//   prevHash of seq 1 = GENESIS_HASH; prevHash of seq n = hash of seq n-1; seq starts at 1, no gaps.

export const GENESIS_HASH = "0".repeat(64);

export interface AuditEvent {
  seq: number;
  at: string;
  actor: { sub: string; groups: string[] };
  action: string;
  entityType: string;
  entityId: string;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export type UnhashedEvent = Omit<AuditEvent, "hash">;

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new Error("non-finite numbers cannot be hashed");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function hashEvent(event: UnhashedEvent): string {
  const { seq, at, actor, action, entityType, entityId, data, prevHash } = event;
  const canonical = canonicalJson({ seq, at, actor, action, entityType, entityId, data, prevHash });
  return createHash("sha256").update(canonical, "utf8").digest("hex");
}

export function sealEvent(event: UnhashedEvent): AuditEvent {
  return { ...event, hash: hashEvent(event) };
}

export type ChainFault = { seq: number; index: number; problem: "sequence" | "link" | "hash" | "shape" };

/**
 * Checks events in order against a starting point (genesis by default, or a checkpoint when the
 * trail is a suffix). Returns the first fault, naming its sequence number.
 */
export function verifyChain(
  events: Iterable<AuditEvent>,
  start: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): { ok: true; count: number; head: { seq: number; hash: string } } | { ok: false; fault: ChainFault } {
  let expectedSeq = start.seq + 1;
  let prevHash = start.hash;
  let count = 0;
  for (const event of events) {
    const index = count;
    if (!event || typeof event.seq !== "number" || typeof event.hash !== "string") {
      return { ok: false, fault: { seq: expectedSeq, index, problem: "shape" } };
    }
    if (event.seq !== expectedSeq) return { ok: false, fault: { seq: event.seq, index, problem: "sequence" } };
    if (event.prevHash !== prevHash) return { ok: false, fault: { seq: event.seq, index, problem: "link" } };
    if (hashEvent(event) !== event.hash) return { ok: false, fault: { seq: event.seq, index, problem: "hash" } };
    prevHash = event.hash;
    expectedSeq += 1;
    count += 1;
  }
  return { ok: true, count, head: { seq: expectedSeq - 1, hash: prevHash } };
}
