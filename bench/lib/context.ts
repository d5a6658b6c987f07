import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestApi, type TestApi } from "../../test/support/api.ts";
import { startSequencerLoop, type SequencerLoop } from "../../local/sequencer-loop.ts";
import { startEmulators, type Emulators } from "./emulators.ts";
import { closeInstrumentation, installDynamoInstrumentation, instrumentedLoader } from "./instrument.ts";
import { publishBenchRound, type BenchRound } from "./journey.ts";
import { readCdkSettings, type CdkFunctionSettings } from "./cdk-settings.ts";
import type { Figure } from "./figures.ts";

// What every benchmark gets: the emulators, the dev gateway in this process in front of the real
// handler modules (instrumented), the bench round, the CDK function settings and a temp dir. `once`
// memoises work that several benchmarks share (bundles, the measured journey), so `--only` still works.

export interface BenchContext {
  emulators: Emulators;
  api: TestApi;
  /**
   * The audit sequencer loop the local runtime runs (here outside the gateway, so the sequencer
   * benchmark can stop it, fill a backlog and time the sequencer alone, then start it again).
   */
  sequencer: { stop(): Promise<void>; start(): Promise<void> };
  round: BenchRound;
  cdk: CdkFunctionSettings;
  tmp: string;
  log(message: string): void;
  /** A line for the "details" section under the table (and in results.json): how a figure came about. */
  detail(line: string): void;
  details: string[];
  once<T>(key: string, make: () => Promise<T>): Promise<T>;
}

export interface Benchmark {
  name: string;
  run(ctx: BenchContext): Promise<Figure[]>;
}

export async function openContext(): Promise<BenchContext & { close(): Promise<void> }> {
  const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
  const tmp = mkdtempSync(join(tmpdir(), "sandbox-bench-"));
  const emulators = await startEmulators();
  let api: TestApi | undefined;
  try {
    installDynamoInstrumentation();
    const gatewayErrors: string[] = [];
    api = await startTestApi({
      sequencer: false,
      loadHandler: instrumentedLoader(),
      logError: (message, error) => {
        if (gatewayErrors.length < 20) gatewayErrors.push(`${message} ${(error as Error)?.stack ?? error ?? ""}`);
        log(`gateway: ${message} ${(error as Error)?.message ?? ""}`);
      },
    });
    const startLoop = () => startSequencerLoop({ dataDir: tmp, log: (message, error) => log(`sequencer: ${message} ${(error as Error)?.message ?? ""}`) });
    let loop: SequencerLoop | undefined = startLoop();
    await loop.ready;
    const sequencer = {
      async stop() {
        await loop?.stop();
        loop = undefined;
      },
      async start() {
        loop ??= startLoop();
        await loop.ready;
      },
    };
    const round = await publishBenchRound(api);
    const memo = new Map<string, Promise<unknown>>();
    const opened = api;
    const details: string[] = [];
    let closing: Promise<void> | undefined;
    return {
      details,
      detail: (line: string) => details.push(line),
      emulators,
      api,
      sequencer,
      round,
      cdk: readCdkSettings(),
      tmp,
      log,
      once<T>(key: string, make: () => Promise<T>) {
        let pending = memo.get(key) as Promise<T> | undefined;
        if (!pending) {
          pending = make();
          memo.set(key, pending);
        }
        return pending;
      },
      // Once, whoever asks first (the run's end or a signal handler).
      close() {
        closing ??= (async () => {
          await opened.close();
          await sequencer.stop();
          closeInstrumentation();
          await emulators.stop();
          rmSync(tmp, { recursive: true, force: true });
        })();
        return closing;
      },
    };
  } catch (error) {
    await api?.close().catch(() => {});
    await emulators.stop().catch(() => {});
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}
