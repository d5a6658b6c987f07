#!/usr/bin/env -S npx tsx
import { createReadStream, createWriteStream, openSync, readFileSync, statSync, type WriteStream } from "node:fs";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { AnswerError, ConsistencyAnswer, InclusionAnswer, KeyAnswer, checkGrowth, checkInclusion, locateDivergence, parseAnswer, type Finding } from "../lambdas/domain/audit-proofs.ts";
import { LogVerifier, okText, verdictText, verifyNdjson, type LogResult, type TreeHead } from "../lambdas/domain/audit-verify.ts";
import { parseVkey, verifyCheckpoint } from "../lambdas/domain/checkpoint.ts";
import { ApiError, auditApi, fetchCheckpoint, fetchConsistencyProof, fetchEvent, fetchEvents, fetchInclusionProof, fetchKey, type AuditApi } from "./audit-client.ts";

// Verifies the audit log offline (docs/audit-trail.md). Exit codes: 0 the log is intact, 1 it is
// not (the line names the first bad sequence number, or the checkpoint), 2 it could not be checked
// (usage, unreadable file, API error or an answer of the wrong shape).

const USAGE = `usage:
  audit-verify FILE --checkpoint NOTE --key VKEY
  audit-verify --url URL --token T [--key VKEY] [--save FILE]
  audit-verify --url URL --token T --since NOTE [--key VKEY]
  audit-verify --url URL --token T --prove SEQ [--key VKEY]

  FILE              NDJSON, one GET /api/audit/events item a line, in order ("-" reads stdin)
  --checkpoint NOTE a signed checkpoint (GET /api/audit/checkpoint) saved to a file: the root of
                    its first tree-size events must be its root
  --key VKEY        the log's verifier key <name>+<id>+<base64>, or a file holding it; pin it
  --url URL         check through the API: every event up to the latest signed checkpoint
  --token T         bearer token (auditor group or scope sandbox/audit.read); or env AUDIT_TOKEN
  --since NOTE      prove that the latest checkpoint extends this saved one (the log only grew)
  --prove SEQ       prove that event SEQ is in the latest checkpoint, without the whole log
  --save FILE       with --url: also write the fetched events to FILE as NDJSON`;

class UsageError extends Error {}

/** A finding about the log or a checkpoint: exit 1 with `fail: ...`. */
class Failure extends Error {}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** --key takes the vkey itself or a file that holds it. */
function readVkey(value: string): string {
  try {
    parseVkey(value);
    return value.trim();
  } catch (direct) {
    let text: string;
    try {
      text = readFileSync(value, "utf8").trim();
    } catch {
      throw new UsageError(`--key ${value.slice(0, 80)} is neither a verifier key nor a readable file: ${(direct as Error).message}`);
    }
    try {
      parseVkey(text);
      return text;
    } catch (error) {
      throw new UsageError(`--key ${value}: ${(error as Error).message}`);
    }
  }
}

/** A checkpoint note verified against the key, or a Failure naming the checkpoint. */
function checkedNote(note: string, vkey: string, what: string): TreeHead & { origin: string } {
  try {
    return verifyCheckpoint(note, vkey);
  } catch (error) {
    throw new Failure(`checkpoint: ${what}: ${(error as Error).message}`);
  }
}

async function verifyFile(file: string, head: TreeHead): Promise<LogResult> {
  if (file !== "-") {
    try {
      if (!statSync(file).isFile()) throw new UsageError(`${file} is not a file`);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  const input = file === "-" ? process.stdin : createReadStream(file);
  const lines = createInterface({ input, crlfDelay: Infinity });
  return verifyNdjson(lines, head);
}

function openForSaving(path: string): WriteStream {
  let fd: number;
  try {
    fd = openSync(path, "w");
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const out = createWriteStream("", { fd });
  // A write error surfaces at the next write or at close instead of crashing the process.
  out.on("error", () => {});
  return out;
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (out.errored) throw out.errored;
  if (!out.write(text)) await once(out, "drain");
}

/**
 * Every event up to the checkpoint's size, page by page into the verifier (one page in memory, and
 * the leaf hashes: 32 bytes an event). When every event hashes right but the root is wrong, events
 * were re-hashed: consistency proofs from the API's signed tree find the first one.
 */
async function verifyUrl(api: AuditApi, head: TreeHead, savePath: string | undefined): Promise<LogResult> {
  const { result, verifier } = await fetchAndVerify(api, head, savePath);
  if (result.ok || result.fault.problem !== "checkpoint" || result.fault.seq !== undefined) return result;
  const seq = await locateDivergence(verifier.leafHashes(head.treeSize), head, async (m) =>
    parseAnswer(ConsistencyAnswer, await fetchConsistencyProof(api, m, head.treeSize), "GET /audit/consistency"),
  );
  if (seq === undefined) return result;
  return {
    ok: false,
    fault: {
      seq,
      problem: "checkpoint",
      message: `seq ${seq}: not the event the signed checkpoint holds at leaf ${seq - 1}: it was altered and its leafHash recomputed, or events were inserted, removed or reordered there (${result.fault.message.replace(/^checkpoint: /, "").replace(/: events were altered.*$/, "")})`,
    },
  };
}

async function fetchAndVerify(api: AuditApi, head: TreeHead, savePath: string | undefined): Promise<{ result: LogResult; verifier: LogVerifier }> {
  const verifier = new LogVerifier(head, { keepLeaves: true });
  const out = savePath ? openForSaving(savePath) : undefined;
  try {
    for await (const item of fetchEvents(api, 0, head.treeSize)) {
      if (out) await write(out, `${JSON.stringify(item)}\n`);
      if (verifier.push(item)) break;
    }
  } finally {
    if (out) {
      out.end();
      await once(out, "close");
    }
  }
  // A saved copy that could not be written whole is an error, even when the log verified.
  if (out?.errored) throw out.errored;
  return { result: verifier.finish(), verifier };
}

/** The key to check notes with: the pinned one, or the API's own, with a warning to pin it. */
async function resolveKey(api: AuditApi, key: string | undefined): Promise<{ vkey: string; origin?: string }> {
  if (key !== undefined) return { vkey: readVkey(key) };
  const answer = parseAnswer(KeyAnswer, await fetchKey(api), "GET /audit/checkpoint/key");
  try {
    parseVkey(answer.vkey);
  } catch (error) {
    throw new AnswerError(`GET /audit/checkpoint/key answered a vkey that is not one: ${(error as Error).message}`);
  }
  process.stderr.write(
    `audit-verify: no --key given, so this used the key the API itself states: ${answer.vkey}\n` +
      "audit-verify: pin that key (pass it as --key from now on): a log that swaps its key would otherwise pass\n",
  );
  return { vkey: answer.vkey, origin: answer.origin };
}

function settle(finding: Finding): void {
  if (!finding.ok) throw new Failure(finding.message);
}

const OPTIONS = {
  url: { type: "string" },
  token: { type: "string" },
  key: { type: "string" },
  checkpoint: { type: "string" },
  since: { type: "string" },
  prove: { type: "string" },
  save: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function parseCli(argv: string[]) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function mainUrl(values: ReturnType<typeof parseCli>["values"]): Promise<string> {
  if (values.checkpoint !== undefined) throw new UsageError("--checkpoint is for FILE; with --url the latest checkpoint is fetched (use --since to compare a saved one)");
  if (values.since !== undefined && values.prove !== undefined) throw new UsageError("give --since or --prove, not both");
  const token = values.token ?? process.env.AUDIT_TOKEN;
  if (!token) throw new UsageError("--url needs --token T (or env AUDIT_TOKEN)");
  let seq: number | undefined;
  if (values.prove !== undefined) {
    if (!/^[1-9][0-9]*$/.test(values.prove) || !Number.isSafeInteger(Number(values.prove))) throw new UsageError(`--prove ${values.prove} is not a sequence number (1, 2, ...)`);
    seq = Number(values.prove);
  }
  const saved = values.since !== undefined ? readText(values.since, "saved checkpoint") : undefined;

  const api = auditApi(values.url!, token);
  const { vkey, origin } = await resolveKey(api, values.key);
  const latest = checkedNote(await fetchCheckpoint(api), vkey, "the latest checkpoint (GET /audit/checkpoint)");
  if (origin !== undefined && origin !== latest.origin) {
    throw new Failure(`checkpoint: the latest checkpoint is for origin ${latest.origin}, the API's key for ${origin}`);
  }

  if (saved !== undefined) {
    const before = checkedNote(saved, vkey, `the saved checkpoint ${values.since}`);
    if (before.origin !== latest.origin) throw new Failure(`checkpoint: the saved checkpoint is for origin ${before.origin}, the latest for ${latest.origin}`);
    const needsProof = before.treeSize > 0 && before.treeSize < latest.treeSize;
    const answer = needsProof
      ? parseAnswer(ConsistencyAnswer, await fetchConsistencyProof(api, before.treeSize, latest.treeSize), "GET /audit/consistency")
      : undefined;
    settle(checkGrowth(before, latest, answer));
    process.stderr.write(`audit-verify: the log of ${latest.treeSize} events extends the saved checkpoint of ${before.treeSize}\n`);
    return okText(latest.treeSize, latest.root);
  }

  if (seq !== undefined) {
    if (seq > latest.treeSize) {
      throw new ApiError(`seq ${seq} is not covered by the latest checkpoint (${latest.treeSize} events) yet: try again after the next checkpoint`);
    }
    const [proof, event] = await Promise.all([fetchInclusionProof(api, seq, latest.treeSize), fetchEvent(api, seq)]);
    settle(checkInclusion(seq, latest, parseAnswer(InclusionAnswer, proof, `GET /audit/events/${seq}/proof`), event));
    process.stderr.write(`audit-verify: seq ${seq} is leaf ${seq - 1} of the signed checkpoint of ${latest.treeSize} events\n`);
    return okText(latest.treeSize, latest.root);
  }

  const result = await verifyUrl(api, latest, values.save);
  return report(result);
}

function report(result: LogResult): string {
  if (!result.ok) throw new Failure(result.fault.message);
  if (result.read > result.count) {
    process.stderr.write(`audit-verify: ${result.read - result.count} events after seq ${result.count} are not covered by the checkpoint yet (only their leaf hashes were checked)\n`);
  }
  return verdictText(result);
}

async function main(argv: string[]): Promise<string> {
  const { values, positionals } = parseCli(argv);
  if (values.help) return USAGE;
  if (values.url !== undefined) {
    if (positionals.length > 0) throw new UsageError("give either FILE or --url, not both");
    return mainUrl(values);
  }
  for (const option of ["token", "save", "since", "prove"] as const) {
    if (values[option] !== undefined) throw new UsageError(`--${option} goes with --url`);
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "give the NDJSON FILE to verify" : "give exactly one FILE");
  if (values.checkpoint === undefined) throw new UsageError("FILE needs --checkpoint NOTE (a saved GET /api/audit/checkpoint) and --key VKEY");
  if (values.key === undefined) throw new UsageError("--checkpoint needs --key VKEY: a checkpoint is only as good as the key it is checked with");
  const vkey = readVkey(values.key);
  const head = checkedNote(readText(values.checkpoint, "checkpoint"), vkey, values.checkpoint);
  return report(await verifyFile(positionals[0], head));
}

main(process.argv.slice(2)).then(
  (line) => {
    process.stdout.write(`${line}\n`);
    process.exitCode = 0;
  },
  (error: unknown) => {
    if (error instanceof Failure) {
      process.stdout.write(`fail: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`audit-verify: ${error.message}\n\n${USAGE}\n`);
    } else if (error instanceof ApiError || error instanceof AnswerError) {
      process.stderr.write(`audit-verify: could not check: ${error.message}\n`);
    } else {
      process.stderr.write(`audit-verify: could not check: ${(error as Error).message}\n`);
    }
    process.exitCode = 2;
  },
);
