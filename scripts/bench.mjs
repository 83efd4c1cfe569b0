// `npm run bench [ocr]`: benchmarks print ratios against a named baseline measured in the same run.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const which = process.argv[2] ?? 'all';
const rest = process.argv.slice(3);
// `npm run bench` runs the metrics bench on 50,000 dossiers; `npm run bench:metrics` on 1,000,000;
// the sync bench at a tenth of its scale (1,000 events, 100 files); `npm run bench:sync` in full.
const benches = { ocr: ['bench/run.mjs'], cccd: ['bench/run.mjs', 'cccd'], catalog: ['bench/run.mjs', 'catalog'], metrics: ['bench/run.mjs', 'metrics', ...(which === 'all' ? ['--dossiers', '50000'] : [])], sync: ['bench/run.mjs', 'sync', ...(which === 'all' ? ['--scale', '0.1'] : [])] };
let code = 0;
for (const [name, script] of Object.entries(benches)) {
  if (which !== 'all' && which !== name) continue;
  console.log(`\n=== bench:${name}`);
  const r = spawnSync(process.execPath, [path.join(root, script[0]), ...script.slice(1), ...rest], { cwd: root, stdio: 'inherit' });
  code ||= r.status ?? 1;
}
process.exit(code);
