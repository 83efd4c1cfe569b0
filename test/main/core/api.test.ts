import { describe, expect, it } from 'vitest';
import { readyCore, SAMPLE_APPLICANT, SAMPLE_UNIT, sampleDossier, testCore } from '../../helpers/core';
import { latestVersion } from '../../../main/data/migrations';

describe('API dispatch', () => {
  it('refuses unknown methods and malformed input with Vietnamese messages', async () => {
    const core = await testCore();
    expect(await core.dispatch('nope.method', {})).toEqual({ ok: false, error: { code: 'UNKNOWN_METHOD', message: 'Chức năng không tồn tại.' } });
    const bad = await core.dispatch('setup.initialize', { unitCode: '', pin: 12 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('BAD_REQUEST');
      expect(bad.error.message).toMatch(/Dữ liệu gửi lên không hợp lệ/);
      expect(bad.error.message).toMatch(/unitCode/);
    }
    await core.close();
  });

  it('names an oversized upload as a file problem, not a malformed request', async () => {
    const { core } = await readyCore();
    const r = await core.dispatch('digitize.importFiles', { componentId: 'c', files: [{ name: 'to.tif', dataBase64: 'A'.repeat(280 * 1024 * 1024) }] });
    expect(r).toMatchObject({ ok: false, error: { code: 'FILE_TOO_LARGE', message: 'Tệp quá lớn. Mỗi tệp tối đa 200 MB.' } });
    await core.close();
  });

  it('requires sign-in for everything but the public methods', async () => {
    const core = await testCore();
    const r = await core.dispatch('dossiers.list', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const info = await core.call('app.info');
    expect(info).toMatchObject({ needsSetup: true, session: null, schemaVersion: latestVersion });
    await core.close();
  });

  it('sets up once, signs in by PIN, and audits both', async () => {
    const core = await testCore();
    const session = await core.call('setup.initialize', SAMPLE_UNIT);
    expect(session.officer).toMatchObject({ username: 'admin', role: 'admin', fullName: 'Nguyễn Thị Lan' });
    await expect(core.call('setup.initialize', SAMPLE_UNIT)).rejects.toMatchObject({ code: 'ALREADY_SET_UP' });
    await core.call('auth.signOut');
    await expect(core.call('auth.signIn', { username: 'admin', pin: '0000' })).rejects.toMatchObject({ code: 'BAD_CREDENTIALS' });
    await core.call('auth.signIn', { username: 'ADMIN', pin: '246802' });
    const audit = await core.call('audit.list', { limit: 10 });
    expect(audit.map((a) => a.action)).toEqual(['sign-in', 'sign-in-failed', 'sign-out', 'setup']);
    await core.close();
  });

  it('finds procedures without accents and receives a dossier with a unique code and due date', async () => {
    const now = new Date('2026-11-20T02:00:00Z'); // Friday 09:00 in Vietnam
    const { core, procedure } = await readyCore({ now: () => now });
    const found = await core.call('procedures.search', { query: 'dang ky KHAI' });
    expect(found.map((p) => p.code)).toEqual(['1.001193']);
    expect(await core.call('procedures.search', { query: 'kết hôn' })).toEqual([]);

    const create = () =>
      sampleDossier(core, procedure);
    const first = await create();
    const second = await create();
    expect(first.code).toBe('000.00.53.H48-261120-0001');
    expect(second.code).toBe('000.00.53.H48-261120-0002');
    expect(first.status).toBe(2);
    // Fri 20/11/2026 + 3 working days: Mon 23, (Tue 24/11 off in the shipped calendar), Wed 25, Thu 26 → 17:00.
    expect(first.dueAt).toBe('2026-11-26T10:00:00.000Z');
    expect(first.components.map((c) => c.name)).toEqual(['Tờ khai đăng ký khai sinh', 'Giấy chứng sinh']);
    expect(first.events).toHaveLength(1);

    const list = await core.call('dossiers.list', { query: 'tran van duc' });
    expect(list.total).toBe(2);
    await core.close();
  });

  it('records status changes with end and return times', async () => {
    const { core, procedure } = await readyCore();
    const d = await core.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components: [] });
    await core.call('dossiers.setStatus', { id: d.id, status: 4 });
    const done = await core.call('dossiers.setStatus', { id: d.id, status: 9, note: 'Đã ký' });
    expect(done.endedAt).not.toBeNull();
    const returned = await core.call('dossiers.setStatus', { id: d.id, status: 10 });
    expect(returned.returnedAt).not.toBeNull();
    expect(returned.endedAt).toBe(done.endedAt);
    expect(returned.events.map((e) => e.status)).toEqual([2, 4, 9, 10]);
    await core.close();
  });

  it('refuses a status change the model forbids and leaves the dossier as it was', async () => {
    const { core, procedure } = await readyCore();
    const d = await core.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components: [] });
    // Received → done skips processing.
    expect(await core.dispatch('dossiers.setStatus', { id: d.id, status: 9 })).toMatchObject({ ok: false, error: { code: 'TRANSITION_FORBIDDEN' } });
    await core.call('dossiers.setStatus', { id: d.id, status: 4 });
    await core.call('dossiers.setStatus', { id: d.id, status: 9 });
    const returned = await core.call('dossiers.setStatus', { id: d.id, status: 10 });
    const refused = await core.dispatch('dossiers.setStatus', { id: d.id, status: 4 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'TRANSITION_FORBIDDEN' } });
    expect((refused as { error: { message: string } }).error.message).toContain('Không thể chuyển hồ sơ từ «Đã trả kết quả» sang «Đang xử lý».');
    const after = await core.call('dossiers.get', { id: d.id });
    expect(after.status).toBe(10);
    expect(after.events.map((e) => e.status)).toEqual([2, 4, 9, 10]);
    expect(after.updatedAt).toBe(returned.updatedAt);
    await core.close();
  });

  it('only lets administrators create officers; settings changes are audited', async () => {
    const { core } = await readyCore();
    const officer = await core.call('officers.create', { username: 'canbo1', fullName: 'Lê Văn Bình', pin: '135791', role: 'officer', desk: 'Quầy 2' });
    expect(officer.role).toBe('officer');
    await core.call('auth.signIn', { username: 'canbo1', pin: '135791' });
    await expect(core.call('officers.create', { username: 'x2', fullName: 'X', pin: '111111', role: 'admin', desk: null })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(core.call('settings.update', { deskName: 'Quầy 9' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await core.call('auth.signIn', { username: 'admin', pin: '246802' });
    const s = await core.call('settings.update', { deskName: 'Quầy 9' });
    expect(s.deskName).toBe('Quầy 9');
    const audit = await core.call('audit.list', { limit: 1 });
    expect(audit[0]).toMatchObject({ action: 'update', entity: 'settings' });
    expect(JSON.parse(audit[0]!.detail)).toEqual({ deskName: { from: 'Quầy 1', to: 'Quầy 9' } });
    await core.close();
  });

  it('keeps data across a restart of the core on the same folder', async () => {
    const { core, procedure } = await readyCore();
    await core.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components: [] });
    const dir = core.dataDir;
    await core.close();
    const again = await testCore({ dataDir: dir });
    await again.call('auth.signIn', { username: 'admin', pin: '246802' });
    expect((await again.call('dossiers.list', {})).total).toBe(1);
    await again.close();
  });
});
