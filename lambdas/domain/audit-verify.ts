import { AnchorShape, ChainVerifier, type Anchor, type ChainResult } from "./audit-chain.ts";

// The offline verifier behind `npm run audit:verify`: NDJSON lines in, a verdict out. Pure (no
// files, no network), so tests call it directly and the CLI only feeds it lines.

export interface VerifyOptions {
  /** A saved checkpoint: the event at its seq must exist and carry its hash. */
  checkpoint?: Anchor;
  /** The chain head: the trail must end exactly there. */
  head?: Anchor;
}

/** Feeds NDJSON lines into a verifier. Blank lines are skipped; line numbers count every line. */
export class NdjsonChainReader {
  readonly verifier: ChainVerifier;
  private lineNo = 0;

  constructor(options: Pick<VerifyOptions, "checkpoint"> = {}) {
    this.verifier = new ChainVerifier(undefined, options.checkpoint);
  }

  /** Returns false once the chain is broken (the caller may stop reading). */
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

export async function verifyNdjson(lines: AsyncIterable<string> | Iterable<string>, options: VerifyOptions = {}): Promise<ChainResult> {
  const reader = new NdjsonChainReader(options);
  for await (const line of lines) {
    if (!reader.line(line)) break;
  }
  return reader.verifier.finish(options.head);
}

/** The CLI's one-line answer. */
export function verdictText(result: ChainResult): string {
  return result.ok ? `ok ${result.count} events, head ${result.head.hash}` : `fail: ${result.fault.message}`;
}

/** A checkpoint or head document `{ seq, hash, at?, ... }`; throws a readable error when it is not one. */
export function parseAnchor(text: string, what: string): Anchor {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${what} is not JSON`);
  }
  const parsed = AnchorShape.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${what} is not { seq, hash }: ${issue.path.join(".") || "value"}: ${issue.message}`);
  }
  return { seq: parsed.data.seq, hash: parsed.data.hash };
}
