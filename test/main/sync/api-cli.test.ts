// Sync through the core's API (roles, enrollment, "Đồng bộ ngay") and `motcua sync` (status --json,
// now), against a real province receiver (test/server helpers, throwaway PostgreSQL).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { SYNC_MESSAGES } from '../../../shared/contract/sync';
import { SyncStatusSchema } from '../../../shared/contract/sync-desk';
import { createEnrollmentToken } from '../../../server/sync/receiver';
import { createCore } from '../../../main/core/create-core';
import { databasePath, openDatabase } from '../../../main/data/database';
import { commands } from '../../../main/hosts/cli/commands';
import { SYNC_CLIENT_MESSAGES } from '../../../main/sync/client';
import { POLICY_ENROLL_REFUSED } from '../../../main/services/sync';
import { asCaller, SAMPLE_APPLICANT, SAMPLE_PROCEDURE, SAMPLE_UNIT, sampleDossier, TEST_POLICY } from '../../helpers/core';
import { tempDir } from '../../helpers/temp';
import { dossierRow, postgresProblem, type Receiver } from '../../server/helpers';
import { receiverForFile } from '../../server/receiver-per-file';

const skip = await postgresProblem();

/** Runs `motcua sync …` in this process; returns the exit code and what it printed. */
async function motcuaSync(args: string[], dataDir: string, policyFile: string): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  const before = process.env.MOTCUA_POLICY_FILE;
  process.env.MOTCUA_POLICY_FILE = policyFile;
  try {
    const code = await commands.sync!.run(args, { dataDir });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    if (before === undefined) delete process.env.MOTCUA_POLICY_FILE;
    else process.env.MOTCUA_POLICY_FILE = before;
  }
}

describe('motcua sync status --json (no receiver needed)', () => {
  it('says what is waiting on a desk that was never enrolled', async () => {
    const dir = tempDir();
    const policy = path.join(dir, 'policy.json');
    fs.writeFileSync(policy, '{}');
    const r = await motcuaSync(['status', '--json'], dir, policy);
    expect(r.code).toBe(0);
    const s = SyncStatusSchema.parse(JSON.parse(r.out));
    expect(s).toMatchObject({ configured: false, enrolled: false, counts: { pending: 0, failed: 0, done: 0 }, lastSuccessAt: null, secretProtection: 'plain-file' });
    const bad = await motcuaSync(['frobnicate'], dir, policy);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Cách dùng: motcua sync');
    // "now" without a receiver in the policy: a Vietnamese reason, exit 1.
    const now = await motcuaSync(['now'], dir, policy);
    expect(now.code).toBe(1);
    expect(now.err).toContain(SYNC_CLIENT_MESSAGES.NO_UPSTREAM.slice(0, 30));
  });
});

describe.skipIf(skip)('sync through the API and the CLI', () => {
  let r: Receiver;
  receiverForFile((x) => (r = x));

  it('officers see the status and press "Đồng bộ ngay"; only an administrator enrolls; the CLI reports and syncs', async () => {
    const dataDir = tempDir();
    const now = () => new Date(r.clock.now());
    const core = asCaller(await createCore({ dataDir, host: 'test', now, ocrPoolSize: 1, policy: { ...TEST_POLICY, upstreamUrl: r.base }, syncIntervalMs: 0 }), 'w1');
    await core.call('setup.initialize', SAMPLE_UNIT);
    const procedure = await core.call('procedures.upsert', SAMPLE_PROCEDURE);
    await core.call('officers.create', { username: 'canbo1', fullName: 'Lê Văn Bình', pin: '135791', role: 'officer', desk: 'Quầy 2' });

    await core.call('auth.signIn', { username: 'canbo1', pin: '135791' });
    expect(await core.call('sync.status')).toMatchObject({ configured: true, enrolled: false, online: null });
    const token = await createEnrollmentToken(r.db, r.clock, { unitCode: SAMPLE_UNIT.unitCode });
    await expect(core.call('sync.enroll', { token })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await core.call('sync.now')).toMatchObject({ enrolled: false, lastError: SYNC_CLIENT_MESSAGES.NOT_ENROLLED });

    await core.call('auth.signIn', { username: 'admin', pin: SAMPLE_UNIT.pin });
    const wrong = await core.dispatch('sync.enroll', { token: 'khong-dung-ma-nay' });
    expect(wrong).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_CREDENTIALS', message: SYNC_MESSAGES.ENROLL_TOKEN_INVALID }) });
    const enrolled = await core.call('sync.enroll', { token });
    expect(enrolled).toMatchObject({ enrolled: true, unitCode: SAMPLE_UNIT.unitCode, role: 'officer', secretProtection: 'plain-file' });
    expect((await core.call('audit.list', { limit: 1 }))[0]).toMatchObject({ action: 'sync-enroll' });

    await core.call('auth.signIn', { username: 'canbo1', pin: '135791' });
    const d = await sampleDossier(core, procedure);
    expect((await core.call('sync.status')).counts.pending).toBeGreaterThanOrEqual(2);
    const after = await core.call('sync.now');
    expect(after).toMatchObject({ online: true, lastError: null, counts: { pending: 0, failed: 0 }, lastSuccessAt: now().toISOString() });
    expect((await dossierRow(r.db, SAMPLE_UNIT.unitCode, d.code))?.fields).toMatchObject({ procedureCode: SAMPLE_PROCEDURE.code, applicant: { name: SAMPLE_APPLICANT.name } });
    await core.close();

    // The CLI on the same data folder: status as JSON, then a change sent by `sync now` (exit 0: nothing left).
    const policyFile = path.join(dataDir, 'policy.json');
    fs.writeFileSync(policyFile, JSON.stringify({ upstreamUrl: r.base }));
    const db = openDatabase(databasePath(dataDir));
    db.prepare("UPDATE dossiers SET applicant_phone = '0911222333', updated_at = ? WHERE id = ?").run(now().toISOString(), d.id);
    db.close();
    const status = await motcuaSync(['status', '--json'], dataDir, policyFile);
    expect(status.code).toBe(0);
    expect(SyncStatusSchema.parse(JSON.parse(status.out))).toMatchObject({ enrolled: true, counts: { pending: 1, failed: 0 }, lastSuccessAt: now().toISOString() });
    const pass = await motcuaSync(['now', '--json'], dataDir, policyFile);
    expect(pass.code, pass.err).toBe(0);
    expect(JSON.parse(pass.out)).toMatchObject({ pass: { ok: true, accepted: 1 }, status: { counts: { pending: 0 } } });
    expect((await dossierRow(r.db, SAMPLE_UNIT.unitCode, d.code))?.fields).toMatchObject({ applicant: { phone: '0911222333' } });
  });

  it('`motcua sync now` enrolls a new desk with the policy token (exit 0); a second desk given the used token exits 1 with the reason', async () => {
    const token = await createEnrollmentToken(r.db, r.clock, { unitCode: SAMPLE_UNIT.unitCode });
    const first = tempDir();
    const policyFile = path.join(first, 'policy.json');
    fs.writeFileSync(policyFile, JSON.stringify({ upstreamUrl: r.base, syncEnrollmentToken: token }));
    const ok = await motcuaSync(['now', '--json'], path.join(first, 'data'), policyFile);
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ pass: { ok: true }, status: { enrolled: true, unitCode: SAMPLE_UNIT.unitCode } });
    const db = openDatabase(databasePath(path.join(first, 'data')));
    expect(db.prepare("SELECT detail FROM audit_log WHERE action = 'sync-enroll'").pluck().all().map((x) => JSON.parse(String(x)).via)).toEqual(['policy']);
    db.close();
    const second = await motcuaSync(['now'], path.join(tempDir(), 'data'), policyFile);
    expect(second.code).toBe(1);
    expect(second.err).toContain(POLICY_ENROLL_REFUSED);
    expect(second.err).toContain(SYNC_MESSAGES.ENROLL_TOKEN_INVALID);
  });

  it('the core syncs by itself in the background once enrolled', async () => {
    const now = () => new Date(r.clock.now());
    const core = asCaller(await createCore({ dataDir: tempDir(), host: 'test', now, ocrPoolSize: 1, policy: { ...TEST_POLICY, upstreamUrl: r.base }, syncIntervalMs: 100 }), 'w1');
    await core.call('setup.initialize', SAMPLE_UNIT);
    const procedure = await core.call('procedures.upsert', SAMPLE_PROCEDURE);
    await core.call('sync.enroll', { token: await createEnrollmentToken(r.db, r.clock, { unitCode: SAMPLE_UNIT.unitCode }), deskName: 'Quầy nền' });
    const d = await core.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components: [] });
    let s = await core.call('sync.status');
    for (let i = 0; i < 100 && !(s.counts.pending === 0 && s.counts.done >= 2 && !s.running); i++) {
      await new Promise((res) => setTimeout(res, 50));
      s = await core.call('sync.status');
    }
    expect(s).toMatchObject({ online: true, counts: { pending: 0, failed: 0 } });
    expect(await dossierRow(r.db, SAMPLE_UNIT.unitCode, d.code)).toBeDefined();
    await core.close();
  });
});
