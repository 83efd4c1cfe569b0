// CPU time of this process by kind of thread (Linux /proc), so the bench can say where our CPU goes:
// OCR worker threads, the main thread (clean-up's JavaScript, PDF), the image library's threads,
// and V8's background threads (garbage collection, compilation). Elsewhere it reports nothing.
import { readdirSync, readFileSync } from 'node:fs';

export type ThreadGroup = 'ocr' | 'main' | 'image' | 'v8' | 'other';

const TICKS_PER_SECOND = 100;

function groupOf(name: string): ThreadGroup {
  if (name === 'WorkerThread') return 'ocr';
  if (name === 'MainThread' || name === 'node') return 'main';
  if (name.startsWith('libvips') || name === 'libuv-worker') return 'image';
  if (name.startsWith('V8') || name.startsWith('DelayedTask')) return 'v8';
  return 'other';
}

/** CPU seconds by thread group of the threads alive now; null where /proc is not available. */
export function threadCpu(): Record<ThreadGroup, number> | null {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return null;
  }
  const out: Record<ThreadGroup, number> = { ocr: 0, main: 0, image: 0, v8: 0, other: 0 };
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      // Fields after the name start at field 3 (state): utime is field 14, stime field 15.
      out[groupOf(name)] += (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return out;
}

/** Per-group CPU seconds spent between two readings. */
export function threadCpuSince(before: Record<ThreadGroup, number> | null): Record<ThreadGroup, number> | null {
  const now = threadCpu();
  if (!before || !now) return null;
  const out = { ...now };
  for (const k of Object.keys(out) as ThreadGroup[]) out[k] = Math.max(0, now[k] - before[k]);
  return out;
}
