// The relay to the national portal (stand-in): create then update, "already exists", 5xx retried
// later, a lost answer, an expired session — and in effect nothing sent twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LgspPortalAdapter } from '../../server/portal/lgsp';
import { Relay } from '../../server/portal/relay';
import { portalTime } from '../../server/portal/record';
import { TestDesk, postgresProblem, startReceiver, throwawayDatabase, upstream, type Receiver } from './helpers';
import { startPortalStandin, type Standin } from './portal-standin';
import crypto from 'node:crypto';
import { SYNC_HEADERS } from '../../shared/contract/sync';
import { v1 } from './helpers';

const skip = await postgresProblem();
const UNIT = '000.00.01.H01';

describe.skipIf(skip)('relay to the national portal', () => {
  let r: Receiver;
  let portal: Standin;
  let relay: Relay;
  let desk: TestDesk;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const d = await throwawayDatabase();
    drop = d.drop;
    r = await startReceiver(d.url);
    portal = await startPortalStandin();
    const adapter = new LgspPortalAdapter({ serviceUrl: portal.serviceUrl, authUrl: portal.authUrl, username: 'motcua', password: 'matkhau', madonvi: '000.00.00.H01' });
    relay = new Relay({ db: r.db, adapter, clock: r.clock, publicBaseUrl: 'https://dongbo.tinh.gov.vn/' });
    desk = await TestDesk.enroll(r);
  });
  afterAll(async () => {
    await r?.close();
    await portal?.close();
    await drop?.();
  });

  const at = (minutesAgo: number) => new Date(r.clock.now() - minutesAgo * 60_000).toISOString();
  const reception = (code: string, extra: Record<string, unknown> = {}) =>
    desk.item('dossier', code, at(60), {
      code,
      unitCode: UNIT,
      fields: {
        procedureCode: '1.000123',
        procedureName: 'Cấp bản sao trích lục hộ tịch',
        channel: 1,
        applicant: { name: 'Trần Thị B', idNumber: '001190012345', address: 'Hà Nội', phone: '0912345678', email: '' },
        receivedAt: '2031-03-10T01:30:00Z',
        dueAt: '2031-03-12T10:00:00Z',
        fees: [{ name: 'Lệ phí', amount: 8000 }],
        ...extra,
      },
    });
  const jobs = async (code: string) => (await r.db.query('SELECT kind, state, attempts, last_error FROM relay_jobs WHERE code = $1 ORDER BY id', [code])).rows;

  it('creates a dossier, then sends its history and later changes as updates', async () => {
    const data = Buffer.from('%PDF-1.7 đơn đề nghị');
    const sha = crypto.createHash('sha256').update(data).digest('hex');
    const up = await fetch(`${r.base}/v1/files/${sha}`, { method: 'PUT', headers: { ...v1, ...desk.auth, [SYNC_HEADERS.uploadOffset]: '0', [SYNC_HEADERS.uploadLength]: String(data.length) }, body: new Uint8Array(data) });
    expect(up.status).toBe(201);
    await desk.push([
      reception('H01-R-0001'),
      desk.item('componentFile', 'c-1', at(59), { code: 'H01-R-0001', unitCode: UNIT, componentCode: 'TP1', name: 'Đơn đề nghị', sha256: sha }),
      desk.item('dossierEvent', 'e-1', at(59), { code: 'H01-R-0001', unitCode: UNIT, status: 2, officerName: 'Lê Văn C', note: '' }),
    ]);
    expect(await relay.runOnce()).toEqual({ done: 2, failed: 0, deferred: 0 });
    const sent = portal.state.dossiers.get('H01-R-0001')!;
    expect(sent).toMatchObject({
      MaHoSo: 'H01-R-0001',
      NgayTiepNhan: '20310310083000',
      NgayHenTra: '20310312170000',
      TrangThaiHoSo: 2,
      DonViXuLy: UNIT,
      HoSoCoThanhPhanSoHoa: 1,
      DinhDanhCHS: [{ LoaiDinhDanh: 1, SoDinhDanh: '001190012345' }],
      TaiLieuNop: [{ TenTepDinhKem: 'Đơn đề nghị', MaThanhPhanHoSo: 'TP1', DuongDanTaiTepTin: `https://dongbo.tinh.gov.vn/files/${sha}`, DuocSoHoa: 1, DuocTaiSuDung: 0, DuocLayTuKhoDMQG: 0 }],
      DanhSachLePhi: [{ TenPhiLePhi: 'Lệ phí', MaPhiLePhi: '', HinhThucThu: 1, Gia: 8000 }],
    });
    expect(portal.state.steps.get('H01-R-0001')).toEqual([expect.objectContaining({ MaHoSo: 'H01-R-0001', TrangThai: 2, NguoiXuLy: 'Lê Văn C', NoiDungXuLy: 'Được tiếp nhận', ThoiDiemXuLy: portalTime(at(59)) })]);
    // The URL the portal got serves the file.
    expect(Buffer.from(await (await fetch(`${r.base}/files/${sha}`)).arrayBuffer()).equals(data)).toBe(true);
    // A later change goes as an update.
    await desk.push([reception('H01-R-0001', { summary: 'bổ sung trích yếu' })].map((i) => ({ ...i, at: at(5) })));
    expect((await relay.runOnce()).done).toBe(1);
    expect(portal.state.creates.get('H01-R-0001')).toBe(1);
    expect(portal.state.updates.get('H01-R-0001')).toBe(1);
    expect(portal.state.dossiers.get('H01-R-0001')!.TrichYeuHoSo).toBe('bổ sung trích yếu');
    // Every call and its answer is recorded.
    const log = await r.db.query("SELECT service, response->>'error_code' AS code FROM relay_log ORDER BY id");
    expect(log.rows.map((x) => `${x.service}:${x.code}`)).toEqual(['TraCuuHoSo:0', 'DongBoHoSoMC:0', 'CapNhatTienDoHoSoMC:0', 'DongBoHoSoMC:0']);
  });

  it('"already exists" is resent as an update', async () => {
    await desk.push([reception('H01-R-0002')]);
    portal.state.dossiers.set('H01-R-0002', { MaHoSo: 'H01-R-0002', NgayTiepNhan: '20310310083000' });
    portal.blindLookup.add('H01-R-0002');
    await relay.runOnce();
    expect(portal.state.creates.get('H01-R-0002')).toBeUndefined();
    expect(portal.state.updates.get('H01-R-0002')).toBe(1);
    expect(portal.state.dossiers.get('H01-R-0002')).toMatchObject({ MaTTHC: '1.000123' });
    expect((await jobs('H01-R-0002')).map((j) => j.state)).toEqual(['done']);
  });

  it('a 5xx is retried later; an answer lost after the portal acted does not create a second dossier', async () => {
    await desk.push([reception('H01-R-0003'), desk.item('dossierEvent', 'e-3', at(50), { code: 'H01-R-0003', unitCode: UNIT, status: 2 })]);
    portal.failNext(1);
    expect(await relay.runOnce()).toMatchObject({ done: 0, failed: 1 });
    const [job] = await jobs('H01-R-0003');
    expect(job).toMatchObject({ kind: 'dossier', state: 'pending', attempts: 1 });
    expect(job.last_error).toMatch(/HTTP 500/);
    // Not before its time.
    expect((await relay.runOnce()).done).toBe(0);
    r.clock.t += 31_000;
    // Created upstream, but the answer is lost (502): the next try finds it and updates.
    portal.loseAnswers(1, 'DongBoHoSoMC');
    await relay.runOnce();
    expect(portal.state.creates.get('H01-R-0003')).toBe(1);
    r.clock.t += 120_000;
    await relay.runOnce();
    r.clock.t += 120_000;
    await relay.runOnce();
    expect(portal.state.creates.get('H01-R-0003')).toBe(1);
    expect(portal.state.updates.get('H01-R-0003')).toBe(1);
    expect(portal.state.steps.get('H01-R-0003')).toHaveLength(1);
    expect((await jobs('H01-R-0003')).every((j) => j.state === 'done')).toBe(true);
    // Statuses set upstream are not sent back up, and a later desk status is sent once.
    await upstream(r.base, { code: 'H01-R-0003', unitCode: UNIT, at: at(1), fields: { status: 4 } });
    expect((await relay.runOnce()).done).toBe(0);
  });

  it('renews an expired gateway session and repeats the call once', async () => {
    await desk.push([reception('H01-R-0004')]);
    const logins = portal.state.logins;
    portal.expireSessions();
    expect((await relay.runOnce()).done).toBe(1);
    expect(portal.state.logins).toBe(logins + 1);
    expect(portal.state.creates.get('H01-R-0004')).toBe(1);
  });

  it('waits for the reception data before sending', async () => {
    await desk.push([desk.item('dossierEvent', 'e-5', at(10), { code: 'H01-R-0005', unitCode: UNIT, status: 2 })]);
    expect(await relay.runOnce()).toMatchObject({ done: 0, deferred: 2 });
    expect(portal.state.dossiers.has('H01-R-0005')).toBe(false);
    await desk.push([reception('H01-R-0005')]);
    r.clock.t += 61_000;
    await relay.runOnce();
    r.clock.t += 61_000;
    await relay.runOnce();
    expect(portal.state.creates.get('H01-R-0005')).toBe(1);
    expect(portal.state.steps.get('H01-R-0005')).toHaveLength(1);
  });
});
