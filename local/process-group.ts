import { spawn, type ChildProcess } from "node:child_process";

// A child that leads its own process group and never outlives us: the emulators behind `npm start`
// (DynamoDB Local's JVM, MailDev) run this way. detached: its own group, so a Ctrl-C aimed at the
// terminal does not reach it before we have closed what stands in front of it, and stop() can signal
// the whole group (a JVM's thread-spawned children included).
//
// Every way this process can end stops the group with SIGTERM first: DynamoDB Local killed with SIGKILL
// can lose the last transactions it acknowledged (measured; docs/local-runtime.md), stopped with SIGTERM
// it writes them out. An exit handler covers every exit Node sees but cannot wait, so it only asks
// (SIGTERM); a watchdog covers the exits Node does not see (SIGKILL, the OOM killer) and, outliving us,
// gives the group the grace period and then SIGKILLs what is left.

export interface GroupChild {
  child: ChildProcess;
  /** Also the process group id. */
  pid: number;
  exited: Promise<void>;
  /** SIGTERM, SIGKILL after graceMs (0: SIGKILL at once); resolves once the leader has exited and stragglers are gone. */
  stop(graceMs?: number): Promise<void>;
  /** The last few KiB of its output, for error messages. */
  output(): string;
}

export interface GroupOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Between SIGTERM and SIGKILL, for stop() and for the watchdog. */
  graceMs?: number;
}

export function spawnGroup(command: string, args: string[], options: GroupOptions = {}): GroupChild {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.on("error", () => {}); // a spawn failure leaves pid undefined: reported below, not as an unhandled event
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  const graceMs = options.graceMs ?? 5_000;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const output = tail(child);
  const termOnExit = () => signalGroup(pid, "SIGTERM");
  process.on("exit", termOnExit);
  const dog = watchdog(pid, graceMs);
  let stopping: Promise<void> | undefined;
  return {
    child,
    pid,
    exited,
    output,
    stop(grace = graceMs) {
      stopping ??= stopGroup(child, exited, grace).finally(() => {
        process.off("exit", termOnExit);
        dog.kill("SIGKILL");
      });
      return stopping;
    },
  };
}

/**
 * The watchdog waits on a pipe whose only writer is this process; the kernel closes the pipe when this
 * process dies, the read returns, and the watchdog sends the group SIGTERM, waits up to the grace period
 * for it to go, then SIGKILLs what is left. It is detached, so a Ctrl-C to the terminal leaves it to
 * stop(), and unreferenced, so it never keeps Node running.
 */
export function watchdogScript(pgid: number, graceMs: number): string {
  const tenths = Math.max(1, Math.ceil(graceMs / 100));
  return `read -r _; kill -TERM -${pgid} 2>/dev/null; i=0; while [ $i -lt ${tenths} ] && kill -0 -${pgid} 2>/dev/null; do sleep 0.1; i=$((i+1)); done; kill -KILL -${pgid} 2>/dev/null`;
}

function watchdog(pgid: number, graceMs: number): ChildProcess {
  const dog = spawn("sh", ["-c", watchdogScript(pgid, graceMs)], { detached: true, stdio: ["pipe", "ignore", "ignore"] });
  dog.on("error", () => {}); // without sh there is no watchdog; the exit handler still covers normal exits
  dog.stdin?.on("error", () => {});
  dog.unref();
  (dog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return dog;
}

async function stopGroup(child: ChildProcess, exited: Promise<void>, graceMs: number): Promise<void> {
  const pid = child.pid!;
  if (child.exitCode !== null || child.signalCode !== null) {
    signalGroup(pid, "SIGKILL"); // the leader is gone; sweep anything it left in its group
    return;
  }
  signalGroup(pid, graceMs > 0 ? "SIGTERM" : "SIGKILL");
  let timer: NodeJS.Timeout | undefined;
  const killed = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      signalGroup(pid, "SIGKILL");
      resolve();
    }, graceMs);
  });
  await Promise.race([exited, killed]);
  clearTimeout(timer);
  await exited;
  signalGroup(pid, "SIGKILL");
}

export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone, which is what we want.
  }
}

/** Is any process of this group still alive? (Tests use it to prove nothing survives a stop.) */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function tail(child: ChildProcess, limit = 8_192): () => string {
  let buffer = "";
  const append = (chunk: Buffer) => {
    buffer = (buffer + chunk.toString("utf8")).slice(-limit);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  return () => buffer;
}
