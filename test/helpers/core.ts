import { createCore } from '../../main/core/create-core';
import os from 'node:os';
import type { Caller, Core, CoreOptions } from '../../main/core/types';
import type { FileKind } from '../../shared/contract/transport';
import type { Job, MethodInput, MethodName, MethodOutput } from '../../shared/contract/api';
import { tempDir } from './temp';
import { SAMPLE_APPLICANT, SAMPLE_PROCEDURE, SAMPLE_UNIT } from './samples';

export { SAMPLE_APPLICANT, SAMPLE_PROCEDURE, SAMPLE_UNIT } from './samples';

/**
 * A core seen from one caller (session): `dispatch` and `resolveFile` default to that caller;
 * `as(id)` is the same core seen from another window or tab.
 */
export interface TestCore extends Omit<Core, 'dispatch' | 'resolveFile'> {
  readonly sessionId: string;
  core: Core;
  dispatch(method: string, input: unknown, caller?: Caller): ReturnType<Core['dispatch']>;
  resolveFile(kind: FileKind, id: string, caller?: Caller): ReturnType<Core['resolveFile']>;
  call<M extends MethodName>(method: M, input?: MethodInput<M>): Promise<MethodOutput<M>>;
  as(sessionId: string): TestCore;
}

/** Test cores allow watched folders under the system's temp folder (where tests make them). */
export const TEST_POLICY: NonNullable<CoreOptions['policy']> = { watchRoots: [os.tmpdir()] };

export function asCaller(core: Core, sessionId: string): TestCore {
  const caller = { sessionId };
  const view: TestCore = {
    sessionId,
    core,
    dataDir: core.dataDir,
    onEvent: (l) => core.onEvent(l),
    close: () => core.close(),
    dispatch: (method, input, c) => core.dispatch(method, input, c ?? caller),
    resolveFile: (kind, id, c) => core.resolveFile(kind, id, c ?? caller),
    async call<M extends MethodName>(method: M, input?: MethodInput<M>): Promise<MethodOutput<M>> {
      const r = await core.dispatch(method, input ?? {}, caller);
      if (!r.ok) throw Object.assign(new Error(`${r.error.code}: ${r.error.message}`), { code: r.error.code });
      return r.result as MethodOutput<M>;
    },
    as: (id) => asCaller(core, id),
  };
  return view;
}

/** A core on a fresh temporary data folder, with a helper that throws on `{ ok: false }`. */
export async function testCore(
  opts: {
    now?: () => Date;
    dataDir?: string;
    ocrFactory?: CoreOptions['ocrFactory'];
    policy?: CoreOptions['policy'];
    policyFile?: string;
    idleLockMinutes?: number;
    blobFs?: CoreOptions['blobFs'];
    ocrRetryMs?: number;
  } = {},
): Promise<TestCore> {
  const core = await createCore({
    dataDir: opts.dataDir ?? tempDir(),
    host: 'test',
    now: opts.now,
    ocrPoolSize: 1,
    ocrFactory: opts.ocrFactory,
    idleLockMinutes: opts.idleLockMinutes,
    blobFs: opts.blobFs,
    ocrRetryMs: opts.ocrRetryMs,
    // A policy file given is read as the app reads it; otherwise the test policy.
    ...(opts.policyFile ? { policyFile: opts.policyFile } : { policy: opts.policy ?? TEST_POLICY }),
  });
  return asCaller(core, 'test-window-1');
}

/** A signed-in core with one procedure, the state most tests start from. */
export async function readyCore(opts: Omit<Parameters<typeof testCore>[0] & object, 'dataDir' | 'policyFile'> = {}) {
  const core = await testCore(opts);
  await core.call('setup.initialize', SAMPLE_UNIT);
  const procedure = await core.call('procedures.upsert', SAMPLE_PROCEDURE);
  return { core, procedure };
}


/** A dossier of SAMPLE_APPLICANT for `procedure`, every component received (the dossier most tests need). */
export function sampleDossier(core: TestCore, procedure: { id: string; components: { name: string; required: boolean; copies: number }[] }) {
  return core.call('dossiers.create', {
    procedureId: procedure.id,
    applicant: SAMPLE_APPLICANT,
    components: procedure.components.map((c) => ({ name: c.name, required: c.required, copies: c.copies, received: true })),
  });
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
