// The baseline: Debian's tesseract CLI on the same original images, one single-threaded process
// per core (OMP_THREAD_LIMIT=1: its own threading is several times slower on two cores), doing the
// same job as our pipeline: image in, text and a searchable PDF (tesseract's `pdf` renderer) out.
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const BASELINE_NAME = 'tesseract CLI 5.3 (psm 3, vie)';

export function nativeTesseractVersion(): string | null {
  try {
    const out = execFileSync('tesseract', ['--version'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
    const langs = execFileSync('tesseract', ['--list-langs'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
    if (!/^vie$/m.test(langs)) return null;
    return out.split('\n')[0]!.trim();
  } catch {
    return null;
  }
}

/** CPU seconds used by this process's finished children (user + system), from /proc. */
export function childrenCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of stat (cutime, cstime) are at 13 and 14 after the command name.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return NaN;
  }
}

export interface NativeRun {
  texts: string[];
  wallMs: number;
  cpuSeconds: number;
}

export async function runNative(images: { image: Buffer; mime: string }[], parallel = os.availableParallelism()): Promise<NativeRun> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'motcua-native-'));
  try {
    const files: string[] = [];
    for (const [i, p] of images.entries()) {
      const f = path.join(dir, `${i}.${p.mime === 'image/png' ? 'png' : 'jpg'}`);
      await writeFile(f, p.image);
      files.push(f);
    }
    const texts: string[] = new Array(files.length).fill('');
    const cpu0 = childrenCpuSeconds();
    const t0 = performance.now();
    let next = 0;
    const lane = async () => {
      while (next < files.length) {
        const i = next++;
        const out = path.join(dir, `out-${i}`);
        await new Promise<void>((resolve, reject) => {
          execFile(
            'tesseract',
            [files[i]!, out, '-l', 'vie', '--psm', '3', 'txt', 'pdf'],
            { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 16 * 1024 * 1024 },
            (err) => (err ? reject(err) : resolve()),
          );
        });
        texts[i] = readFileSync(`${out}.txt`, 'utf8');
      }
    };
    await Promise.all(Array.from({ length: parallel }, lane));
    return { texts, wallMs: performance.now() - t0, cpuSeconds: childrenCpuSeconds() - cpu0 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
