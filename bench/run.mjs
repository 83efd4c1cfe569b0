// Bundles one bench entry (bench/<name>.ts) with esbuild into .bench/<name>.cjs and runs it with the
// Node that runs this script, passing the remaining arguments through. Usage:
//   node bench/run.mjs [ocr] [--pages N] [--soak N] ...
//   node bench/run.mjs dump-eval-set --out DIR [--pages N]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_HEAP_FLAGS, mallocEnv } from '../scripts/process-env.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// scripts/bench.mjs passes only the options ("--pages 5"); a leading bare word names the entry.
const argv = process.argv.slice(2);
const name = argv[0] && !argv[0].startsWith('-') ? argv.shift() : 'ocr';
const args = argv;
const entry = path.join(root, 'bench', `${name}.ts`);
if (!existsSync(entry)) {
  console.error(`No bench entry ${entry}`);
  process.exit(2);
}
const outfile = path.join(root, '.bench', `${name}.cjs`);
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node24',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
});
// The allocator settings and V8 flags `npm start` gives the app (see scripts/process-env.mjs).
const env = mallocEnv();
const res = spawnSync(process.execPath, ['--enable-source-maps', ...NODE_HEAP_FLAGS, outfile, ...args], { stdio: 'inherit', cwd: root, env });
process.exit(res.status ?? 1);
