import { spawn } from "node:child_process";
import { generateKeyPairSync, sign, createPublicKey } from "node:crypto";
import { resolve } from "node:path";
import { sealEvent, type AuditEvent, type UnhashedEvent } from "../../lambdas/domain/audit-event.ts";
import { formatVkey, signCheckpoint, type CheckpointSigner } from "../../lambdas/domain/checkpoint.ts";
import { rootOf, type Hash } from "../../lambdas/domain/merkle.ts";

// Deterministic audit logs for the verifier and CLI tests: varied actors, actions and data (nested
// objects, arrays, unicode, fractions, nulls), sealed as the sequencer seals them; a signing key and
// signed checkpoints over them; and the verifier CLI run as a child process.

const ACTIONS = ["application.create", "application.submit", "review.assign", "licence.issue", "round.publish", "licence.revoke"];
const TYPES = ["application", "licence", "round"];
const WORDS = ["Lahore", "Kārachi", "Ωmega", "東京", "🚀 launch", 'quote " and \\ slash', "tab\tnew\nline", ""];

export const ORIGIN = "sandbox-registry.test/log";

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

/** The event with sequence number seq, sealed (i varies the content; by default i = seq - 1). */
export function makeEvent(seq: number, overrides: Partial<UnhashedEvent> = {}, i = seq - 1): AuditEvent {
  return sealEvent({
    seq,
    eventId: `01JEVT${String(i).padStart(8, "0")}`,
    at: new Date(Date.UTC(2026, 0, 1) + seq * 61_000).toISOString(),
    actor: { sub: `user-${i % 7}`, groups: i % 4 === 0 ? ["reviewer"] : ["applicant"] },
    action: ACTIONS[i % ACTIONS.length],
    entityType: TYPES[i % TYPES.length],
    entityId: `id-${i % 97}`,
    data: eventData(i),
    ...overrides,
  });
}

export function buildTrail(count: number): AuditEvent[] {
  return Array.from({ length: count }, (_, i) => makeEvent(i + 1));
}

/** Re-numbers and re-seals events from index `from` on: what a forger with write access to the table could do. */
export function reseal(events: readonly AuditEvent[], from: number): AuditEvent[] {
  return events.map((e, i) => (i < from ? e : sealEvent({ ...e, seq: i + 1 })));
}

export const leafHashes = (events: readonly AuditEvent[]): Hash[] => events.map((e) => Buffer.from(e.leafHash, "hex"));

export const toNdjson = (events: readonly unknown[]): string => events.map((e) => `${JSON.stringify(e)}\n`).join("");

/** A fresh Ed25519 log key, as the local signer keeps it, and its vkey. */
export function makeKey(keyName = ORIGIN): { signer: CheckpointSigner; vkey: string } {
  const { privateKey } = generateKeyPairSync("ed25519");
  const raw = Buffer.from(createPublicKey(privateKey).export({ format: "jwk" }).x!, "base64url");
  const signer: CheckpointSigner = { keyName, publicKey: async () => raw, sign: async (message) => sign(null, message, privateKey) };
  return { signer, vkey: formatVkey(keyName, raw) };
}

/** The signed checkpoint of the first treeSize events. */
export const checkpointOf = (signer: CheckpointSigner, events: readonly AuditEvent[], treeSize = events.length, origin = ORIGIN) =>
  signCheckpoint(signer, origin, treeSize, rootOf(leafHashes(events.slice(0, treeSize))));

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
