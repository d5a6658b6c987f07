import * as z from "zod";
import { eventLeafHash, type AuditEvent } from "./audit-event.ts";
import { appendLeaves, foldNodes, type Hash } from "./merkle.ts";

// The offline verifier behind `npm run audit:verify` (docs/audit-trail.md): events in order in, a
// verdict out. Pure (no files, no network), so tests call it directly and the CLI only feeds it
// lines or API pages. It keeps the tree's frontier (one hash per set bit of the size), never the
// events, so a log of any length is checked in constant memory.

export type LogProblem =
  /** A line is not JSON. */
  | "json"
  /** Not an event: a field missing, of the wrong type, or one too many. */
  | "shape"
  /** Not the next sequence number: removed, inserted, repeated or reordered events. */
  | "sequence"
  /** The event's content does not hash to its leafHash: altered. */
  | "leaf"
  /** Disagrees with the signed checkpoint: wrong root, or the events end before its size. */
  | "checkpoint";

export interface LogFault {
  /** The sequence number the fault is about (the one expected there), when it is about one event. */
  seq?: number;
  /** 1-based line number, when reading NDJSON. */
  line?: number;
  problem: LogProblem;
  /** One sentence for the auditor, starting with "seq N:" or "checkpoint:" (or "line L:"). */
  message: string;
}

/** What a verified signed checkpoint says: the first treeSize events have this root. */
export interface TreeHead {
  treeSize: number;
  root: Hash;
}

export type LogResult =
  /** count: the events the root covers (the checkpoint's size, or every event read without one). */
  | { ok: true; count: number; read: number; root: Hash }
  | { ok: false; fault: LogFault };

const HEX64 = /^[0-9a-f]{64}$/;
// Exactly Date#toISOString: fixed width, one way to write each instant.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export const EventShape = z.strictObject({
  seq: z.number().int().positive(),
  eventId: z.string().min(1),
  at: z.string().regex(ISO_INSTANT, "an instant like 2026-01-31T12:00:00.000Z").refine((s) => !Number.isNaN(Date.parse(s)), "not a real time"),
  actor: z.strictObject({ sub: z.string(), groups: z.array(z.string()) }),
  action: z.string().min(1),
  entityType: z.string().min(1),
  entityId: z.string(),
  data: z.record(z.string(), z.unknown()),
  leafHash: z.string().regex(HEX64, "64 lowercase hex characters"),
});

export function shapeProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue.code === "unrecognized_keys") return `unexpected field ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
  const path = issue.path.join(".");
  return path ? `field ${JSON.stringify(path)}: ${issue.message}` : issue.message;
}

export const short = (hex: string) => `${hex.slice(0, 12)}…`;

/**
 * The leaf hash of an event as given, or why it has none: the event's shape, then its content
 * against its own leafHash. Shared by the log check and the one-event proof check.
 */
export function checkEvent(value: unknown): { ok: true; event: AuditEvent; leafHash: Hash } | { ok: false; problem: "shape" | "leaf"; detail: string } {
  const parsed = EventShape.safeParse(value);
  if (!parsed.success) return { ok: false, problem: "shape", detail: `not a valid event: ${shapeProblem(parsed.error)}` };
  // Hash what was given, not zod's copy of it.
  const event = value as AuditEvent;
  let computed: string;
  try {
    computed = eventLeafHash(event);
  } catch (error) {
    return { ok: false, problem: "shape", detail: `not a valid event: ${(error as Error).message}` };
  }
  if (computed !== event.leafHash) {
    return { ok: false, problem: "leaf", detail: `leaf hash mismatch: the event's content hashes to ${short(computed)}, its leafHash says ${short(event.leafHash)}: the event was altered` };
  }
  return { ok: true, event, leafHash: Buffer.from(computed, "hex") };
}

/**
 * Streaming log check: push events in order (seq 1, 2, ...), then finish(). Every leaf hash is
 * recomputed; with a checkpoint, the root of its first treeSize events must be its root. The
 * first fault sticks: every later push and finish() return it.
 */
export class LogVerifier {
  private size = 0;
  private frontier: Hash[] = [];
  private rootAtCheckpoint: Hash | undefined;
  private fault: LogFault | undefined;
  /** With keepLeaves: the leaf hashes up to the checkpoint's size, 32 bytes each (3.2 MB per 100k). */
  private leaves: Buffer | undefined;

  constructor(
    private readonly checkpoint?: TreeHead,
    options: { keepLeaves?: boolean } = {},
  ) {
    if (checkpoint && checkpoint.treeSize === 0) this.rootAtCheckpoint = foldNodes([]);
    if (options.keepLeaves && checkpoint) this.leaves = Buffer.alloc(32 * Math.min(checkpoint.treeSize, 1024));
  }

  /** The kept leaf hashes [0, size) (keepLeaves only), to find where a wrong root goes wrong. */
  leafHashes(size: number): Hash[] {
    if (!this.leaves) throw new Error("the verifier was not asked to keep leaf hashes");
    return Array.from({ length: size }, (_, i) => this.leaves!.subarray(i * 32, (i + 1) * 32));
  }

  private keep(leaf: Hash): void {
    if (!this.leaves || !this.checkpoint || this.size >= this.checkpoint.treeSize) return;
    if ((this.size + 1) * 32 > this.leaves.length) {
      const grown = Buffer.alloc(Math.min(this.leaves.length * 2, 32 * this.checkpoint.treeSize));
      this.leaves.copy(grown);
      this.leaves = grown;
    }
    leaf.copy(this.leaves, this.size * 32);
  }

  get failed(): LogFault | undefined {
    return this.fault;
  }

  /** Events read so far. */
  get count(): number {
    return this.size;
  }

  private stop(problem: LogProblem, detail: string, line: number | undefined, seq = this.size + 1): LogFault {
    const where = line !== undefined ? ` (line ${line})` : "";
    this.fault = { seq, line, problem, message: `seq ${seq}: ${detail}${where}` };
    return this.fault;
  }

  /** A line that is not JSON at all. */
  malformed(line: number, detail: string): LogFault {
    if (this.fault) return this.fault;
    const seq = this.size + 1;
    this.fault = { seq, line, problem: "json", message: `line ${line}: malformed JSON where seq ${seq} was expected (${detail})` };
    return this.fault;
  }

  /** Checks the next event. Returns the fault, if this (or an earlier) event broke the log. */
  push(value: unknown, line?: number): LogFault | undefined {
    if (this.fault) return this.fault;
    const expected = this.size + 1;
    const seq = (value as { seq?: unknown } | null)?.seq;
    // The sequence comes first: an event out of place is named as such even if it is also malformed.
    if (typeof seq === "number" && Number.isInteger(seq) && seq !== expected) {
      const detail =
        seq > expected
          ? `expected seq ${expected}, found seq ${seq}: event${seq - expected > 1 ? `s ${expected}..${seq - 1} are` : ` ${expected} is`} missing or out of order`
          : `expected seq ${expected}, found seq ${seq} again: an event was inserted, repeated or moved`;
      return this.stop("sequence", detail, line);
    }
    const checked = checkEvent(value);
    if (!checked.ok) return this.stop(checked.problem, checked.detail, line);
    this.keep(checked.leafHash);
    this.frontier = appendLeaves(this.size, this.frontier, [checked.leafHash]).frontier;
    this.size += 1;
    if (this.checkpoint && this.size === this.checkpoint.treeSize) this.rootAtCheckpoint = foldNodes(this.frontier);
    return undefined;
  }

  /** The events have ended: checks the checkpoint's size and root. */
  finish(): LogResult {
    if (!this.fault && this.checkpoint) {
      const { treeSize, root } = this.checkpoint;
      if (this.rootAtCheckpoint === undefined) {
        this.fault = {
          seq: this.size + 1,
          problem: "checkpoint",
          message: `seq ${this.size + 1}: missing: the events end at seq ${this.size} but the checkpoint covers ${treeSize}: events were removed from the end`,
        };
      } else if (!this.rootAtCheckpoint.equals(root)) {
        this.fault = {
          problem: "checkpoint",
          message:
            `checkpoint: the root of the first ${treeSize} events is ${this.rootAtCheckpoint.toString("hex")}, the signed checkpoint says ${root.toString("hex")}: ` +
            "events were altered and re-hashed, inserted, removed or reordered (prove single events with --prove to find which)",
        };
      }
    }
    if (this.fault) return { ok: false, fault: this.fault };
    if (this.checkpoint) return { ok: true, count: this.checkpoint.treeSize, read: this.size, root: this.checkpoint.root };
    return { ok: true, count: this.size, read: this.size, root: foldNodes(this.frontier) };
  }
}

/** Feeds NDJSON lines into a verifier. Blank lines are skipped; line numbers count every line. */
export class NdjsonLogReader {
  readonly verifier: LogVerifier;
  private lineNo = 0;

  constructor(checkpoint?: TreeHead) {
    this.verifier = new LogVerifier(checkpoint);
  }

  /** Returns false once the log is broken (the caller may stop reading). */
  line(text: string): boolean {
    this.lineNo += 1;
    if (this.verifier.failed) return false;
    let body = this.lineNo === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (body.endsWith("\r")) body = body.slice(0, -1);
    if (body.trim() === "") return true;
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (error) {
      this.verifier.malformed(this.lineNo, (error as Error).message);
      return false;
    }
    return this.verifier.push(value, this.lineNo) === undefined;
  }
}

export async function verifyNdjson(lines: AsyncIterable<string> | Iterable<string>, checkpoint?: TreeHead): Promise<LogResult> {
  const reader = new NdjsonLogReader(checkpoint);
  for await (const line of lines) {
    if (!reader.line(line)) break;
  }
  return reader.verifier.finish();
}

/** The CLI's one-line answer. */
export function verdictText(result: LogResult): string {
  return result.ok ? okText(result.count, result.root) : `fail: ${result.fault.message}`;
}

export const okText = (count: number, root: Hash) => `ok ${count} events, root ${root.toString("hex")}`;
