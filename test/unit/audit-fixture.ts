import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { GENESIS_HASH, sealEvent, type AuditEvent } from "../../lambdas/domain/audit-chain.ts";

// Deterministic audit trails for the chain, verifier and CLI tests: varied actors, actions and
// data (nested objects, arrays, unicode, fractions, nulls), linked exactly as commit() links them;
// and the verifier CLI run as a child process.

const ACTIONS = ["application.create", "application.submit", "review.assign", "licence.issue", "round.publish", "licence.revoke"];
const TYPES = ["application", "licence", "round"];
const WORDS = ["Lahore", "Kārachi", "Ωmega", "東京", "🚀 launch", 'quote " and \\ slash', "tab\tnew\nline", ""];

export function eventData(i: number): Record<string, unknown> {
  return {
    from: i % 3 === 0 ? null : "DRAFT",
    to: "SUBMITTED",
    mw: (i % 50) + 0.125,
    note: WORDS[i % WORDS.length],
    flags: [i % 2 === 0, i % 5 === 0],
    nested: { z: i, a: { list: [i, `x${i}`, { deep: WORDS[(i + 3) % WORDS.length] }] } },
  };
}

/** Seals the next event after `prev` (or genesis), as commit() does. */
export function nextEvent(prev: AuditEvent | undefined, i: number, overrides: Partial<Omit<AuditEvent, "hash" | "seq" | "prevHash">> = {}): AuditEvent {
  const seq = (prev?.seq ?? 0) + 1;
  return sealEvent({
    seq,
    at: new Date(Date.UTC(2026, 0, 1) + seq * 61_000).toISOString(),
    actor: { sub: `user-${i % 7}`, groups: i % 4 === 0 ? ["reviewer"] : ["applicant"] },
    action: ACTIONS[i % ACTIONS.length],
    entityType: TYPES[i % TYPES.length],
    entityId: `id-${i % 97}`,
    data: eventData(i),
    prevHash: prev?.hash ?? GENESIS_HASH,
    ...overrides,
  });
}

export function buildTrail(count: number): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (let i = 0; i < count; i++) events.push(nextEvent(events[i - 1], i));
  return events;
}

/** Re-links and re-hashes events from index `from` on: what a forger with write access could do. */
export function rechain(events: AuditEvent[], from: number): AuditEvent[] {
  const out = events.slice(0, from);
  for (let i = from; i < events.length; i++) {
    const { hash: _hash, ...rest } = events[i];
    out.push(sealEvent({ ...rest, seq: i + 1, prevHash: out[i - 1]?.hash ?? GENESIS_HASH }));
  }
  return out;
}

export const toNdjson = (events: readonly unknown[]): string => events.map((e) => `${JSON.stringify(e)}\n`).join("");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const ROOT = resolve(import.meta.dirname, "../..");

/** Runs a command from the project root, as an auditor would, collecting exit code and output. */
export function runCommand(command: string, args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  return new Promise((done, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...options.env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => done({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

/** `npx tsx scripts/audit-verify.ts ...args` */
export const runVerifier = (args: string[], options?: Parameters<typeof runCommand>[2]) => runCommand("npx", ["tsx", "scripts/audit-verify.ts", ...args], options);
