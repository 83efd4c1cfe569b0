import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';
import { databasePath, openDatabase } from '../../../main/data/database';
import { Store } from '../../../main/data/store';
import { importDossierHistories, parseHistoryLine, resolveImportUnit, type HistoryImportResult } from '../../../main/services/history-import';
import { buildIndexEvidence } from '../../../main/services/metrics';
import { computeIndex, indexCriteria, dossierVerdicts, periodEnd, type IndexDossier } from '../../../shared/domain/national-index';
import { tempDir } from '../../helpers/temp';

const NOW = new Date('2026-12-06T09:00:00+07:00');
const NOV = { from: '2026-11-01', to: '2026-11-30' };

function freshStore(): Store {
  const store = new Store(openDatabase(databasePath(tempDir())));
  const procedure = (id: string, code: string, resultIsPaper: boolean, feeBearing: boolean) =>
    store.procedures.upsert({ id, code, name: `Thủ tục ${code}`, field: '', level: 'xa', processingDays: 3, processingHours: null, after15hRule: false, fees: [], portalUrl: '', retired: false, fullyOnline: false, resultIsPaper, feeBearing, components: [] }, code, NOW.toISOString());
  procedure('p-paper', '1.001193', true, true); // paper result, fee-bearing
  procedure('p-plain', '1.000001', false, false); // electronic result, no fee
  return store;
}

async function run(store: Store, lines: Iterable<string> | AsyncIterable<string>, unitCode = '000.00.53.H48', batchSize?: number): Promise<HistoryImportResult> {
  const target = resolveImportUnit(store, { unitCode });
  return importDossierHistories(store, lines, { unit: target.unit, createUnit: target.create, actor: null, via: 'cli', source: 'test.jsonl', now: () => NOW, batchSize });
}

/** Sync records with the IndexDossier each stands for (what the index must judge), written by hand. */
const RECORDS: { json: Record<string, unknown>; index: IndexDossier }[] = [
  {
    // Online, paper result with its electronic copy, finished on time, digitized, reused, paid online.
    json: {
      MaHoSo: '000.00.53.H48-261102-0001',
      MaTTHC: '1.001193',
      NgayTiepNhan: '2026-11-02T08:00:00+07:00',
      NgayHenTra: '2026-11-05T17:00:00+07:00',
      NgayKetThucXuLy: '2026-11-04T10:00:00+07:00',
      NgayTra: '2026-11-04T15:00:00+07:00',
      TrangThai: 10,
      KenhThucHien: 2,
      DuocThanhToanTrucTuyen: 1,
      HoSoCoThanhPhanSoHoa: 1,
      DuocTaiSuDung: 1,
      DanhSachLePhi: [{ Gia: 8000 }],
      MaKetQua: 'KQ-1',
      DuongDanTepTinKetQua: 'https://example.invalid/kq1.pdf',
      QuaTrinhXuLy: [
        { TrangThai: 2, ThoiDiem: '2026-11-02T08:00:00+07:00' },
        { TrangThai: 4, ThoiDiem: '2026-11-02T09:00:00+07:00' },
        { TrangThai: 9, ThoiDiem: '2026-11-04T10:00:00+07:00' },
        { TrangThai: 10, ThoiDiem: '2026-11-04T15:00:00+07:00' },
      ],
    },
    index: {
      receivedAt: '2026-11-02T01:00:00.000Z',
      dueAt: '2026-11-05T10:00:00.000Z',
      channel: 2,
      events: [
        { status: 2, at: '2026-11-02T01:00:00.000Z' },
        { status: 4, at: '2026-11-02T02:00:00.000Z' },
        { status: 9, at: '2026-11-04T03:00:00.000Z' },
        { status: 10, at: '2026-11-04T08:00:00.000Z' },
      ],
      resultIsPaper: true,
      electronicResult: true,
      componentsDigitized: true,
      reused: true,
      feeBearing: true,
      fees: [8000],
      paidOnline: 1,
      complaint: false,
    },
  },
  {
    // Online, paper result without an electronic copy; two supplement requests, still waiting: late.
    // Times given in UTC and in +07:00: both are instants.
    json: {
      MaHoSo: '000.00.53.H48-261103-0001',
      MaTTHC: '1.001193',
      NgayTiepNhan: '2026-11-03T02:00:00Z',
      NgayHenTra: '2026-11-06T17:00:00+07:00',
      TrangThai: 5,
      KenhThucHien: 2,
      DanhSachLePhi: [{ Gia: 0 }],
      CoPhanAnhKienNghi: 1,
      QuaTrinhXuLy: [
        { TrangThai: 5, ThoiDiem: '2026-11-03T10:00:00+07:00' },
        { TrangThai: 4, ThoiDiem: '2026-11-04T10:00:00+07:00' },
        { TrangThai: 5, ThoiDiem: '2026-11-05T10:00:00+07:00' },
      ],
    },
    index: {
      receivedAt: '2026-11-03T02:00:00.000Z',
      dueAt: '2026-11-06T10:00:00.000Z',
      channel: 2,
      events: [
        { status: 5, at: '2026-11-03T03:00:00.000Z' },
        { status: 4, at: '2026-11-04T03:00:00.000Z' },
        { status: 5, at: '2026-11-05T03:00:00.000Z' },
      ],
      resultIsPaper: true,
      electronicResult: false,
      componentsDigitized: false,
      reused: false,
      feeBearing: true,
      fees: [0],
      paidOnline: 0,
      complaint: true,
    },
  },
  {
    // In person (KenhThucHien absent), no fee, in progress past its due moment: late at the period end.
    json: {
      MaHoSo: '000.00.53.H48-261110-0001',
      MaTTHC: '1.000001',
      NgayTiepNhan: '2026-11-10T08:00:00+07:00',
      NgayHenTra: '2026-11-12T17:00:00+07:00',
      TrangThai: 4,
      HoSoCoThanhPhanSoHoa: 1,
      QuaTrinhXuLy: [{ TrangThai: 4, ThoiDiem: '2026-11-10T09:00:00+07:00' }],
    },
    index: {
      receivedAt: '2026-11-10T01:00:00.000Z',
      dueAt: '2026-11-12T10:00:00.000Z',
      channel: 1,
      events: [{ status: 4, at: '2026-11-10T02:00:00.000Z' }],
      resultIsPaper: false,
      electronicResult: false,
      componentsDigitized: true,
      reused: false,
      feeBearing: false,
      fees: [],
      paidOnline: 0,
      complaint: false,
    },
  },
];
const lines = () => RECORDS.map((r) => JSON.stringify(r.json));

describe('import of dossier histories', () => {
  it('round trip: the report on imported histories gives the numbers the pure function gives on the same records', async () => {
    const store = freshStore();
    const r = await run(store, lines());
    expect(r).toMatchObject({ lines: 3, created: 3, updated: 0, unchanged: 0, refused: 0, errors: [] });
    const evidence = buildIndexEvidence(store, NOV, NOW);
    const expected = computeIndex(
      RECORDS.map((x) => x.index),
      NOV,
    );
    const { onTime, online, digitization, reuse, onlinePayment, satisfaction } = evidence;
    expect({ onTime, online, digitization, reuse, onlinePayment, satisfaction }).toEqual(indexCriteria(expected));
    // Worked out: on time 1 of 3 (the second is late after two requests, the third past due);
    // online 1 of 3 (the second has no electronic result for a paper-result procedure); payment
    // 1 of 1 (the second's fee list is all zero: out of the denominator; the third bears no fee).
    expect(onTime).toMatchObject({ numerator: 1, denominator: 3 });
    expect(online).toMatchObject({ numerator: 1, denominator: 3 });
    expect(digitization).toMatchObject({ numerator: 2, denominator: 3 });
    expect(onlinePayment).toMatchObject({ numerator: 1, denominator: 1, points: 6 });
    expect(evidence.dossiers).toEqual(Object.fromEntries(RECORDS.map((x) => [x.json.MaHoSo, (({ onTime, ...rest }) => ({ on_time: onTime, ...rest }))(dossierVerdicts(x.index, periodEnd(NOV)))])));
    expect(evidence.dossiers['000.00.53.H48-261103-0001']).toEqual({ on_time: false, online: false, digitized: false, reused: false, paid: null, complaint: true });
    expect(evidence.reading).toEqual({ setting: 'indexReading', value: 'portal', config: expect.objectContaining({ digitizationFullAt: 1 }) });
    // Imported dossiers are marked, belong to the unit and to no officer; instants stored as UTC ISO.
    expect(store.db.prepare("SELECT source, officer_id, received_at FROM dossiers WHERE code = '000.00.53.H48-261103-0001'").get()).toEqual({ source: 'import', officer_id: null, received_at: '2026-11-03T02:00:00.000Z' });
    expect(evidence.byOfficer).toEqual([expect.objectContaining({ officerId: null, received: 3 })]);
  });

  it('--as-of judges in-progress dossiers at that instant', async () => {
    const store = freshStore();
    await run(store, lines());
    // 11 Nov 12:00: the third (due 12 Nov) is not late yet; the second already waits on its second request.
    const early = buildIndexEvidence(store, NOV, NOW, { asOf: Date.parse('2026-11-11T12:00:00+07:00') });
    expect(early.dossiers['000.00.53.H48-261110-0001']!.on_time).toBe(true);
    expect(early.onTime).toMatchObject({ numerator: 2, denominator: 3 });
    expect(early.asOf).toBe('2026-11-11T05:00:00.000Z');
  });

  it('importing the same file twice changes nothing; a changed line replaces the history', async () => {
    const store = freshStore();
    await run(store, lines());
    const snapshot = () => ({
      dossiers: store.db.prepare('SELECT * FROM dossiers ORDER BY code').all(),
      events: store.db.prepare('SELECT * FROM dossier_events ORDER BY id').all(),
      audit: store.db.prepare('SELECT count(*) AS n FROM audit_log').get(),
    });
    const before = snapshot();
    expect(before.events).toHaveLength(8);
    const again = await run(store, lines());
    expect(again).toMatchObject({ lines: 3, created: 0, updated: 0, unchanged: 3, refused: 0 });
    expect(snapshot()).toEqual(before);

    const changed = lines();
    const third: Record<string, unknown> = { ...RECORDS[2]!.json, TrangThai: 9, QuaTrinhXuLy: [{ TrangThai: 4, ThoiDiem: '2026-11-10T09:00:00+07:00' }, { TrangThai: 9, ThoiDiem: '2026-11-11T09:00:00+07:00' }] };
    changed[2] = JSON.stringify(third);
    expect(await run(store, changed)).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    const events = store.db.prepare("SELECT e.status FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = ? ORDER BY e.at").all(third.MaHoSo);
    expect(events).toEqual([{ status: 4 }, { status: 9 }]);
    expect(buildIndexEvidence(store, NOV, NOW).dossiers[third.MaHoSo as string]!.on_time).toBe(true);
  });

  it('reports bad lines by number with the reason, stores nothing of them and imports the rest', async () => {
    const store = freshStore();
    const good = lines();
    const base = RECORDS[2]!.json;
    const bad = [
      good[0]!, // 1
      '{not json', // 2
      JSON.stringify({ ...base, MaHoSo: undefined }), // 3
      JSON.stringify({ ...base, MaHoSo: 'X-1', MaTTHC: '9.999999' }), // 4
      JSON.stringify({ ...base, MaHoSo: 'X-2', NgayTiepNhan: '2026-11-10T08:00:00' }), // 5
      JSON.stringify({ ...base, MaHoSo: 'X-3', TrangThai: 11 }), // 6
      '', // 7: blank, skipped
      JSON.stringify({
        ...base,
        MaHoSo: 'X-4',
        QuaTrinhXuLy: [
          { TrangThai: 4, ThoiDiem: '2026-11-11T09:00:00+07:00' },
          { TrangThai: 9, ThoiDiem: '2026-11-10T09:00:00+07:00' },
        ],
      }), // 8
      JSON.stringify({ ...base, MaHoSo: 'X-5', KenhThucHien: 4 }), // 9
      good[1]!, // 10
    ];
    const r = await run(store, bad);
    expect(r).toMatchObject({ lines: 9, created: 2, refused: 7 });
    expect(r.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 8, 9]);
    const msg = Object.fromEntries(r.errors.map((e) => [e.line, e.message]));
    expect(msg[2]).toContain('không phải JSON');
    expect(msg[3]).toContain('thiếu MaHoSo');
    expect(msg[4]).toMatch(/mã thủ tục 9\.999999 chưa có trong danh mục/);
    expect(msg[5]).toMatch(/NgayTiepNhan .* thiếu múi giờ/);
    expect(msg[6]).toContain('TrangThai phải là số nguyên từ 1 đến 10');
    expect(msg[8]).toContain('QuaTrinhXuLy bước 2 sớm hơn bước trước');
    expect(msg[9]).toContain('KenhThucHien phải là 1, 2 hoặc 3');
    expect(store.db.prepare("SELECT count(*) AS n FROM dossiers WHERE code LIKE 'X-%'").get()).toEqual({ n: 0 });
  });

  it('never overwrites a dossier received at the desk', async () => {
    const store = freshStore();
    await run(store, lines());
    store.db.prepare("UPDATE dossiers SET source = 'desk', import_hash = NULL WHERE code = ?").run(RECORDS[0]!.json.MaHoSo);
    const r = await run(store, lines());
    expect(r.errors).toEqual([{ line: 1, message: expect.stringContaining('đã được tiếp nhận tại quầy') }]);
    expect(r).toMatchObject({ refused: 1, unchanged: 2 });
  });

  it('needs a unit on a fresh data directory, and takes the only one otherwise', async () => {
    const store = freshStore();
    expect(() => resolveImportUnit(store, {})).toThrow(/chưa có đơn vị.*--unit/);
    expect(() => resolveImportUnit(store, { unitCode: 'không hợp lệ' })).toThrow(/Mã đơn vị/);
    expect(resolveImportUnit(store, { policyUnit: { code: '000.00.53.h48', name: 'UBND xã Tân Phú' } })).toMatchObject({ create: true, unit: { code: '000.00.53.H48', name: 'UBND xã Tân Phú' } });
    await run(store, lines());
    expect(resolveImportUnit(store, {})).toMatchObject({ create: false, unit: { code: '000.00.53.H48' } });
  });

  it('parses times with their offset only, and real ones', () => {
    expect(parseHistoryLine(JSON.stringify({ ...RECORDS[2]!.json, NgayHenTra: '2026-02-30T08:00:00+07:00' }))).toEqual({ problems: [expect.stringContaining('không phải thời điểm có thật')] });
    expect(parseHistoryLine('[1]')).toEqual({ problems: [expect.stringContaining('không phải một đối tượng JSON')] });
  });

  it('streams a large file: lines are written in batches while the file is still being read', async () => {
    const store = freshStore();
    const file = path.join(tempDir(), 'big.jsonl');
    const N = 50_000;
    const out = fs.openSync(file, 'w');
    const base = RECORDS[2]!.json;
    for (let i = 0; i < N; i += 1000) {
      let chunk = '';
      for (let j = i; j < i + 1000; j++) chunk += `${JSON.stringify({ ...base, MaHoSo: `B-${String(j).padStart(6, '0')}` })}\n`;
      fs.writeSync(out, chunk);
    }
    fs.closeSync(out);
    const stored = store.db.prepare('SELECT count(*) AS n FROM dossiers');
    const lag: number[] = [];
    async function* watched() {
      let n = 0;
      for await (const line of readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity })) {
        n++;
        // Lines read but not yet stored: never more than one batch (memory bounded by the batch, not the file).
        if (n % 5000 === 0) lag.push(n - (stored.get() as { n: number }).n);
        yield line;
      }
    }
    const r = await run(store, watched(), '000.00.53.H48', 1000);
    expect(r).toMatchObject({ lines: N, created: N, refused: 0 });
    expect(lag).toHaveLength(10);
    for (const l of lag) expect(l).toBeLessThanOrEqual(1000);
    expect(stored.get()).toEqual({ n: N });
  }, 120_000);
});
