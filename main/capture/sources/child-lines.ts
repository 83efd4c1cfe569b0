// Runs a scanner helper (scanimage, powershell) without a shell and hands its stdout over line by
// line, so each page can be imported while the feeder is still pulling the next sheet.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Last 8 kB of stderr (scanner messages). */
  stderr: string;
  /** Set when the program could not be started (ENOENT: not installed). */
  spawnError?: NodeJS.ErrnoException;
  /** Killed because no output arrived for `idleTimeoutMs`. */
  timedOut: boolean;
  /** Killed because the caller stopped (abort or early return). */
  killed: boolean;
  /**
   * Killed because it had said on stderr that its work was done (`doneOnStderr`) but did not exit:
   * hung while closing the device. Everything it produced was read; its status is in `stderr`.
   */
  stuckAfterDone: boolean;
}

export interface ChildLines {
  lines: AsyncGenerator<string>;
  result: Promise<ChildResult>;
  kill(): void;
}

export interface SpawnLinesOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Kill when neither stdout nor stderr said anything for this long (hung device). */
  idleTimeoutMs?: number;
  signal?: AbortSignal;
  /**
   * What the program writes to stderr once its work is done (scanimage: "Batch terminated"). If it
   * has not exited `doneGraceMs` after that, it is killed: SANE backends can hang while closing the
   * device (SANE's own test backend does so about one run in fifteen after reporting an open
   * cover), which would otherwise hold the officer until the idle timeout.
   */
  doneOnStderr?: RegExp;
  doneGraceMs?: number;
  /** Injected spawn (tests). */
  spawnImpl?: typeof spawn;
}

/** How long output may keep arriving after the program exited. */
const EXIT_GRACE_MS = 2000;

export function spawnLines(command: string, args: string[], options: SpawnLinesOptions = {}): ChildLines {
  const spawnImpl = options.spawnImpl ?? spawn;
  let stderr = '';
  let timedOut = false;
  let killed = false;
  let spawnError: NodeJS.ErrnoException | undefined;
  let child: ChildProcess;
  try {
    child = spawnImpl(command, args, { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'], shell: false, windowsHide: true });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return {
      lines: (async function* () {})(),
      result: Promise.resolve({ code: null, signal: null, stderr: '', spawnError: e, timedOut: false, killed: false, stuckAfterDone: false }),
      kill: () => undefined,
    };
  }

  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    if (!options.idleTimeoutMs) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      child.kill();
    }, options.idleTimeoutMs);
    timer.unref?.();
  };
  arm();
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) {
      killed = true;
      child.kill();
    }
  };
  const onAbort = () => kill();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) kill();

  let stuckAfterDone = false;
  let doneTimer: NodeJS.Timeout | undefined;
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8192);
    arm();
    if (options.doneOnStderr && !doneTimer && options.doneOnStderr.test(stderr)) {
      doneTimer = setTimeout(() => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        stuckAfterDone = true;
        // Not SIGTERM: scanimage answers it by cancelling the scan, the very call that hangs.
        child.kill('SIGKILL');
      }, options.doneGraceMs ?? 3000);
      doneTimer.unref?.();
    }
  });
  const rl = child.stdout ? createInterface({ input: child.stdout, crlfDelay: Infinity }) : null;
  let afterExit: NodeJS.Timeout | undefined;
  const result = new Promise<ChildResult>((resolve) => {
    let settled = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(afterExit);
      clearTimeout(doneTimer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ code, signal, stderr, spawnError, timedOut, killed, stuckAfterDone });
    };
    child.on('error', (err: NodeJS.ErrnoException) => {
      spawnError = err;
      // A program that never started gets no 'close' on every Node version: finish here.
      if (child.pid === undefined) finish(null, null);
    });
    child.on('close', finish);
    // 'close' waits for every process holding the output pipes. A helper the program left behind
    // (a scanner backend's reader process) can hold them long after the program itself exited:
    // what is still in the pipe is read during a short grace, then the pipes are let go.
    child.on('exit', (code, signal) => {
      afterExit = setTimeout(() => {
        rl?.close();
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish(code, signal);
      }, EXIT_GRACE_MS);
      afterExit.unref?.();
    });
  });

  // The iterator is taken now, not when the caller first asks for a line: readline's iterator only
  // listens from its creation, and a program that prints and exits within milliseconds (a scanner
  // reporting "cover open") would otherwise have closed the stream unheard, leaving the caller
  // waiting forever.
  const iterator = rl?.[Symbol.asyncIterator]();
  const lines = (async function* () {
    if (!rl || !iterator) return;
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) break;
        arm();
        yield next.value;
      }
    } finally {
      rl.close();
    }
  })();
  return { lines, result, kill };
}
