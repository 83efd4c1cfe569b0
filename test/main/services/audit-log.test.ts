import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { readyCore, SAMPLE_APPLICANT } from '../../helpers/core';
import { databasePath } from '../../../main/data/database';
import { maskIdNumbers } from '../../../main/services/audit-log';

const sha12 = (s: string) => crypto.createHash('sha256').update(s).digest('hex').slice(0, 12);

async function withDossier(opts: { now?: () => Date } = {}) {
  const { core, procedure } = await readyCore({ ...opts, idleLockMinutes: 0 });
  const d = await core.call('dossiers.create', {
    procedureId: procedure.id,
    applicant: SAMPLE_APPLICANT,
    components: [{ name: 'Tờ khai', required: true, copies: 1, received: true }],
  });
  return { core, d };
}

describe('maskIdNumbers', () => {
  it('hashes every run of 9 or more digits and leaves the rest of the query', () => {
    expect(maskIdNumbers('079203001234 Trần Đức')).toBe(`#${sha12('079203001234')} Trần Đức`);
    expect(maskIdNumbers('hồ sơ 12345678')).toBe('hồ sơ 12345678');
    expect(maskIdNumbers('0903123456/079203001234')).toBe(`#${sha12('0903123456')}/#${sha12('079203001234')}`);
    expect(maskIdNumbers('')).toBe('');
  });
});

describe('audit of reads', () => {
  it('records views of dossiers, queries with hashed ID numbers and opened files, never the raw ID', async () => {
    const { core, d } = await withDossier({ now: () => new Date('2026-11-02T08:05:00+07:00') });
    try {
      await core.call('dossiers.get', { id: d.id });
      await core.call('dossiers.list', { query: SAMPLE_APPLICANT.idNumber });
      await core.call('dossiers.list', {}); // no query: the list itself is not logged
      await core.call('applicants.lookup', { idNumber: SAMPLE_APPLICANT.idNumber });
      await core.call('search.fullText', { query: `giấy ${SAMPLE_APPLICANT.idNumber}` });
      const r = await core.call('dossiers.receipt', { id: d.id });
      expect(await core.resolveFile('receipt', r.fileId)).not.toBeNull();

      const log = await core.call('audit.list', { limit: 20 });
      const views = log.filter((e) => e.action === 'view');
      expect(views.find((e) => e.entity === 'dossier')).toMatchObject({ entityId: d.id, officerName: 'Nguyễn Thị Lan' });
      const queries = views.filter((e) => e.entity === 'query').map((e) => JSON.parse(e.detail) as { method: string; query: string });
      expect(queries.map((q) => q.method).sort()).toEqual(['applicants.lookup', 'dossiers.list', 'search.fullText']);
      expect(queries.find((q) => q.method === 'search.fullText')!.query).toBe(`giấy #${sha12(SAMPLE_APPLICANT.idNumber)}`);
      expect(log.find((e) => e.action === 'open-file')).toMatchObject({ entity: 'file', entityId: r.fileId, detail: expect.stringContaining('"kind":"receipt"') });

      const raw = new Database(databasePath(core.dataDir), { readonly: true });
      const dump = JSON.stringify(raw.prepare('SELECT * FROM audit_log').all());
      raw.close();
      expect(dump).not.toContain(SAMPLE_APPLICANT.idNumber);
      expect(dump).not.toContain(SAMPLE_APPLICANT.phone);
    } finally {
      await core.close();
    }
  });

  it('is read only by supervisors and administrators, filtered, and exported as CSV for Excel', async () => {
    let now = new Date('2026-11-02T08:05:00+07:00');
    const { core, d } = await withDossier({ now: () => now });
    try {
      await core.call('officers.create', { username: 'binh', fullName: 'Lê Văn Bình', pin: '135790', role: 'officer', desk: null });
      const officer = core.as('officer-window');
      await officer.call('auth.signIn', { username: 'binh', pin: '135790' });
      now = new Date('2026-11-03T09:00:00+07:00');
      await officer.call('dossiers.get', { id: d.id });
      expect(await officer.dispatch('audit.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await officer.dispatch('audit.exportCsv', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

      const binh = (await core.call('officers.list')).find((o) => o.username === 'binh')!;
      const byBinh = await core.call('audit.list', { officerId: binh.id });
      expect(byBinh.map((e) => e.action)).toEqual(['view', 'sign-in']);
      expect(await core.call('audit.list', { action: 'view', from: '2026-11-03', to: '2026-11-03' })).toHaveLength(1);
      expect(await core.call('audit.list', { from: '2026-11-04' })).toEqual([]);
      expect(await core.dispatch('audit.list', { from: '2026-11-04', to: '2026-11-03' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });

      const exp = await core.call('audit.exportCsv', { to: '2026-11-03' });
      expect(exp.fileName).toMatch(/^nhat-ky-thao-tac-\d{8}-\d{4}\.csv$/);
      expect(exp.csv.startsWith('\uFEFF"STT","Thời điểm (giờ Việt Nam)","Cán bộ"')).toBe(true);
      const lines = exp.csv.trimEnd().split('\r\n');
      expect(lines).toHaveLength(exp.rows + 1);
      expect(lines[1]).toMatch(/^"1","2026-11-02 08:05:00","Nguyễn Thị Lan",.*"setup".*"[0-9a-f]{64}"$/);
      expect(exp.csv).toContain('"Lê Văn Bình"');
      // The export itself is audited.
      expect((await core.call('audit.list', { limit: 1 }))[0]).toMatchObject({ action: 'export', entity: 'audit' });
    } finally {
      await core.close();
    }
  });
});

describe('append-only, hash-chained log', () => {
  it('refuses UPDATE and DELETE, and doctor names the entry edited or removed behind its back', async () => {
    const { core } = await withDossier();
    try {
      expect((await core.call('app.doctor')).checks.find((c) => c.id === 'audit-chain')).toMatchObject({ ok: true, detail: expect.stringContaining('Nguyên vẹn') });
      const raw = new Database(databasePath(core.dataDir));
      expect(() => raw.prepare("UPDATE audit_log SET detail = '{}' WHERE id = 2").run()).toThrow(/chỉ được ghi thêm/);
      expect(() => raw.prepare('DELETE FROM audit_log WHERE id = 2').run()).toThrow(/chỉ được ghi thêm/);

      // Someone with the file drops the trigger and edits an entry.
      raw.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
      raw.prepare("UPDATE audit_log SET detail = '{}' WHERE id = 2").run();
      let check = (await core.call('app.doctor')).checks.find((c) => c.id === 'audit-chain')!;
      expect(check).toMatchObject({ ok: false, label: 'Nhật ký thao tác' });
      expect(check.detail).toContain('mục số 2 đã bị sửa');

      // …or removes one instead.
      raw.prepare('DELETE FROM audit_log WHERE id = 2').run();
      check = (await core.call('app.doctor')).checks.find((c) => c.id === 'audit-chain')!;
      expect(check.detail).toContain('thiếu mục ngay trước mục số 3');

      // Removing the newest entries is caught too (AUTOINCREMENT remembers the last id).
      const last = (raw.prepare('SELECT max(id) AS n FROM audit_log').get() as { n: number }).n;
      raw.prepare('DELETE FROM audit_log').run();
      check = (await core.call('app.doctor')).checks.find((c) => c.id === 'audit-chain')!;
      expect(check.detail).toContain(`các mục từ số 1 trở về sau đã bị xóa`);
      expect(last).toBeGreaterThan(2);
      raw.close();
    } finally {
      await core.close();
    }
  });
});
