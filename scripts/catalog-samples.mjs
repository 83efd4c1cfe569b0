// `npm run samples:catalog`: bundles scripts/catalog-samples.ts with esbuild and runs it.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Under the project (.bench/ is ignored by git) so that node_modules resolves.
const outfile = path.join(root, '.bench', 'catalog-samples.cjs');
await build({ entryPoints: [path.join(root, 'scripts', 'catalog-samples.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node24', packages: 'external', logLevel: 'warning' });
const r = spawnSync(process.execPath, [outfile, path.join(root, 'samples')], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
