import { createHash } from "node:crypto";
import * as z from "zod";

// The audit trail's hash chain. docs/audit-trail.md states it precisely enough that an auditor can
// re-implement the check in any language:
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

/** The fields of an event, in the order the API answers them. */
export const EVENT_FIELDS = ["seq", "at", "actor", "action", "entityType", "entityId", "data", "prevHash", "hash"] as const;

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

export function canonicalEventJson(event: UnhashedEvent): string {
  const { seq, at, actor, action, entityType, entityId, data, prevHash } = event;
  return canonicalJson({ seq, at, actor, action, entityType, entityId, data, prevHash });
}

export function hashEvent(event: UnhashedEvent): string {
  return createHash("sha256").update(canonicalEventJson(event), "utf8").digest("hex");
}

export function sealEvent(event: UnhashedEvent): AuditEvent {
  return { ...event, hash: hashEvent(event) };
}

// ---------------------------------------------------------------------------------------------
// Verification

export type ChainProblem =
  /** A line is not JSON. */
  | "json"
  /** Not an event: a field missing, of the wrong type, or one too many. */
  | "shape"
  /** Not the next sequence number: removed, inserted, repeated or reordered events. */
  | "sequence"
  /** prevHash is not the previous event's hash. */
  | "link"
  /** The event's content does not hash to its `hash`: altered. */
  | "hash"
  /** Time runs backwards. */
  | "time"
  /** Disagrees with a saved checkpoint, or the trail ends before it. */
  | "checkpoint"
  /** Disagrees with the chain head. */
  | "head";

export interface ChainFault {
  /** The first sequence number at which the trail is wrong (the one expected at that place). */
  seq: number;
  /** 0-based position among the events read. */
  index: number;
  /** 1-based line number, when reading NDJSON. */
  line?: number;
  problem: ChainProblem;
  /** One sentence for the auditor, starting with "seq N:" (or "line L:" for unreadable lines). */
  message: string;
}

/** A known (seq, hash) pair: genesis, a saved checkpoint, or the head. */
export interface Anchor {
  seq: number;
  hash: string;
}

export interface ChainHead extends Anchor {
  at: string | null;
}

export type ChainResult = { ok: true; count: number; head: ChainHead } | { ok: false; count: number; fault: ChainFault };

const HEX64 = /^[0-9a-f]{64}$/;
// Exactly Date#toISOString: fixed width, so `at` strings order as times do.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const EventShape = z.strictObject({
  seq: z.number().int().positive(),
  at: z.string().regex(ISO_INSTANT, "an instant like 2026-01-31T12:00:00.000Z").refine((s) => !Number.isNaN(Date.parse(s)), "not a real time"),
  actor: z.strictObject({ sub: z.string(), groups: z.array(z.string()) }),
  action: z.string().min(1),
  entityType: z.string().min(1),
  entityId: z.string(),
  data: z.record(z.string(), z.unknown()),
  prevHash: z.string().regex(HEX64, "64 lowercase hex characters"),
  hash: z.string().regex(HEX64, "64 lowercase hex characters"),
});

export const AnchorShape = z.object({
  seq: z.number().int().min(0),
  hash: z.string().regex(HEX64, "64 lowercase hex characters"),
});

function shapeProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue.code === "unrecognized_keys") return `unexpected field ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
  const path = issue.path.join(".");
  return path ? `field ${JSON.stringify(path)}: ${issue.message}` : issue.message;
}

const short = (hash: string) => `${hash.slice(0, 12)}…`;

/**
 * Streaming chain check: push events in order, then finish(). Keeps only the previous event's
 * hash and time, so a trail of any length is checked in constant memory. The first fault sticks:
 * every later push and finish() return it.
 */
export class ChainVerifier {
  private expectedSeq: number;
  private prevHash: string;
  private prevAt: string | null = null;
  private count = 0;
  private fault: ChainFault | undefined;

  constructor(
    start: Anchor = { seq: 0, hash: GENESIS_HASH },
    private readonly checkpoint?: Anchor,
  ) {
    this.expectedSeq = start.seq + 1;
    this.prevHash = start.hash;
    if (checkpoint && checkpoint.seq < start.seq) throw new Error("a checkpoint before the starting point cannot be checked");
    if (checkpoint && checkpoint.seq === start.seq && checkpoint.hash !== start.hash) {
      this.fault = {
        seq: start.seq,
        index: 0,
        problem: "checkpoint",
        message: `seq ${start.seq}: the checkpoint's hash ${short(checkpoint.hash)} is not the hash there (${short(start.hash)})`,
      };
    }
  }

  get failed(): ChainFault | undefined {
    return this.fault;
  }

  private stop(problem: ChainProblem, detail: string, line: number | undefined, seq = this.expectedSeq): ChainFault {
    const where = line !== undefined ? ` (line ${line})` : "";
    this.fault = { seq, index: this.count, line, problem, message: `seq ${seq}: ${detail}${where}` };
    return this.fault;
  }

  /** A line that is not JSON at all. */
  malformed(line: number, detail: string): ChainFault {
    if (this.fault) return this.fault;
    this.fault = {
      seq: this.expectedSeq,
      index: this.count,
      line,
      problem: "json",
      message: `line ${line}: malformed JSON where seq ${this.expectedSeq} was expected (${detail})`,
    };
    return this.fault;
  }

  /** Checks the next event. Returns the fault, if this (or an earlier) event broke the chain. */
  push(value: unknown, line?: number): ChainFault | undefined {
    if (this.fault) return this.fault;
    const parsed = EventShape.safeParse(value);
    if (!parsed.success) return this.stop("shape", `not a valid event: ${shapeProblem(parsed.error)}`, line);
    // Hash what was given, not zod's copy of it.
    const event = value as AuditEvent;
    const expected = this.expectedSeq;
    if (event.seq !== expected) {
      const detail =
        event.seq > expected
          ? `expected seq ${expected}, found seq ${event.seq}: event${event.seq - expected > 1 ? `s ${expected}..${event.seq - 1} are` : ` ${expected} is`} missing or out of order`
          : `expected seq ${expected}, found seq ${event.seq} again: an event was inserted, repeated or moved`;
      return this.stop("sequence", detail, line);
    }
    if (event.prevHash !== this.prevHash) {
      return this.stop(
        "link",
        `broken link: prevHash ${short(event.prevHash)} is not the hash of ${expected === 1 ? "genesis" : `seq ${expected - 1}`} (${short(this.prevHash)})`,
        line,
      );
    }
    let computed: string;
    try {
      computed = hashEvent(event);
    } catch (error) {
      return this.stop("shape", `not a valid event: ${(error as Error).message}`, line);
    }
    if (computed !== event.hash) {
      return this.stop("hash", `hash mismatch: the event's content hashes to ${short(computed)}, its hash says ${short(event.hash)}: the event was altered`, line);
    }
    if (this.prevAt !== null && event.at < this.prevAt) {
      return this.stop("time", `time runs backwards: ${event.at} is before seq ${expected - 1}'s ${this.prevAt}`, line);
    }
    if (this.checkpoint && this.checkpoint.seq === expected && this.checkpoint.hash !== event.hash) {
      return this.stop("checkpoint", `does not match the checkpoint: hash ${short(event.hash)}, checkpoint says ${short(this.checkpoint.hash)}`, line);
    }
    this.prevHash = event.hash;
    this.prevAt = event.at;
    this.expectedSeq += 1;
    this.count += 1;
    return undefined;
  }

  /**
   * Ends the trail. With `head`, the last event must be exactly the head (no event removed from,
   * or added to, the end).
   */
  finish(head?: Anchor): ChainResult {
    const last = this.expectedSeq - 1;
    if (!this.fault && this.checkpoint && this.checkpoint.seq > last) {
      this.stop("checkpoint", `missing: the trail ends at seq ${last} but the checkpoint names seq ${this.checkpoint.seq}: events were removed from the end`, undefined);
    }
    if (!this.fault && head) {
      if (head.seq > last) {
        this.stop("head", `missing: the trail ends at seq ${last} but the head is seq ${head.seq}: events were removed from the end`, undefined);
      } else if (head.seq < last) {
        this.stop("head", `not in the chain: the head is seq ${head.seq}, so events after it were added`, undefined, head.seq + 1);
      } else if (head.hash !== this.prevHash) {
        this.stop("head", `does not match the head: hash ${short(this.prevHash)}, head says ${short(head.hash)}`, undefined, last);
      }
    }
    if (this.fault) return { ok: false, count: this.count, fault: this.fault };
    return { ok: true, count: this.count, head: { seq: last, hash: this.prevHash, at: this.prevAt } };
  }
}

/**
 * Checks events in order against a starting point (genesis by default, or a checkpoint when the
 * trail is a suffix). Returns the first fault, naming its sequence number.
 */
export function verifyChain(events: Iterable<unknown>, start?: Anchor, options: { checkpoint?: Anchor; head?: Anchor } = {}): ChainResult {
  const verifier = new ChainVerifier(start, options.checkpoint);
  for (const event of events) {
    if (verifier.push(event)) break;
  }
  return verifier.finish(options.head);
}
