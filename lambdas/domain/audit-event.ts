import { createHash } from "node:crypto";

// An audit event and its leaf hash in the transparency log. docs/audit-trail.md states it precisely
// enough that an auditor can re-implement the check in any language:
//   canonical(event) = JSON of { seq, eventId, at, actor, action, entityType, entityId, data }
//                      with object keys sorted by UTF-16 code units at every depth, no whitespace,
//                      numbers and strings as JSON.stringify writes them (RFC 8785 for this data);
//   leafHash = lowercase hex SHA-256 of the byte 0x00 followed by the UTF-8 bytes of canonical(event)
//              (RFC 9162 section 2.1.1: the 0x00 prefix keeps a leaf from ever passing for a node).

export interface AuditEvent {
  /** 1, 2, 3, ... without gaps; the Merkle leaf index is seq - 1. */
  seq: number;
  /** Given when the change commits, before the sequencer numbers the event. */
  eventId: string;
  at: string;
  actor: { sub: string; groups: string[] };
  action: string;
  entityType: string;
  entityId: string;
  data: Record<string, unknown>;
  leafHash: string;
}

export type UnhashedEvent = Omit<AuditEvent, "leafHash">;

/** The fields of an event, in the order the API answers them. */
export const EVENT_FIELDS: readonly (keyof AuditEvent)[] = ["seq", "eventId", "at", "actor", "action", "entityType", "entityId", "data", "leafHash"];

function notHashable(why: string): Error {
  return new Error(`audit data cannot be hashed: ${why}`);
}

function jsonString(value: string): string {
  // A lone surrogate has no UTF-8 form: DynamoDB would store something else than what was hashed.
  if (!value.isWellFormed()) throw notHashable("string with a lone surrogate");
  return JSON.stringify(value);
}

/**
 * The canonical JSON text of a value. Refuses anything that would not come back identical from
 * DynamoDB and from the API's JSON (so the hash written is the hash an auditor recomputes):
 * non-finite numbers, bigint, functions, undefined inside arrays, class instances (Date, Set, Map).
 * `undefined` object members are left out, as DynamoDB (removeUndefinedValues) and JSON do.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case "string":
      return jsonString(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw notHashable("non-finite number");
      return JSON.stringify(value);
    case "object":
      break;
    default:
      throw notHashable(`${typeof value} value`);
  }
  if (value === null) return "null";
  if (Array.isArray(value)) {
    return `[${value
      .map((v) => {
        if (v === undefined) throw notHashable("undefined inside an array");
        return canonicalJson(v);
      })
      .join(",")}]`;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw notHashable(`${proto?.constructor?.name ?? "class"} instance`);
  // `<` compares UTF-16 code units, which is what RFC 8785 sorts by.
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${jsonString(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** The canonical JSON of exactly the eight hashed fields: anything else on the object is ignored. */
export function canonicalEventJson(event: UnhashedEvent): string {
  const { seq, eventId, at, actor, action, entityType, entityId, data } = event;
  return canonicalJson({ seq, eventId, at, actor, action, entityType, entityId, data });
}

const LEAF_PREFIX = Buffer.from([0x00]);

/** Lowercase hex SHA-256(0x00 || utf8(canonicalEventJson(event))): the event's RFC 9162 leaf hash. */
export function eventLeafHash(event: UnhashedEvent): string {
  return createHash("sha256").update(LEAF_PREFIX).update(canonicalEventJson(event), "utf8").digest("hex");
}

/** The event with its leaf hash, its fields in EVENT_FIELDS order (extra fields are dropped). */
export function sealEvent(event: UnhashedEvent): AuditEvent {
  const { seq, eventId, at, actor, action, entityType, entityId, data } = event;
  return { seq, eventId, at, actor, action, entityType, entityId, data, leafHash: eventLeafHash(event) };
}
