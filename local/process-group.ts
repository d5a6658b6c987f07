import { spawn, type ChildProcess } from "node:child_process";

// A child that leads its own process group and never outlives us: the emulators behind `npm start`
// (MailDev here) run this way. An exit handler covers every exit Node sees, a watchdog the ones it does
// not (SIGKILL, the OOM killer); stop() sends SIGTERM to the group, then SIGKILL after a grace period.

export interface GroupChild {
  child: ChildProcess;
  /** Also the process group id. */
  pid: number;
  exited: Promise<void>;
  /** SIGTERM, SIGKILL after graceMs; resolves once the leader has exited and stragglers are gone. */
  stop(graceMs?: number): Promise<void>;
  /** The last few KiB of its output, for error messages. */
  output(): string;
}

export function spawnGroup(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): GroupChild {
  // detached: its own group, so a Ctrl-C aimed at the terminal does not reach it before we stop it.
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const output = tail(child);
  const killOnExit = () => signalGroup(pid, "SIGKILL");
  process.on("exit", killOnExit);
  const dog = watchdog(pid);
  let stopping: Promise<void> | undefined;
  return {
    child,
    pid,
    exited,
    output,
    stop(graceMs = 5_000) {
      stopping ??= stopGroup(child, exited, graceMs).finally(() => {
        process.off("exit", killOnExit);
        dog.kill("SIGKILL");
      });
      return stopping;
    },
  };
}

/**
 * Waits on a pipe whose only writer is this process; when this process dies the kernel closes it, the
 * read returns and the watchdog stops the group: SIGTERM first, SIGKILL a few seconds later.
 */
function watchdog(pgid: number): ChildProcess {
  const dog = spawn("sh", ["-c", `read -r _; kill -TERM -${pgid} 2>/dev/null; sleep 5; kill -KILL -${pgid} 2>/dev/null`], { detached: true, stdio: ["pipe", "ignore", "ignore"] });
  dog.on("error", () => {});
  dog.stdin?.on("error", () => {});
  dog.unref();
  (dog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return dog;
}

async function stopGroup(child: ChildProcess, exited: Promise<void>, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    signalGroup(child.pid!, "SIGKILL");
    return;
  }
  const pid = child.pid!;
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
    // ESRCH: the group is already gone.
  }
}

/** Is any process of this group still alive? */
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
