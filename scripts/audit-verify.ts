#!/usr/bin/env -S npx tsx
import { createReadStream, createWriteStream, openSync, readFileSync, statSync, type WriteStream } from "node:fs";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { ChainVerifier, type Anchor, type ChainResult } from "../lambdas/domain/audit-chain.ts";
import { parseAnchor, verdictText, verifyNdjson } from "../lambdas/domain/audit-verify.ts";
import { ApiError, auditApi, fetchEvents, fetchHead, type AuditApi } from "./audit-client.ts";

// Verifies the audit trail offline (docs/audit-trail.md). Exit codes: 0 the trail is intact,
// 1 it is not (the line names the first bad sequence number), 2 it could not be checked
// (usage, unreadable file, API error).

const USAGE = `usage:
  audit-verify FILE [--checkpoint CP.json] [--head HEAD.json]
  audit-verify --url BASE --token TOKEN [--checkpoint CP.json] [--save FILE]

  FILE            NDJSON, one GET /api/audit/events item a line, in order ("-" reads stdin)
  --url BASE      fetch every event through GET /api/audit/events and check it ends at the head
  --token TOKEN   bearer token (auditor group or scope sandbox/audit.read); or env AUDIT_TOKEN
  --checkpoint F  a saved { seq, hash } checkpoint: that event must exist and carry that hash
  --head F        a saved GET /api/audit/events/head answer: the trail must end exactly there
  --save F        with --url: also write the fetched events to F as NDJSON`;

class UsageError extends Error {}

/** Rounds of "page to the end, then read the head" before giving up on a trail that keeps growing. */
const MAX_CATCH_UP_ROUNDS = 20;

function readAnchorFile(path: string, what: string): Anchor {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return parseAnchor(text, `${what} ${path}`);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function verifyFile(file: string, checkpoint: Anchor | undefined, head: Anchor | undefined): Promise<ChainResult> {
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
  return verifyNdjson(lines, { checkpoint, head });
}

function openForSaving(path: string): WriteStream {
  let fd: number;
  try {
    fd = openSync(path, "w");
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const out = createWriteStream("", { fd });
  // A write error surfaces at the next write or at close instead of crashing the process (exit 1 means "not intact").
  out.on("error", () => {});
  return out;
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (out.errored) throw out.errored;
  if (!out.write(text)) await once(out, "drain");
}

/**
 * Pages through the API into the verifier, then reads the head. Events committed while paging
 * move the head on, so page again from where we stopped until the head is no further than the
 * last event read; then the trail must end exactly at the head.
 */
async function verifyUrl(api: AuditApi, checkpoint: Anchor | undefined, savePath: string | undefined): Promise<ChainResult> {
  const verifier = new ChainVerifier(undefined, checkpoint);
  const out = savePath ? openForSaving(savePath) : undefined;
  let last = 0;
  try {
    for (let round = 1; ; round++) {
      for await (const item of fetchEvents(api, last)) {
        if (out) await write(out, `${JSON.stringify(item)}\n`);
        if (verifier.push(item)) return verifier.finish();
        last = (item as { seq: number }).seq;
      }
      const head = await fetchHead(api);
      if (head.seq <= last) return verifier.finish(head);
      if (round >= MAX_CATCH_UP_ROUNDS) throw new ApiError(`the trail kept growing: after ${round} rounds the head is at seq ${head.seq}, read up to ${last}`);
    }
  } finally {
    if (out) {
      out.end();
      await once(out, "close");
      if (out.errored) throw out.errored;
    }
  }
}

const OPTIONS = {
  url: { type: "string" },
  token: { type: "string" },
  checkpoint: { type: "string" },
  head: { type: "string" },
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

async function main(argv: string[]): Promise<number> {
  const args = parseCli(argv);
  const { values, positionals } = args;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const checkpoint = values.checkpoint !== undefined ? readAnchorFile(values.checkpoint, "checkpoint") : undefined;

  let result: ChainResult;
  if (values.url !== undefined) {
    if (positionals.length > 0) throw new UsageError("give either FILE or --url, not both");
    if (values.head !== undefined) throw new UsageError("--head is for FILE mode; with --url the head is fetched");
    const token = values.token ?? process.env.AUDIT_TOKEN;
    if (!token) throw new UsageError("--url needs --token TOKEN (or env AUDIT_TOKEN)");
    result = await verifyUrl(auditApi(values.url, token), checkpoint, values.save);
  } else {
    if (values.token !== undefined || values.save !== undefined) throw new UsageError("--token and --save go with --url");
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "give the NDJSON FILE to verify" : "give exactly one FILE");
    const head = values.head !== undefined ? readAnchorFile(values.head, "head") : undefined;
    result = await verifyFile(positionals[0], checkpoint, head);
  }
  process.stdout.write(`${verdictText(result)}\n`);
  return result.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`audit-verify: ${error.message}\n\n${USAGE}\n`);
    } else {
      process.stderr.write(`audit-verify: ${error instanceof ApiError ? error.message : `could not verify: ${(error as Error).message}`}\n`);
    }
    process.exitCode = 2;
  },
);
