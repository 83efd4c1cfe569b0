import { spawn } from 'node:child_process';
import os from 'node:os';

// Environment and V8 flags for the processes we launch (the desk app via `npm start`, the benchmarks).
// On Linux, glibc's allocator keeps freed memory of large page buffers instead of returning it:
//  - each libvips thread gets its own malloc arena (MALLOC_ARENA_MAX caps them at two);
//  - after a large block is freed, glibc raises its mmap threshold to that block's size (up to
//    32 MB), so later page-sized buffers come from the main heap, which fragments and only shrinks
//    from the top. Measured over a 50-page run: 270 MB of heap held, 39 MB with a fixed threshold.
// A fixed MALLOC_MMAP_THRESHOLD_ keeps every buffer over 128 KB in its own mapping, returned to
// the system when freed. Other platforms' allocators are not affected and get nothing.
export function mallocEnv(env = process.env) {
  if (process.platform !== 'linux') return { ...env };
  return { ...env, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? '2', MALLOC_MMAP_THRESHOLD_: env.MALLOC_MMAP_THRESHOLD_ ?? '131072' };
}

// V8 flags for the Node processes we launch (`node` directly; Electron takes them as
// `--js-flags=…`). V8 lets each isolate's young generation grow to 3 × 16 MB semi-spaces for
// allocation throughput; the app runs three isolates (main + two OCR workers) whose JavaScript
// allocates little (pages live in buffers outside the heap). Measured over 60 pages (bench/ocr.ts
// pipeline, two runs each): peak RSS 397–404 MB → 361–367 MB with 1, 2 or 4 MB semi-spaces, CPU
// per page unchanged within noise (4 MB: 1.611 s against 1.611–1.647 s). Set at launch: set later
// (v8.setFlagsFromString) it only reaches threads started afterwards (389 MB measured).
// main/core/process-tuning.ts carries the same value for hosts started without this launcher.
export const NODE_HEAP_FLAGS = ['--max-semi-space-size=4'];

/**
 * How to run a Node script with the settings above: null when this process already runs with them
 * (flags given or in NODE_OPTIONS, malloc variables set), else the command, arguments and
 * environment to relaunch it with. The allocator variables are read by glibc when a process
 * starts, so a process without them has to be started again (bin/motcua.cjs does).
 */
export function tunedNodeLaunch(script, args, { execArgv = process.execArgv, env = process.env } = {}) {
  const given = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  const missing = NODE_HEAP_FLAGS.filter((f) => !given.some((a) => a.startsWith(f.split('=')[0])));
  const tuned = mallocEnv(env);
  if (missing.length === 0 && Object.keys(tuned).every((k) => env[k] === tuned[k])) return null;
  return { command: process.execPath, args: [...execArgv, ...missing, script, ...args], env: tuned };
}

/**
 * Runs `script` in this process when it already has the settings (returns false), else in a tuned
 * child Node process that this one waits for, passing on its exit code and signals (returns true).
 */
export function runTunedNode(script, args) {
  const launch = tunedNodeLaunch(script, args);
  if (!launch) return false;
  const child = spawn(launch.command, launch.args, { stdio: 'inherit', env: launch.env });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('error', (err) => {
    console.error(err.message);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1)));
  return true;
}
