import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { databasePath, openDatabase } from '../../../main/data/database';
import { Store } from '../../../main/data/store';
import { motcua } from '../../helpers/cli';
import { tempDir } from '../../helpers/temp';

const UNIT = '000.00.53.H48';

/** A fresh data directory (no unit, nobody signed in) whose catalog holds the procedures the lines name. */
function freshDataDir(): { dir: string; env: Record<string, string> } {
  const dir = tempDir();
  const store = new Store(openDatabase(databasePath(dir)));
  store.procedures.upsert({ id: 'p1', code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch', level: 'xa', processingDays: 3, processingHours: null, after15hRule: false, fees: [], portalUrl: '', retired: false, fullyOnline: false, resultIsPaper: true, feeBearing: true, components: [] }, 'dang ky khai sinh', '2026-11-01T00:00:00.000Z');
  store.db.close();
  // No machine policy on this test machine's path: the unit comes from --unit.
  return { dir, env: { MOTCUA_POLICY_FILE: path.join(dir, 'no-policy.json') } };
}

const line = (code: string, over: Record<string, unknown> = {}) =>
  JSON.stringify({
    MaHoSo: code,
    MaTTHC: '1.001193',
    NgayTiepNhan: '2026-11-02T08:00:00+07:00',
    NgayHenTra: '2026-11-05T17:00:00+07:00',
    NgayKetThucXuLy: '2026-11-04T10:00:00+07:00',
    NgayTra: null,
    TrangThai: 9,
    KenhThucHien: 2,
    DuocThanhToanTrucTuyen: 2,
    HoSoCoThanhPhanSoHoa: 1,
    MaKetQua: 'KQ',
    DuongDanTepTinKetQua: 'https://example.invalid/kq.pdf',
    DanhSachLePhi: [{ Gia: 8000 }],
    QuaTrinhXuLy: [
      { TrangThai: 4, ThoiDiem: '2026-11-02T09:00:00+07:00' },
      { TrangThai: 9, ThoiDiem: '2026-11-04T10:00:00+07:00' },
    ],
    ...over,
  });

describe('motcua import-dossiers and report --json', () => {
  it('imports on a fresh data directory, then report --json prints the criteria and each dossier’s verdicts; a re-import changes nothing', () => {
    const { dir, env } = freshDataDir();
    const file = path.join(tempDir(), 'ho-so.jsonl');
    fs.writeFileSync(file, [line('A-1'), line('A-2', { KenhThucHien: 1, DuocThanhToanTrucTuyen: 0, TrangThai: 4, NgayKetThucXuLy: null, QuaTrinhXuLy: [{ TrangThai: 4, ThoiDiem: '2026-11-02T09:00:00+07:00' }] })].join('\r\n') + '\r\n');

    const noUnit = motcua(['import-dossiers', file, '--data-dir', dir], { env });
    expect(noUnit.code).toBe(2);
    expect(noUnit.stderr).toContain('--unit');

    const first = motcua(['import-dossiers', file, '--unit', UNIT, '--data-dir', dir, '--json'], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ unitCode: UNIT, lines: 2, created: 2, updated: 0, unchanged: 0, refused: 0 });

    const report = motcua(['report', '--data-dir', dir, '--from', '2026-11-01', '--to', '2026-11-30', '--unit', UNIT, '--json'], { env });
    expect(report.code, report.stderr).toBe(0);
    const r = JSON.parse(report.stdout);
    // on time (finished 4 Nov, due 5 Nov), online with its electronic result, digitized, paid online.
    // in progress at the end of November, due 5 Nov → late; in person; fee-bearing, not paid online.
    expect(r.onTime).toEqual({ numerator: 1, denominator: 2, rate: 0.5, points: 10, max: 20 });
    expect(r.online).toEqual({ numerator: 1, denominator: 2, rate: 0.5, points: 1, max: 1 });
    expect(r.digitization).toEqual({ numerator: 2, denominator: 2, rate: 1, points: 4, max: 4 });
    expect(r.reuse).toEqual({ numerator: 0, denominator: 2, rate: 0, points: 0, max: 2 });
    expect(r.onlinePayment).toEqual({ numerator: 1, denominator: 2, rate: 0.5, points: 3, max: 6 });
    expect(r.satisfaction).toMatchObject({ numerator: 1, denominator: 2, rate: 0.5, max: 6 });
    expect(r.dossiers).toEqual({
      'A-1': { on_time: true, online: true, digitized: true, reused: false, paid: true, complaint: false },
      'A-2': { on_time: false, online: false, digitized: true, reused: false, paid: false, complaint: false },
    });
    expect(r.reading).toMatchObject({ setting: 'indexReading', value: 'portal' });
    expect(r.asOf).toBe('2026-11-30T17:00:00.000Z');

    // As of 4 November noon, A-2 is not late yet.
    const asOf = JSON.parse(motcua(['report', '--data-dir', dir, '--from', '2026-11-01', '--to', '2026-11-30', '--as-of', '2026-11-04T12:00:00+07:00', '--json'], { env }).stdout);
    expect(asOf.dossiers['A-2'].on_time).toBe(true);
    expect(motcua(['report', '--data-dir', dir, '--from', '2026-11-01', '--to', '2026-11-30', '--as-of', '2026-11-04T12:00'], { env }).stderr).toContain('thiếu múi giờ');
    expect(JSON.parse(motcua(['report', '--data-dir', dir, '--from', '2026-11-01', '--to', '2026-11-30', '--reading', 'document', '--json'], { env }).stdout).reading.config.digitizationFullAt).toBe(0.8);

    const db = () => new Database(databasePath(dir), { readonly: true });
    const count = () => {
      const d = db();
      try {
        return d.prepare('SELECT (SELECT count(*) FROM dossiers) AS dossiers, (SELECT count(*) FROM dossier_events) AS events, (SELECT count(*) FROM audit_log) AS audit').get();
      } finally {
        d.close();
      }
    };
    const before = count();
    expect(before).toMatchObject({ dossiers: 2, events: 3 });
    const again = motcua(['import-dossiers', file, '--data-dir', dir, '--json'], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ lines: 2, created: 0, updated: 0, unchanged: 2, refused: 0 });
    expect(count()).toEqual(before);
    expect(JSON.parse(motcua(['report', '--data-dir', dir, '--from', '2026-11-01', '--to', '2026-11-30', '--json'], { env }).stdout).dossiers).toEqual(r.dossiers);
  });

  it('reports bad lines with their numbers, imports the good ones and exits 1', () => {
    const { dir, env } = freshDataDir();
    const file = path.join(tempDir(), 'ho-so.jsonl');
    fs.writeFileSync(file, [line('B-1'), 'không phải json', line('B-3', { MaTTHC: '2.000884' }), line('B-4', { TrangThai: 0 }), line('B-5')].join('\n'));
    const r = motcua(['import-dossiers', file, '--unit', UNIT, '--data-dir', dir], { env });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('thêm 2, cập nhật 0, không đổi 0, bỏ qua 3');
    expect(r.stdout).toMatch(/Dòng 2: không phải JSON hợp lệ/);
    expect(r.stdout).toMatch(/Dòng 3: mã thủ tục 2\.000884 chưa có trong danh mục/);
    expect(r.stdout).toMatch(/Dòng 4: TrangThai phải là số nguyên từ 1 đến 10/);
    const report = JSON.parse(motcua(['report', '--data-dir', dir, '--from', '2026-11-01', '--to', '2026-11-30', '--json'], { env }).stdout);
    expect(Object.keys(report.dossiers).sort()).toEqual(['B-1', 'B-5']);
    const missing = motcua(['import-dossiers', path.join(dir, 'khong-co.jsonl'), '--unit', UNIT, '--data-dir', dir], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Không đọc được tệp');
  });
});
