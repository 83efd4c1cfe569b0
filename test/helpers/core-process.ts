// Tests that run the core as the Electron host does: the built dist/main/core-process.cjs in a
// child process, driven through RemoteCore, killed with SIGKILL at will. `coreProcessHarness()`
// builds the main bundles once (beforeAll), starts children, and kills and closes them after each test.
import { spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeAll } from 'vitest';
import { forkCore, type RemoteCore, type RemoteCoreOptions } from '../../main/core/remote-core';
import { TEST_POLICY } from './core';

const repo = path.resolve(__dirname, '../..');
export const CORE_PROCESS = path.join(repo, 'dist/main/core-process.cjs');

export function coreProcessHarness(sessionId: string, extra: Partial<RemoteCoreOptions> = {}) {
  const caller = { sessionId };
  const started: { core: RemoteCore; child: ChildProcess }[] = [];
  beforeAll(() => {
    // esbuild only (no renderer): the child runs the sources under test.
    const r = spawnSync(process.execPath, [path.join(repo, 'scripts/build.mjs'), 'main'], { cwd: repo, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`);
  }, 180_000);
  afterEach(async () => {
    for (const { core, child } of started.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await Promise.race([core.close(), new Promise((r) => setTimeout(r, 5_000))]);
    }
  });
  return {
    caller,
    async start(dataDir: string) {
      const s = await forkCore(CORE_PROCESS, { dataDir, host: 'test', ocrPoolSize: 1, policy: TEST_POLICY, idleLockMinutes: 0, ...extra });
      started.push(s);
      return s;
    },
    async call(core: RemoteCore, method: string, input: unknown) {
      const r = await core.dispatch(method, input, caller);
      if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
      return r.result as Record<string, unknown>;
    },
  };
}
