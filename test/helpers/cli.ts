import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'bin', 'motcua.cjs');

/** Runs the built CLI as IT would (`motcua …`); the test script builds dist/ first. */
export function motcua(args: string[], opts: { env?: Record<string, string>; timeout?: number } = {}) {
  if (!fs.existsSync(path.join(root, 'dist', 'main', 'cli.cjs'))) throw new Error('dist/main/cli.cjs is missing: run "npm run build" (npm test does)');
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, ...opts.env }, timeout: opts.timeout ?? 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
