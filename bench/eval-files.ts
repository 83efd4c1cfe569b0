// The benchmark measures memory as the process's RSS. Drawing the evaluation set (Skia canvases,
// raw warps) leaves a few hundred MB of native heap behind that the app never has, so the set is
// drawn in a child process, written to files, and only read back here.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { EvalPage } from './eval-set';

export function loadEvalSet(root: string, pages: number, seed: string | undefined): EvalPage[] {
  if (seed !== undefined && !/^\d+$/.test(seed)) throw new Error(`--seed takes a whole number, not "${seed}"`);
  const dir = path.join(root, '.bench', `eval-set-${pages}-${seed ?? 'default'}`);
  if (!existsSync(dir) || !readdirSync(dir).some((f) => f.endsWith('.page.json'))) {
    const args = [path.join(root, 'bench', 'run.mjs'), 'dump-eval-set', '--out', dir, '--pages', String(pages), '--quiet', ...(seed ? ['--seed', seed] : [])];
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`generating the evaluation set failed (exit ${r.status})`);
  }
  return readdirSync(dir)
    .filter((f) => f.endsWith('.page.json'))
    .sort()
    .map((f) => {
      const page = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Omit<EvalPage, 'image'>;
      const ext = page.mime === 'image/png' ? 'png' : 'jpg';
      return { ...page, image: readFileSync(path.join(dir, `${page.id}.${ext}`)) };
    });
}
