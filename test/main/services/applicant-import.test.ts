// Imported dossiers (motcua import-dossiers) fill applicant profiles with source 'dossier' where the
// line names a 12-digit ID number (DinhDanhCHS), never overwriting a newer card or officer value.
import { describe, expect, it } from 'vitest';
import { databasePath, openDatabase } from '../../../main/data/database';
import { Store } from '../../../main/data/store';
import { importDossierHistories, resolveImportUnit } from '../../../main/services/history-import';
import { tempDir } from '../../helpers/temp';

const NOW = new Date('2026-12-06T09:00:00+07:00');
const A = '079203001234';
const B = '001188012345';

function freshStore(): Store {
  const store = new Store(openDatabase(databasePath(tempDir())));
  store.procedures.upsert({ id: 'p', code: '1.001193', name: 'Thủ tục 1.001193', field: '', level: 'xa', processingDays: 3, processingHours: null, after15hRule: false, fees: [], portalUrl: '', retired: false, fullyOnline: false, resultIsPaper: false, feeBearing: false, components: [] }, '1.001193', NOW.toISOString());
  return store;
}

const line = (n: number, receivedAt: string, extra: Record<string, unknown>) =>
  JSON.stringify({ MaHoSo: `000.00.53.H48-2611${String(n).padStart(2, '0')}-0001`, MaTTHC: '1.001193', NgayTiepNhan: receivedAt, TrangThai: 4, ...extra });

async function run(store: Store, lines: string[]) {
  const target = resolveImportUnit(store, { unitCode: '000.00.53.H48' });
  return importDossierHistories(store, lines, { unit: target.unit, createUnit: target.create, actor: null, via: 'cli', source: 'test.jsonl', now: () => NOW });
}

describe('profiles from imported dossiers', () => {
  it('creates or completes profiles (source dossier, dated at receipt, no officer) and never overwrites a newer card value', async () => {
    const store = freshStore();
    // A's name was read from the card on 10/11; the import brings older dossiers of A.
    store.applicants.set(A, { name: 'Lê Thị Hoa' }, { name: { source: 'card' } }, '2026-11-10T02:00:00.000Z', null);
    const lines = [
      line(2, '2026-11-02T08:00:00+07:00', { ChuHoSo: 'Lê Thị Hòa', DinhDanhCHS: [{ LoaiDinhDanh: 1, SoDinhDanh: A }], SoDienThoai: '0903 123 456' }),
      line(3, '2026-11-03T08:00:00+07:00', { ChuHoSo: 'Phạm Thu Hà', DinhDanhCHS: [{ LoaiDinhDanh: 1, SoDinhDanh: B }] }),
      line(20, '2026-11-20T08:00:00+07:00', { ChuHoSo: 'Phạm Thu Hằng', DinhDanhCHS: [{ LoaiDinhDanh: 1, SoDinhDanh: B }], SoDienThoai: '0912345678' }),
      // No ID number, or an old 9-digit one: the dossier is imported, no profile is made.
      line(4, '2026-11-04T08:00:00+07:00', { ChuHoSo: 'Không Số' }),
      line(5, '2026-11-05T08:00:00+07:00', { ChuHoSo: 'Chín Số', DinhDanhCHS: [{ LoaiDinhDanh: 2, SoDinhDanh: '024681357' }] }),
      line(6, '2026-11-06T08:00:00+07:00', { ChuHoSo: 'Sai Số', DinhDanhCHS: [{ LoaiDinhDanh: 1, SoDinhDanh: '12ab' }] }),
    ];
    const r = await run(store, lines);
    expect(r).toMatchObject({ created: 5, refused: 1, errors: [{ line: 6, message: 'DinhDanhCHS mục 1: SoDinhDanh phải gồm 12 hoặc 9 chữ số' }] });

    const a = store.applicants.get(A)!;
    expect(a).toMatchObject({ name: 'Lê Thị Hoa', phone: '0903123456' });
    expect(a.provenance.name).toMatchObject({ source: 'card', at: '2026-11-10T02:00:00.000Z' });
    expect(a.provenance.phone).toMatchObject({ source: 'dossier', at: '2026-11-02T01:00:00.000Z', officerId: null, toCheck: false });
    // The profile's date does not go back to the older dossier's.
    expect(a.updatedAt).toBe('2026-11-10T02:00:00.000Z');

    const b = store.applicants.get(B)!;
    expect(b).toMatchObject({ name: 'Phạm Thu Hằng', phone: '0912345678', updatedAt: '2026-11-20T01:00:00.000Z' });
    expect(b.provenance).toEqual({
      name: { source: 'dossier', at: '2026-11-20T01:00:00.000Z', officerId: null, officerName: null, toCheck: false },
      phone: { source: 'dossier', at: '2026-11-20T01:00:00.000Z', officerId: null, officerName: null, toCheck: false },
    });
    expect(store.applicants.dossierStats(B).dossiers).toBe(2);
    expect(store.applicants.list({ query: '', limit: 50, offset: 0 }).total).toBe(2);

    // The same file again: nothing changes; an older line imported after a newer one changes nothing either.
    expect(await run(store, lines)).toMatchObject({ created: 0, updated: 0, unchanged: 5 });
    await run(store, [line(1, '2026-11-01T08:00:00+07:00', { ChuHoSo: 'Phạm Thị Cũ', DinhDanhCHS: [{ LoaiDinhDanh: 1, SoDinhDanh: B }] })]);
    expect(store.applicants.get(B)).toMatchObject({ name: 'Phạm Thu Hằng', provenance: { name: { at: '2026-11-20T01:00:00.000Z' } } });
  });
});
