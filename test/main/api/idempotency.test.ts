// Idempotent requests (issue 15): a creating call carries the client's request id; a retry with the
// same id gets the first answer, never a second dossier or a second upload job.
import crypto from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { inputHash } from '../../../main/api/idempotency';
import { fakeOcr } from '../../helpers/fake-ocr';
import { blankPage } from '../../helpers/pages';
import { readyCore, SAMPLE_APPLICANT, waitJob } from '../../helpers/core';

const dbOf = (dataDir: string) => new Database(path.join(dataDir, 'motcua.sqlite'));
const count = (dataDir: string, sql: string, ...args: unknown[]) => {
  const db = dbOf(dataDir);
  try {
    return (db.prepare(sql).get(...args) as { n: number }).n;
  } finally {
    db.close();
  }
};

async function setup() {
  const { core, procedure } = await readyCore({ ocrFactory: async () => fakeOcr() });
  const input = {
    procedureId: procedure.id,
    applicant: SAMPLE_APPLICANT,
    components: procedure.components.map((c) => ({ name: c.name, required: c.required, copies: c.copies, received: true })),
  };
  return { core, procedure, input };
}

describe('idempotent requests', () => {
  it('answers a retried dossiers.create with the first dossier, and stores one', async () => {
    const { core, input } = await setup();
    const requestId = crypto.randomUUID();
    const first = await core.call('dossiers.create', { ...input, requestId });
    const again = await core.call('dossiers.create', { ...input, requestId });
    expect(again).toEqual(first);
    expect((await core.call('dossiers.list', {})).total).toBe(1);
    // The same call twice without a request id is two dossiers (two citizens may file the same).
    await core.call('dossiers.create', input);
    await core.call('dossiers.create', input);
    expect((await core.call('dossiers.list', {})).total).toBe(3);
    await core.close();
  });

  it('refuses a request id reused with a different input (CONFLICT, in Vietnamese)', async () => {
    const { core, input } = await setup();
    const requestId = crypto.randomUUID();
    await core.call('dossiers.create', { ...input, requestId });
    const r = await core.dispatch('dossiers.create', { ...input, applicant: { ...SAMPLE_APPLICANT, name: 'Lê Thị Hoa' }, requestId });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('CONFLICT');
      expect(r.error.message).toMatch(/Mã yêu cầu .* đã được dùng/);
    }
    // …and with another method.
    const other = await core.dispatch('guide.record', { procedureId: input.procedureId, applicantName: 'Lê Thị Hoa', outcome: 'submitted', requestId });
    expect(other.ok === false && other.error.code).toBe('CONFLICT');
    expect((await core.call('dossiers.list', {})).total).toBe(1);
    await core.close();
  });

  it('records the answer in the transaction of the write: a failed record leaves no dossier', async () => {
    const { core, input } = await setup();
    // The log's insert fails (as a crash between the two would): the dossier must not stay.
    const db = dbOf(core.dataDir);
    db.exec("CREATE TRIGGER fail_log BEFORE INSERT ON request_log BEGIN SELECT RAISE(ABORT, 'simulated crash'); END;");
    const requestId = crypto.randomUUID();
    const r = await core.dispatch('dossiers.create', { ...input, requestId });
    expect(r.ok).toBe(false);
    expect(count(core.dataDir, 'SELECT count(*) AS n FROM dossiers')).toBe(0);
    expect(count(core.dataDir, 'SELECT count(*) AS n FROM request_log')).toBe(0);
    expect(count(core.dataDir, "SELECT count(*) AS n FROM audit_log WHERE action = 'create' AND entity = 'dossier'")).toBe(0);
    // A handler that fails leaves no record: the retry runs it again and succeeds.
    db.exec('DROP TRIGGER fail_log');
    db.close();
    const ok = await core.call('dossiers.create', { ...input, requestId });
    expect(count(core.dataDir, 'SELECT count(*) AS n FROM dossiers')).toBe(1);
    expect(count(core.dataDir, 'SELECT count(*) AS n FROM request_log WHERE request_id = ?', requestId)).toBe(1);
    expect((await core.call('dossiers.create', { ...input, requestId })).id).toBe(ok.id);
    await core.close();
  });

  it('gives one job for two concurrent importFiles with the same request id', async () => {
    const { core, input } = await setup();
    const dossier = await core.call('dossiers.create', input);
    const componentId = dossier.components[0]!.id;
    const files = [{ name: 'trang-1.png', dataBase64: blankPage(100).toString('base64') }];
    const requestId = crypto.randomUUID();
    const [a, b] = await Promise.all([
      core.call('digitize.importFiles', { componentId, files, requestId }),
      core.call('digitize.importFiles', { componentId, files, requestId }),
    ]);
    expect(b.jobId).toBe(a.jobId);
    await waitJob(core, a.jobId);
    // …and a retry after it answered gets the same job again.
    expect((await core.call('digitize.importFiles', { componentId, files, requestId })).jobId).toBe(a.jobId);
    expect(await core.call('digitize.pages', { componentId })).toHaveLength(1);
    await core.close();
  });

  it('answers a retried status change and guided submission once', async () => {
    const { core, input } = await setup();
    const d = await core.call('dossiers.create', input);
    const requestId = crypto.randomUUID();
    const first = await core.call('dossiers.setStatus', { id: d.id, status: 3, note: 'Chuyển xử lý', requestId });
    expect(await core.call('dossiers.setStatus', { id: d.id, status: 3, note: 'Chuyển xử lý', requestId })).toEqual(first);
    expect(first.events.filter((e) => e.status === 3)).toHaveLength(1);
    expect((await core.call('dossiers.get', { id: d.id })).events).toHaveLength(first.events.length);
    const guided = { procedureId: input.procedureId, applicantName: 'Lê Thị Hoa', outcome: 'submitted' as const, requestId: crypto.randomUUID() };
    const g = await core.call('guide.record', guided);
    expect((await core.call('guide.record', guided)).id).toBe(g.id);
    expect(count(core.dataDir, 'SELECT count(*) AS n FROM assisted_submissions')).toBe(1);
    await core.close();
  });

  it('forgets answers older than a week at start', async () => {
    const { core, input } = await setup();
    await core.call('dossiers.create', { ...input, requestId: crypto.randomUUID() });
    const db = dbOf(core.dataDir);
    db.prepare("UPDATE request_log SET at = '2000-01-01T00:00:00.000Z'").run();
    db.close();
    const dataDir = core.dataDir;
    await core.close();
    const { testCore } = await import('../../helpers/core');
    const reopened = await testCore({ dataDir });
    expect(count(dataDir, 'SELECT count(*) AS n FROM request_log')).toBe(0);
    await reopened.close();
  });

  it('hashes inputs by value, whatever the key order', () => {
    expect(inputHash({ a: 1, b: ['x', { c: null }] })).toBe(inputHash({ b: ['x', { c: null }], a: 1 }));
    expect(inputHash({ a: '1' })).not.toBe(inputHash({ a: 1 }));
    expect(inputHash({ a: undefined, b: 2 })).toBe(inputHash({ b: 2 }));
  });
});
