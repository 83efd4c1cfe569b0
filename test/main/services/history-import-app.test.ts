import { describe, expect, it } from 'vitest';
import { databasePath, openDatabase } from '../../../main/data/database';
import { Store } from '../../../main/data/store';
import { importDossierHistories, resolveImportUnit } from '../../../main/services/history-import';
import { SAMPLE_UNIT, testCore } from '../../helpers/core';
import { tempDir } from '../../helpers/temp';

const NOW = new Date('2026-12-01T09:00:00+07:00');
const record = (code: string, over: Record<string, unknown> = {}) =>
  JSON.stringify({ MaHoSo: code, MaTTHC: '1.001193', NgayTiepNhan: '2026-11-02T08:00:00+07:00', NgayHenTra: '2026-11-05T17:00:00+07:00', TrangThai: 9, QuaTrinhXuLy: [{ TrangThai: 9, ThoiDiem: '2026-11-04T10:00:00+07:00' }], ...over });

describe('dossier histories before and after setup', () => {
  it('an import on a fresh data folder creates the unit; setup with that code adopts it; admins import more from Cài đặt', async () => {
    const dir = tempDir();
    const store = new Store(openDatabase(databasePath(dir)));
    store.procedures.upsert({ id: 'p1', code: '1.001193', name: 'Đăng ký khai sinh', field: '', level: 'xa', processingDays: 3, processingHours: null, after15hRule: false, fees: [], portalUrl: '', retired: false, fullyOnline: false, resultIsPaper: false, feeBearing: false, components: [] }, 'dang ky khai sinh', NOW.toISOString());
    const target = resolveImportUnit(store, { unitCode: SAMPLE_UNIT.unitCode });
    expect(target.create).toBe(true);
    const first = await importDossierHistories(store, [record('H-1')], { unit: target.unit, createUnit: true, actor: null, via: 'cli', source: 'a.jsonl', now: () => NOW });
    expect(first).toMatchObject({ created: 1 });
    store.db.close();

    const core = await testCore({ dataDir: dir, now: () => NOW });
    try {
      const session = await core.call('setup.initialize', SAMPLE_UNIT);
      expect(session.unit).toMatchObject({ id: target.unit.id, code: SAMPLE_UNIT.unitCode, name: SAMPLE_UNIT.unitName });
      const r = await core.call('dossiers.importHistories', { fileName: 'b.jsonl', text: [record('H-1'), record('H-2'), 'xyz', record('H-3', { NgayTiepNhan: '2026-11-03' })].join('\n') });
      expect(r).toMatchObject({ lines: 4, created: 1, unchanged: 1, refused: 2, errors: [{ line: 3 }, { line: 4, message: expect.stringContaining('NgayTiepNhan') }] });
      const report = await core.call('metrics.index', { from: '2026-11-01', to: '2026-11-30' });
      expect(report).toMatchObject({ received: 2, onTime: { count: 2, of: 2 } });
      const audit = await core.call('audit.list', { action: 'dossiers.import', limit: 10 });
      expect(audit.map((a) => a.officerId)).toEqual(expect.arrayContaining([null, session.officer.id]));
    } finally {
      await core.close();
    }
  });
});
