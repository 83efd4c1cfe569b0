// Importing the procedure catalog through the core: by code, dossiers untouched, full catalogs
// retiring what they leave out (and only when every row is good), audit entries, the sample, search
// ranked by the desk's use, and due moments from the new fields.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { databasePath, openDatabase } from '../../../main/data/database';
import { Store } from '../../../main/data/store';
import { importCatalogFile } from '../../../main/services/catalog';
import { readyCore, SAMPLE_APPLICANT, testCore, SAMPLE_UNIT, type TestCore } from '../../helpers/core';

const file = (name: string, text: string) => ({ name, dataBase64: Buffer.from(text, 'utf8').toString('base64') });
const json = (procedures: unknown[]) => JSON.stringify({ procedures }, null, 2);
const components = [{ name: 'Tờ khai', required: true, copies: 1, received: true }];

const KS = { code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch', level: 'xa', processingDays: 0, after15hRule: true, fees: [{ name: 'Lệ phí', amount: 0 }], components: [{ name: 'Tờ khai đăng ký khai sinh', kind: 'original' }, { name: 'Giấy chứng sinh' }] };
const KT = { code: '1.000656', name: 'Đăng ký khai tử', field: 'Hộ tịch', level: 'xã', processingDays: 0 };
const KH = { code: '1.000894', name: 'Đăng ký kết hôn', field: 'Hộ tịch', level: 'Cấp xã', processingDays: 0 };
const XN = { code: '1.004873', name: 'Cấp Giấy xác nhận tình trạng hôn nhân', processingDays: 3, fees: [{ name: 'Lệ phí', amount: 10000, onlineAmount: 5000 }] };

async function auditActions(core: TestCore, action: string) {
  return (await core.call('audit.list', { action, limit: 500 })).map((e) => ({ ...e, detail: JSON.parse(e.detail) as Record<string, unknown> }));
}

describe('catalog import', () => {
  it('checks first (nothing written), then imports the good rows; re-import updates by code, dossiers untouched', async () => {
    const core = await testCore({ now: () => new Date('2026-11-17T09:00:00+07:00') });
    try {
      const session = await core.call('setup.initialize', SAMPLE_UNIT);
      const withBad = json([KS, KT, { code: '1.000001', name: 'Thiếu thời hạn' }, { ...KH, processingDays: -1 }]);
      const dry = await core.call('procedures.import', { file: file('dm.json', withBad), dryRun: true });
      expect(dry).toMatchObject({ dryRun: true, rows: 4, created: ['1.001193', '1.000656'], updated: [], unchanged: 0 });
      // Each object's opening brace is on the line before its "code".
      const lineOf = (code: string) => withBad.split('\n').findIndex((l) => l.includes(`"code": "${code}"`));
      expect(dry.errors.map((e) => [e.line, e.code])).toEqual([[lineOf('1.000001'), '1.000001'], [lineOf('1.000894'), '1.000894']]);
      expect(dry.errors[0]!.message).toBe(`Thủ tục thứ 3 (dòng ${lineOf('1.000001')}) (mã 1.000001): Thủ tục mới cần Số ngày giải quyết hoặc Số giờ giải quyết (thời hạn in trên giấy hẹn).`);
      expect(dry.errors[1]!.message).toBe(`Thủ tục thứ 4 (dòng ${lineOf('1.000894')}) (mã 1.000894): Số ngày giải quyết: phải là số không âm, không phải -1.`);
      expect(await core.call('procedures.search', { query: '' })).toEqual([]);

      const done = await core.call('procedures.import', { file: file('dm.json', withBad) });
      expect(done).toMatchObject({ dryRun: false, created: ['1.001193', '1.000656'] });
      const [ks] = await core.call('procedures.search', { query: '1.001193' });
      expect(ks).toMatchObject({ name: 'Đăng ký khai sinh', level: 'xa', after15hRule: true, feeBearing: false, fees: [{ name: 'Lệ phí', amount: 0 }], retired: false });
      expect(ks!.components.map((c) => [c.name, c.kind, c.required, c.copies])).toEqual([['Tờ khai đăng ký khai sinh', 'original', true, 1], ['Giấy chứng sinh', 'original', true, 1]]);

      // Audit: one entry per procedure created and one for the import, by the admin.
      const created = await auditActions(core, 'create');
      expect(created.filter((e) => e.entity === 'procedure').map((e) => e.detail.code).sort()).toEqual(['1.000656', '1.001193']);
      const [summary] = await auditActions(core, 'catalog.import');
      expect(summary).toMatchObject({ officerId: session.officer.id, entity: 'procedure', detail: { file: 'dm.json', format: 'json', mode: 'update', created: 2, errors: 2, via: 'app' } });

      // A dossier under it, received at 16:00: the 15:00 rule makes it due the next working day.
      const late = await testCoreAt(core, '2026-11-17T16:00:00+07:00');
      const d = await late.call('dossiers.create', { procedureId: ks!.id, applicant: SAMPLE_APPLICANT, components });
      expect(d.dueAt).toBe('2026-11-18T10:00:00.000Z'); // Wed 18/11, 17:00
      await late.close();

      // Re-import (CSV, fewer columns): the name and fee change, the components column is absent
      // (kept), the id stays; the dossier keeps its own copy of the code and name.
      const core2 = await testCore({ dataDir: core.dataDir, now: () => new Date('2026-11-18T08:00:00+07:00') });
      await core2.call('auth.signIn', { username: SAMPLE_UNIT.username, pin: SAMPLE_UNIT.pin });
      const csv = 'Mã thủ tục,Tên thủ tục,Phí và lệ phí\r\n1.001193,Đăng ký khai sinh (đúng hạn),Lệ phí: 5.000\r\n1.000656,Đăng ký khai tử,\r\n';
      const again = await core2.call('procedures.import', { file: file('dm.csv', csv) });
      expect(again).toMatchObject({ format: 'csv', created: [], updated: ['1.001193'], unchanged: 1, errors: [] });
      const [ks2] = await core2.call('procedures.search', { query: '1.001193' });
      expect(ks2).toMatchObject({ id: ks!.id, name: 'Đăng ký khai sinh (đúng hạn)', feeBearing: true, after15hRule: true, level: 'xa' });
      expect(ks2!.components.map((c) => c.id)).toEqual(ks!.components.map((c) => c.id));
      const after = await core2.call('dossiers.get', { id: d.id });
      expect(after).toMatchObject({ procedureId: ks!.id, procedureCode: '1.001193', procedureName: 'Đăng ký khai sinh', dueAt: d.dueAt, updatedAt: d.updatedAt });
      expect(after.components).toEqual(d.components);
      const updates = (await auditActions(core2, 'update')).filter((e) => e.entity === 'procedure');
      expect(updates.find((e) => e.detail.code === '1.001193')!.detail).toMatchObject({ changed: ['name', 'feeBearing', 'fees'], via: 'app' });
      // The same file again changes nothing.
      expect(await core2.call('procedures.import', { file: file('dm.csv', csv) })).toMatchObject({ created: [], updated: [], unchanged: 2 });
      await core2.close();
    } finally {
      await core.close().catch(() => undefined);
    }
  });

  it('a full catalog retires what it leaves out (not deleted; out of reception search); re-import brings it back; bad rows retire nothing', async () => {
    const { core } = await readyCore({ now: () => new Date('2026-11-17T09:00:00+07:00') });
    try {
      await core.call('procedures.import', { file: file('a.json', json([KS, KT, KH, XN])) });
      const [kh] = await core.call('procedures.search', { query: 'ket hon' });
      const d = await core.call('dossiers.create', { procedureId: kh!.id, applicant: SAMPLE_APPLICANT, components });

      // A full catalog with a bad row: nothing is retired, and the report says how many would be.
      const withBad = await core.call('procedures.import', { file: file('b.json', json([KS, KT, { code: '1.9', name: 'X', processingDays: 'ba' }])), mode: 'full' });
      expect(withBad).toMatchObject({ retired: [], retireSkipped: 2 });
      expect(await core.call('procedures.search', { query: 'ket hon' })).toHaveLength(1);

      const full = await core.call('procedures.import', { file: file('b.json', json([KS, KT])), mode: 'full' });
      expect(full).toMatchObject({ retired: ['1.000894', '1.004873'], unchanged: 2, errors: [] });
      expect(await core.call('procedures.search', { query: 'ket hon' })).toEqual([]);
      expect(await core.call('procedures.search', { query: 'dkkh' })).toEqual([]);
      const listed = await core.call('procedures.search', { query: 'ket hon', includeRetired: true });
      expect(listed).toMatchObject([{ code: '1.000894', retired: true }]);
      // The dossier keeps its procedure; the receipt still prints.
      expect(await core.call('dossiers.get', { id: d.id })).toMatchObject({ procedureId: kh!.id, procedureName: 'Đăng ký kết hôn' });
      expect((await core.call('dossiers.receipt', { id: d.id })).fileName).toMatch(/giay-tiep-nhan\.pdf$/);
      // …but no new dossier is received under a retired procedure.
      const refused = await core.dispatch('dossiers.create', { procedureId: kh!.id, applicant: SAMPLE_APPLICANT, components });
      expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: 'Thủ tục 1.000894 đã ngừng áp dụng (không còn trong danh mục thủ tục): chọn thủ tục đang áp dụng.' } });
      expect((await auditActions(core, 'retire')).map((e) => e.detail.code).sort()).toEqual(['1.000894', '1.004873']);

      const back = await core.call('procedures.import', { file: file('c.json', json([KH])) });
      expect(back).toMatchObject({ updated: ['1.000894'], unretired: ['1.000894'] });
      expect(await core.call('procedures.search', { query: 'ket hon' })).toMatchObject([{ id: kh!.id, retired: false }]);
    } finally {
      await core.close();
    }
  });

  it('a file that cannot be read changes nothing; officers may not import', async () => {
    const { core } = await readyCore();
    try {
      const before = await core.call('procedures.search', { query: '', includeRetired: true });
      const auditBefore = await core.call('audit.list', { limit: 500 });
      for (const [name, text, message] of [
        ['x.json', '{"procedures": [', /không phải JSON hợp lệ \(lỗi ở dòng 1, cột 17: tệp kết thúc giữa chừng/],
        ['x.csv', 'Mã,Tên\n1.1,"A\n', /Dấu ngoặc kép mở ở dòng 2/],
        ['x.csv', '', /Tệp trống/],
        ['x.xlsx', 'PK not a zip', /không phải bảng tính Excel/],
        ['x.json', '{"procedures": []}', /không có thủ tục nào/],
      ] as const) {
        for (const mode of ['update', 'full'] as const) {
          const r = await core.dispatch('procedures.import', { file: file(name, text), mode });
          expect(r.ok).toBe(false);
          expect(JSON.stringify(r)).toMatch(message);
        }
      }
      expect(await core.call('procedures.search', { query: '', includeRetired: true })).toEqual(before);
      expect(await core.call('audit.list', { limit: 500 })).toEqual(auditBefore);

      await core.call('officers.create', { username: 'binh', fullName: 'Lê Văn Bình', pin: '135790', role: 'officer', desk: null });
      const officer = core.as('officer-window');
      await officer.call('auth.signIn', { username: 'binh', pin: '135790' });
      expect(await officer.dispatch('procedures.import', { file: file('a.json', json([KS])) })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await officer.dispatch('procedures.loadSample', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    } finally {
      await core.close();
    }
  });

  it('the sample catalog loads at setup or from Cài đặt, and downloads as Excel, CSV and JSON', async () => {
    const core = await testCore();
    try {
      await core.call('setup.initialize', { ...SAMPLE_UNIT, loadSampleCatalog: true });
      const all = await core.call('procedures.search', { query: '', limit: 200 });
      expect(all.length).toBeGreaterThanOrEqual(15);
      expect(all.every((p) => p.level === 'xa' && !p.retired)).toBe(true);
      expect((await core.call('procedures.search', { query: 'dkks' }))[0]!.name).toBe('Đăng ký khai sinh');
      expect(await core.call('procedures.loadSample', {})).toMatchObject({ created: [], updated: [], unchanged: all.length });
      const imports = await auditActions(core, 'catalog.import');
      expect(imports.map((e) => e.detail.via)).toEqual(['sample', 'setup']);
      expect(imports[1]!.detail).toMatchObject({ file: 'catalog-sample.json', created: all.length });
      for (const format of ['xlsx', 'csv', 'json'] as const) {
        const out = await core.call('procedures.export', { format, sample: true });
        // What it downloads imports back as the same catalog.
        const r = await core.call('procedures.import', { file: { name: out.fileName, dataBase64: out.dataBase64 }, dryRun: true });
        expect(r, format).toMatchObject({ rows: all.length, unchanged: all.length, errors: [] });
      }
    } finally {
      await core.close();
    }
  });

  it('reception search ranks by this desk’s use, and sees an import made beside it (the CLI on the same folder)', async () => {
    const { core } = await readyCore({ now: () => new Date('2026-11-17T09:00:00+07:00') });
    try {
      // readyCore's procedure is 1.001193 "Đăng ký khai sinh"; add two more and use one of them.
      await core.call('procedures.import', { file: file('a.json', json([{ ...KS, code: '1.004884', name: 'Đăng ký lại khai sinh', processingDays: 5 }, { ...KS, code: '1.000689', name: 'Đăng ký khai sinh kết hợp nhận cha, mẹ, con', processingDays: 3 }])) });
      expect((await core.call('procedures.search', { query: 'khai sinh' })).map((p) => p.code)).toEqual(['1.001193', '1.000689', '1.004884']);
      const [lks] = await core.call('procedures.search', { query: '1.004884' });
      await core.call('dossiers.create', { procedureId: lks!.id, applicant: SAMPLE_APPLICANT, components });
      expect((await core.call('procedures.search', { query: 'khai sinh' })).map((p) => p.code)).toEqual(['1.004884', '1.001193', '1.000689']);

      // Another connection (as `motcua import-catalog` would) adds a procedure: the next search has it.
      const other = new Store(openDatabase(databasePath(core.dataDir)));
      await importCatalogFile(other, { name: 'b.json', bytes: Buffer.from(json([{ code: '1.000656', name: 'Đăng ký khai tử', processingDays: 0 }])) }, { mode: 'update', dryRun: false, actor: { officerId: null, via: 'cli' }, at: new Date().toISOString() });
      other.db.close();
      expect((await core.call('procedures.search', { query: 'dkkt' })).map((p) => p.code)).toEqual(['1.000656']);
    } finally {
      await core.close();
    }
  });

  it('the form edits the new fields; fees decide “fee-bearing”; hours give the due moment', async () => {
    const { core, procedure } = await readyCore({ now: () => new Date('2026-11-17T09:00:00+07:00') });
    try {
      const edited = await core.call('procedures.upsert', { ...procedure, processingHours: 4, level: 'tinh', feeBearing: false, fees: [{ name: 'Phí', amount: 3000 }], portalUrl: 'https://dichvucong.gov.vn/x' });
      expect(edited).toMatchObject({ id: procedure.id, processingHours: 4, level: 'tinh', feeBearing: true, portalUrl: 'https://dichvucong.gov.vn/x' });
      const d = await core.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components });
      // 09:00 + 4 working hours across 07:30–11:30 and 13:00–17:00 = 14:30.
      expect(d.dueAt).toBe('2026-11-17T07:30:00.000Z');
      // The receipt says the time in hours.
      const receipt = await core.resolveFile('receipt', (await core.call('dossiers.receipt', { id: d.id })).fileId);
      const text = execFileSync('pdftotext', ['-layout', receipt!.path, '-'], { encoding: 'utf8' });
      expect(text).toContain('Thời gian giải quyết hồ sơ theo quy định là: 4 giờ làm việc');
      expect(text).toContain('14 giờ 30 phút, ngày 17/11/2026');
      expect(await core.dispatch('procedures.upsert', { ...procedure, level: 'quan' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect(await core.dispatch('procedures.upsert', { ...procedure, portalUrl: 'javascript:alert(1)' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      const retired = await core.call('procedures.upsert', { ...edited, retired: true });
      expect(retired.retired).toBe(true);
      expect(await core.call('procedures.search', { query: 'khai sinh' })).toEqual([]);
    } finally {
      await core.close();
    }
  });
});

/** The same data folder seen by a core whose clock reads `iso` (signed in as the admin). */
async function testCoreAt(core: TestCore, iso: string): Promise<TestCore> {
  await core.close();
  const next = await testCore({ dataDir: core.dataDir, now: () => new Date(iso) });
  await next.call('auth.signIn', { username: SAMPLE_UNIT.username, pin: SAMPLE_UNIT.pin });
  return next;
}
