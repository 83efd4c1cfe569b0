// The desk's pull side against a real province receiver (throwaway PostgreSQL): a supervisor's
// install holds the other desks' dossiers of its unit read-only and counts them in Thống kê; a late
// older change never overwrites a newer one; catalog and calendar records reach every desk and are
// used (a due date over a new holiday).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../main/core/create-core';
import { databasePath, openDatabase } from '../../../main/data/database';
import { Store } from '../../../main/data/store';
import { SyncClient } from '../../../main/sync/client';
import { applyPulledChange } from '../../../main/sync/pull-apply';
import { secretVault } from '../../../main/sync/secret-vault';
import { createEnrollmentToken } from '../../../server/sync/receiver';
import type { Change } from '../../../shared/contract/sync';
import { asCaller, SAMPLE_UNIT, TEST_POLICY, type TestCore } from '../../helpers/core';
import { tempDir } from '../../helpers/temp';
import { ADMIN_TOKEN, call, dossierRow, postgresProblem, upstream, type Receiver } from '../../server/helpers';
import { receiverForFile } from '../../server/receiver-per-file';
import { UNIT, deskData, receiveDossier, type TestDeskData } from './desk';

const skip = await postgresProblem();
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2_000, 7), Buffer.from('\n%%EOF\n')]);
const ID_NUMBER = '079203001234';

describe.skipIf(skip)('desk pull: other desks, stamps, catalog and calendar', () => {
  let r: Receiver;
  let a: TestDeskData;
  const cores: TestCore[] = [];
  const t0 = Date.parse('2031-03-10T02:00:00Z'); // Monday 10/3/2031, 09:00 in Vietnam
  const at = (minutesAgo: number) => new Date(t0 - minutesAgo * 60_000).toISOString();
  const now = () => new Date(r.clock.now());

  receiverForFile((x) => (r = x));
  beforeEach(() => {
    r.clock.t = t0;
    a = deskData();
  });
  afterEach(async () => {
    a.close();
    for (const c of cores.splice(0)) await c.close();
  });

  /** Desk A: an officer's desk of UNIT (the light desk of ./desk.ts), enrolled as "Quầy A". */
  async function deskA(): Promise<SyncClient> {
    const c = new SyncClient({ store: a.store, filesDir: a.filesDir, baseUrl: () => r.base, vault: secretVault(a.dir), now, sleep: async () => {}, random: () => 0.5 });
    await c.enroll(await createEnrollmentToken(r.db, r.clock, { unitCode: UNIT }), 'Quầy A');
    return c;
  }

  /** A whole app on UNIT (signed in as its administrator), enrolled with the given role. */
  async function app(role: 'officer' | 'supervisor', deskName: string): Promise<TestCore> {
    const core = asCaller(await createCore({ dataDir: tempDir(), host: 'test', now, ocrPoolSize: 1, policy: { ...TEST_POLICY, upstreamUrl: r.base }, syncIntervalMs: 0 }), 'w1');
    cores.push(core);
    await core.call('setup.initialize', { ...SAMPLE_UNIT, unitCode: UNIT });
    await core.call('sync.enroll', { token: await createEnrollmentToken(r.db, r.clock, { unitCode: UNIT, role }), deskName });
    return core;
  }

  it("a supervisor's install holds desk A's dossier read-only, counts it in Thống kê, fills the applicant's profile, and never sends it back", async () => {
    const { sha256 } = await receiveDossier(a, { id: 'da', code: 'H01-A-0001', at: at(30), pdf: PDF });
    a.store.db.prepare("UPDATE dossiers SET applicant_id_number = ?, due_at = ?, current_due_at = ? WHERE id = 'da'").run(ID_NUMBER, at(-3 * 24 * 60), at(-3 * 24 * 60));
    const cA = await deskA();
    expect(await cA.syncNow()).toMatchObject({ ok: true, accepted: 4, rejected: 0 });
    // The reception payload carries the summary (TrichYeuHoSo), the applicant type and the submission time.
    expect((await dossierRow(r.db, UNIT, 'H01-A-0001'))?.fields).toMatchObject({ summary: 'Đăng ký khai sinh - Trần Thị Bích', applicantType: 1, submittedAt: at(30) });

    const sup = await app('supervisor', 'Máy lãnh đạo');
    const officer = await app('officer', 'Quầy B');
    const s = await sup.call('sync.now');
    expect(s).toMatchObject({ online: true, lastError: null, counts: { pending: 0, failed: 0 }, remote: { dossiers: 1, desks: 1 }, lastPulledAt: now().toISOString() });

    const list = await sup.call('dossiers.list', { limit: 10 });
    expect(list.items.map((d) => d.code)).toEqual(['H01-A-0001']);
    const held = await sup.call('dossiers.get', { id: list.items[0]!.id });
    expect(held).toMatchObject({
      source: 'sync',
      originDeskName: 'Quầy A',
      originOfficerName: 'Nguyễn Văn An',
      status: 2,
      procedureCode: '1.001',
      applicant: { name: 'Trần Thị Bích', idNumber: ID_NUMBER, phone: '0903123456' },
      receivedAt: at(30),
      dueAt: at(-3 * 24 * 60),
      officerId: null,
    });
    // The file stays on the receiver: only its reference is kept here.
    expect(held.components.map((c) => [c.name, c.digitization.fileId, c.digitization.remoteUrl])).toEqual([['Tờ khai đăng ký khai sinh', null, `${r.base}/files/${sha256}`]]);
    expect(held.events.map((e) => e.status)).toEqual([2]);

    // Thống kê covers it (received today; digitized counts once an electronic result comes, below).
    const day = '2031-03-10';
    expect((await sup.call('stats.index', { from: day, to: day })).counts).toMatchObject({ received: 1, digitized: 0 });
    // By desk and by officer: under the desk and the officer that received it.
    expect((await sup.call('stats.breakdown', { from: day, to: day, by: 'desk' })).rows.map((x) => [x.label, x.received])).toEqual([['Quầy A', 1]]);
    expect((await sup.call('stats.breakdown', { from: day, to: day, by: 'officer' })).rows.map((x) => [x.label, x.received])).toEqual([['Nguyễn Văn An', 1]]);

    // This desk cannot act on it, in Vietnamese, and nothing changed.
    const refused = await sup.dispatch('dossiers.act', { requestId: crypto.randomUUID(), id: held.id, action: { kind: 'process', note: '' } });
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN', message: expect.stringContaining('Hồ sơ này do quầy khác tiếp nhận (Quầy A)') }) });
    expect((await sup.call('dossiers.get', { id: held.id })).status).toBe(2);

    // The applicant's profile is filled from the received dossier (source 'dossier').
    const profile = await sup.call('applicants.lookup', { idNumber: ID_NUMBER });
    expect(profile?.profile).toMatchObject({ name: 'Trần Thị Bích', phone: '0903123456', provenance: { name: { source: 'dossier', at: at(30) } } });

    // An upstream result comes back to the supervisor too; desk A's later step as well.
    expect((await upstream(r.base, { code: 'H01-A-0001', unitCode: UNIT, at: at(5), fields: { status: 4, resultCode: 'KQ-9', resultFile: `${r.base}/files/${sha256}` } })).status).toBe(200);
    a.store.db.prepare("INSERT INTO dossier_events (id, dossier_id, status, at, officer_id, note) VALUES ('da-e2', 'da', 10, ?, 'o', 'Trả kết quả')").run(at(1));
    expect(await cA.syncNow()).toMatchObject({ ok: true, accepted: 1 });
    expect(await sup.call('sync.now')).toMatchObject({ lastError: null, counts: { pending: 0 } });
    const later = await sup.call('dossiers.get', { id: held.id });
    expect(later).toMatchObject({ status: 10, resultCode: 'KQ-9' });
    // With its electronic result and its digitized component, it counts as digitized.
    expect((await sup.call('stats.index', { from: day, to: day })).counts).toMatchObject({ received: 1, digitized: 1 });
    expect(later.events.map((e) => [e.status, e.note])).toEqual([
      [2, 'Tiếp nhận tại quầy'],
      [4, 'Cập nhật từ hệ thống xử lý của tỉnh'],
      [10, 'Trả kết quả'],
    ]);
    // Nothing pulled went into the supervisor's outbox.
    expect((await sup.call('sync.status')).counts).toEqual({ pending: 0, failed: 0, done: 0 });

    // An officer's desk of the same unit does not receive other desks' dossiers.
    expect(await officer.call('sync.now')).toMatchObject({ lastError: null, remote: { dossiers: 0, desks: 0 } });
    expect((await officer.call('dossiers.list', { limit: 10 })).items).toEqual([]);
  });

  it('a late older change never overwrites a newer one, and a page pulled again changes nothing', async () => {
    await receiveDossier(a, { id: 'db', code: 'H01-A-0002', at: at(60) });
    const cA = await deskA();
    expect(await cA.syncNow()).toMatchObject({ ok: true, accepted: 2 });
    const sup = await app('supervisor', 'Máy lãnh đạo');
    await sup.call('sync.now');
    const id = (await sup.call('dossiers.list', { limit: 50 })).items.find((d) => d.code === 'H01-A-0002')!.id;

    // Desk A corrects the phone (a newer change); the upstream sets a status.
    a.store.db.prepare("UPDATE dossiers SET applicant_phone = '0911000111', updated_at = ? WHERE id = 'db'").run(at(10));
    expect(await cA.syncNow()).toMatchObject({ ok: true, accepted: 1 });
    expect((await upstream(r.base, { code: 'H01-A-0002', unitCode: UNIT, at: at(5), fields: { status: 9, resultCode: 'KQ-1' } })).status).toBe(200);
    await sup.call('sync.now');
    expect(await sup.call('dossiers.get', { id })).toMatchObject({ status: 9, resultCode: 'KQ-1', applicant: { phone: '0911000111' } });

    // The same changes again (cursor back to 0, as after a crash before it was saved): nothing changes.
    const held = await sup.call('dossiers.get', { id });
    const side = new Store(openDatabase(databasePath(sup.dataDir)));
    try {
      side.sync.setState({ cursor: '0' });
      expect(await sup.call('sync.now')).toMatchObject({ lastError: null });
      expect(await sup.call('dossiers.get', { id })).toEqual(held);

      // Older changes arriving late (after the newer ones, with larger change ids): not applied.
      const late: Change[] = [
        { changeId: 10_001, kind: 'dossier', origin: 'upstream', unitCode: UNIT, entityKey: 'H01-A-0002', at: at(30), payload: { unitCode: UNIT, code: 'H01-A-0002', fields: { status: 4, resultCode: null } } },
        { changeId: 10_002, kind: 'dossier', origin: `desk:${cA.enrolled()!.deskId}`, unitCode: UNIT, entityKey: 'H01-A-0002', at: at(40), payload: { unitCode: UNIT, code: 'H01-A-0002', fields: { applicant: { name: 'Trần Thị Bích', idNumber: '', address: '', phone: '0900000000', email: '' } } } },
      ];
      const apply = (changes: Change[]) => side.sync.applying(() => changes.map((c) => applyPulledChange({ store: side, deskId: 'sup', role: 'supervisor', unitCode: UNIT, baseUrl: r.base, now }, c)));
      expect(apply(late)).toEqual([false, false]);
      expect(await sup.call('dossiers.get', { id })).toEqual(held);
      // A newer one still applies, and only the field it carries.
      expect(apply([{ ...late[0]!, changeId: 10_003, at: at(1), payload: { unitCode: UNIT, code: 'H01-A-0002', fields: { complaint: true } } }])).toEqual([true]);
      expect(await sup.call('dossiers.get', { id })).toMatchObject({ status: 9, resultCode: 'KQ-1', complaint: true, applicant: { phone: '0911000111' } });
    } finally {
      side.db.close();
    }
  });

  it('a catalog record and a holiday from the province reach a desk and are used (a due date over the new holiday)', async () => {
    const desk = await app('officer', 'Quầy B');
    const before = await desk.call('calendar.due', { receivedAt: at(0), days: 2 });
    expect(before.dueAt?.slice(0, 10)).toBe('2031-03-12');

    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const catalog = { code: '2.000001', name: 'Cấp bản sao trích lục hộ tịch', field: 'Hộ tịch', processingDays: 2, components: [{ name: 'Tờ khai', required: true, copies: 1 }] };
    expect((await call(r.base, 'POST', '/admin/records', { kind: 'catalog', entityId: '2.000001', unitCode: null, data: catalog, at: at(20) }, admin)).status).toBe(200);
    const holiday = { year: 2031, days: [{ date: '2031-03-11', kind: 'off', name: 'Nghỉ bù', basis: 'Thông báo của UBND tỉnh' }] };
    expect((await call(r.base, 'POST', '/admin/records', { kind: 'calendar', entityId: '2031', unitCode: null, data: holiday, at: at(10) }, admin)).status).toBe(200);

    expect(await desk.call('sync.now')).toMatchObject({ lastError: null });
    const [p] = await desk.call('procedures.search', { query: '2.000001' });
    expect(p).toMatchObject({ code: '2.000001', name: 'Cấp bản sao trích lục hộ tịch', processingDays: 2, retired: false, components: [{ name: 'Tờ khai', required: true, copies: 1 }] });
    expect((await desk.call('calendar.get')).days.filter((d) => d.date.startsWith('2031'))).toEqual([{ date: '2031-03-11', kind: 'off', name: 'Nghỉ bù', basis: 'Thông báo của UBND tỉnh', confirmed: true }]);
    // A dossier received under it now is due on Thursday: Tuesday 11/3 is off.
    const d = await desk.call('dossiers.create', { procedureId: p!.id, applicant: { name: 'Lê Văn Cường', idNumber: '', address: '', phone: '', email: '' }, components: [{ name: 'Tờ khai', required: true, copies: 1, received: true }] });
    expect(d.dueAt?.slice(0, 10)).toBe('2031-03-13');

    // An older catalog record posted later does not undo the newer one; a newer one does apply.
    expect((await call(r.base, 'POST', '/admin/records', { kind: 'catalog', entityId: '2.000001', unitCode: null, data: { ...catalog, processingDays: 9 }, at: at(60) }, admin)).body).toEqual({ applied: false });
    expect((await call(r.base, 'POST', '/admin/records', { kind: 'catalog', entityId: '2.000001', unitCode: null, data: { ...catalog, processingDays: 5 }, at: at(2) }, admin)).body).toEqual({ applied: true });
    await desk.call('sync.now');
    expect((await desk.call('procedures.search', { query: '2.000001' }))[0]).toMatchObject({ id: p!.id, processingDays: 5 });
  });
});

