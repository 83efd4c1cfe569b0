import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp';

const root = path.resolve(__dirname, '../../..');
const bin = path.join(root, 'bin', 'motcua.cjs');
const built = fs.existsSync(path.join(root, 'dist', 'main', 'cli.cjs'));

/** Runs `motcua --help` with a preload that records, for every Node process started, its V8 flags and malloc settings. */
function launches(nodeArgs: string[], env: Record<string, string | undefined>) {
  const dir = tempDir();
  const log = path.join(dir, 'launches.jsonl');
  const probe = path.join(dir, 'probe.cjs');
  fs.writeFileSync(
    probe,
    `require('node:fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify({ execArgv: process.execArgv, arena: process.env.MALLOC_ARENA_MAX ?? null, mmap: process.env.MALLOC_MMAP_THRESHOLD_ ?? null }) + '\\n');`,
  );
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...env, NODE_OPTIONS: `--require ${probe}` })) if (v !== undefined) childEnv[k] = v;
  const r = spawnSync(process.execPath, [...nodeArgs, bin, '--help'], { encoding: 'utf8', env: childEnv, timeout: 60_000 });
  const runs = fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { execArgv: string[]; arena: string | null; mmap: string | null });
  return { code: r.status, stdout: r.stdout, runs };
}

describe.runIf(built)('motcua launcher', () => {
  it('runs the CLI with the memory settings the app launches with (relaunching Node once without them)', () => {
    const r = launches([], { MALLOC_ARENA_MAX: undefined, MALLOC_MMAP_THRESHOLD_: undefined });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('motcua');
    expect(r.runs).toHaveLength(2);
    const cli = r.runs[1]!;
    expect(cli.execArgv).toContain('--max-semi-space-size=4');
    if (process.platform === 'linux') expect([cli.arena, cli.mmap]).toEqual(['2', '131072']);
  });

  it('runs in place when the settings are already given (no second process), keeping the caller’s own values', () => {
    const r = launches(['--max-semi-space-size=2'], process.platform === 'linux' ? { MALLOC_ARENA_MAX: '4', MALLOC_MMAP_THRESHOLD_: '65536' } : {});
    expect(r.code).toBe(0);
    expect(r.runs).toHaveLength(1);
    expect(r.runs[0]!.execArgv).toContain('--max-semi-space-size=2');
  });
});
