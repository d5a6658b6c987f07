import { join } from "node:path";

// The local stand-in for the sequencer's AWS wiring (DynamoDB Streams wake-ups plus a sweep): a loop
// in the runtime's process that drains the backlog, then waits until a commit in this process wakes
// it or `intervalMs` passes (commits by another process, e.g. a second runtime on the same DATA_DIR,
// are found by the timer). A wake-up by a commit waits `lingerMs` first, so that the commits right
// behind it go into the same batch: the local form of the stream's one-second batching window on
// AWS, shorter because a laptop's writes come one at a time. So an event is numbered and covered by a
// signed checkpoint some tens of milliseconds after its commit, well within the 5 s the product
// promises locally, and a burst of writes costs a few sequencer transactions, not one each.

export interface SequencerLoopOptions {
  /** The runtime's DATA_DIR: the checkpoint key lives in <dataDir>/audit-log/key.json. */
  dataDir: string;
  intervalMs?: number;
  /** How long a wake-up by a commit waits for more commits before it drains; default 25 ms. */
  lingerMs?: number;
  log?: (message: string, error?: unknown) => void;
}

export interface SequencerLoop {
  /** Resolves after the first run (the empty log's signed checkpoint exists from then on). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export function sequencerKeyFile(dataDir: string): string {
  return join(dataDir, "audit-log", "key.json");
}

export function startSequencerLoop(options: SequencerLoopOptions): SequencerLoop {
  const intervalMs = options.intervalMs ?? 200;
  const lingerMs = options.lingerMs ?? 25;
  const log = options.log ?? ((message, error) => console.error(`[sequencer] ${message}`, error ?? ""));
  let stopped = false;
  let wake: (() => void) | undefined;
  let woken = false;
  let unsubscribe: (() => void) | undefined;
  let readyResolve!: () => void;
  const ready = new Promise<void>((resolve) => (readyResolve = resolve));

  const loop = (async () => {
    // Imported here: these read process.env (lambdas/env.ts), which the runtime sets before starting us.
    const [{ Sequencer, drain }, { onCommitted }, { localSigner }, { env }] = await Promise.all([
      import("../lambdas/services/audit-sequencer.ts"),
      import("../lambdas/store/commit.ts"),
      import("../lambdas/store/signers.ts"),
      import("../lambdas/env.ts"),
    ]);
    let sequencer: InstanceType<typeof Sequencer> | undefined;
    unsubscribe = onCommitted(() => {
      woken = true;
      wake?.();
    });
    let failures = 0;
    while (!stopped) {
      if (woken && lingerMs > 0) await new Promise((resolve) => setTimeout(resolve, lingerMs).unref());
      if (stopped) break;
      woken = false;
      try {
        sequencer ??= new Sequencer({ signer: localSigner(sequencerKeyFile(options.dataDir), env().auditLogOrigin), origin: env().auditLogOrigin });
        await drain(sequencer);
        failures = 0;
      } catch (error) {
        // DynamoDB Local not (or no longer) there: say so once in a while, keep trying.
        if (failures++ % 50 === 0) log("run failed", error);
      }
      readyResolve();
      if (stopped || woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, intervalMs);
        timer.unref();
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  })();

  return {
    ready,
    async stop() {
      stopped = true;
      wake?.();
      unsubscribe?.();
      await loop.catch((error) => log("stopped with an error", error));
      readyResolve();
    },
  };
}
