import { createCore } from '../../main/core/create-core';
import type { Core, CoreOptions } from '../../main/core/types';
import type { Job, MethodInput, MethodName, MethodOutput } from '../../shared/contract/api';
import { tempDir } from './temp';
import { SAMPLE_PROCEDURE, SAMPLE_UNIT } from './samples';

export { SAMPLE_APPLICANT, SAMPLE_PROCEDURE, SAMPLE_UNIT } from './samples';

export interface TestCore extends Core {
  call<M extends MethodName>(method: M, input?: MethodInput<M>): Promise<MethodOutput<M>>;
}

/** A core on a fresh temporary data folder, with a helper that throws on `{ ok: false }`. */
export async function testCore(opts: { now?: () => Date; dataDir?: string; ocrFactory?: CoreOptions['ocrFactory'] } = {}): Promise<TestCore> {
  const core = await createCore({ dataDir: opts.dataDir ?? tempDir(), host: 'test', now: opts.now, ocrPoolSize: 1, ocrFactory: opts.ocrFactory });
  return Object.assign(core, {
    async call<M extends MethodName>(method: M, input?: MethodInput<M>): Promise<MethodOutput<M>> {
      const r = await core.dispatch(method, input ?? {});
      if (!r.ok) throw Object.assign(new Error(`${r.error.code}: ${r.error.message}`), { code: r.error.code });
      return r.result as MethodOutput<M>;
    },
  });
}

/** A signed-in core with one procedure, the state most tests start from. */
export async function readyCore(opts: { now?: () => Date; ocrFactory?: CoreOptions['ocrFactory'] } = {}) {
  const core = await testCore(opts);
  await core.call('setup.initialize', SAMPLE_UNIT);
  const procedure = await core.call('procedures.upsert', SAMPLE_PROCEDURE);
  return { core, procedure };
}


/** Polls a background job (import, scan, PDF) until it is done or failed. */
export async function waitJob(core: TestCore, jobId: string): Promise<Job> {
  for (let i = 0; i < 600; i++) {
    const job = await core.call('jobs.get', { jobId });
    if (job.state === 'done' || job.state === 'failed') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('job did not finish');
}
