// Applying pulled changes, change by change, on a desk's store (no receiver needed): which changes a
// supervisor's and an officer's install take, stub procedures filled by the catalog, file references,
// records that cannot be applied leaving their stamp free, changes parked until their dossier comes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPulledChange, retryParkedChanges, type PullApplyContext } from '../../../main/sync/pull-apply';
import type { Change } from '../../../shared/contract/sync';
import { UNIT, deskData, receiveDossier, type TestDeskData } from './desk';

const AT = '2031-03-10T02:00:00.000Z';
const SHA = 'b'.repeat(64);

describe('applying pulled changes', () => {
  let d: TestDeskData;
  let n = 0;
  beforeEach(() => {
    d = deskData();
    n = 0;
  });
  afterEach(() => d.close());

  const ctx = (role: 'officer' | 'supervisor'): PullApplyContext => ({ store: d.store, deskId: 'me', role, unitCode: UNIT, baseUrl: 'http://tinh.example/', now: () => new Date(AT) });
  const change = (kind: Change['kind'], payload: unknown, o: Partial<Change> = {}): Change => ({ changeId: ++n, kind, origin: 'desk:b', originName: 'Quầy B', unitCode: UNIT, entityKey: 'x', at: AT, payload, ...o });
  const apply = (role: 'officer' | 'supervisor', ...cs: Change[]) => d.store.sync.applying(() => cs.map((c) => applyPulledChange(ctx(role), c)));
  const reception = {
    procedureCode: '9.999',
    procedureName: 'Thủ tục chưa có trong danh mục',
    channel: 1,
    applicant: { name: 'Đinh Thị Lan', idNumber: '079203001234', address: 'Ấp 2', phone: '0913000222', email: '' },
    receivedAt: '2031-03-09T02:00:00.000Z',
    dueAt: '2031-03-12T02:00:00.000Z',
    officerName: 'Phạm Văn Tú',
    fees: [],
  };
  const key = { unitCode: UNIT, code: 'B-0001' };
  const held = () =>
    d.store.db.prepare("SELECT d.id, d.source, d.origin_desk, d.origin_desk_name, d.origin_officer_name, d.procedure_id, d.status, d.applicant_phone FROM dossiers d WHERE code = 'B-0001'").get() as
      | { id: string; source: string; origin_desk: string; origin_desk_name: string; origin_officer_name: string; procedure_id: string; status: number; applicant_phone: string }
      | undefined;

  it("an officer's install takes none of another desk's changes; a supervisor's holds them, with a stub procedure the catalog later fills", () => {
    const event = change('dossierEvent', { ...key, eventId: 'b/e1', status: 2, at: AT, statusApplied: true });
    expect(apply('officer', change('dossier', { ...key, fields: reception }), event)).toEqual([false, false]);
    expect(held()).toBeUndefined();
    expect(d.store.syncPull.parkedCounts()).toEqual({ changes: 0, codeTaken: [] });

    expect(apply('supervisor', change('dossier', { ...key, fields: reception }), { ...event, changeId: ++n }, change('componentFile', { ...key, componentCode: '1', name: 'Tờ khai', sha256: SHA }))).toEqual([true, true, true]);
    const h = held()!;
    expect(h).toMatchObject({ source: 'sync', origin_desk: 'b', origin_desk_name: 'Quầy B', origin_officer_name: 'Phạm Văn Tú', status: 2, applicant_phone: '0913000222' });
    expect(d.store.procedures.get(h.procedure_id)).toMatchObject({ code: '9.999', name: 'Thủ tục chưa có trong danh mục', retired: true });
    expect(d.store.dossiers.components(h.id).map((c) => [c.sequence, c.digitization.fileId, c.digitization.remoteUrl])).toEqual([[1, null, `http://tinh.example/files/${SHA}`]]);
    // The applicant's profile, from the dossier, dated at its receipt.
    expect(d.store.applicants.get('079203001234')).toMatchObject({ name: 'Đinh Thị Lan', phone: '0913000222', provenance: { phone: { source: 'dossier', at: reception.receivedAt } } });
    // Nothing of it is queued to be sent.
    expect(d.store.sync.counts().pending).toBe(0);

    // The file withdrawn there: the reference goes.
    expect(apply('supervisor', change('componentFile', { ...key, componentCode: '1', name: 'Tờ khai', sha256: SHA, removed: true }, { at: '2031-03-10T03:00:00.000Z' }))).toEqual([true]);
    expect(d.store.dossiers.components(h.id)[0]!.digitization.remoteUrl).toBeUndefined();

    // The catalog record fills the stub in place (same id), in force.
    expect(apply('supervisor', change('catalog', { code: '9.999', name: 'Cấp giấy xác nhận', processingDays: 4 }, { origin: 'admin' }))).toEqual([true]);
    expect(d.store.procedures.get(h.procedure_id)).toMatchObject({ code: '9.999', name: 'Cấp giấy xác nhận', processingDays: 4, retired: false });
  });

  it('a dossier code this desk already uses is not taken over; the upstream fields of its own dossier still are', async () => {
    await receiveDossier(d, { id: 'own', code: 'B-0001', at: AT });
    expect(apply('supervisor', change('dossier', { ...key, fields: reception }))).toEqual([false]);
    expect(held()).toMatchObject({ id: 'own', source: 'desk', applicant_phone: '0903123456' });
    expect(apply('supervisor', change('dossier', { ...key, fields: { status: 9, resultCode: 'KQ' } }, { origin: 'upstream' }))).toEqual([true]);
    expect(held()).toMatchObject({ id: 'own', status: 9 });
  });

  it("a supervisor's install parks a step, a file and an upstream result that come before their dossier, and applies them when it arrives", () => {
    const step = change('dossierEvent', { ...key, eventId: 'b/e2', status: 4, at: '2031-03-09T09:00:00.000Z', note: 'Chuyển phòng Tư pháp', officerName: 'Phạm Văn Tú', statusApplied: true });
    const file = change('componentFile', { ...key, componentCode: '1', name: 'Tờ khai', sha256: SHA });
    const result = change('dossier', { ...key, fields: { resultCode: 'KQ-9' } }, { origin: 'upstream', at: '2031-03-10T01:00:00.000Z' });
    expect(apply('supervisor', step, file, result)).toEqual([false, false, false]);
    // The same page pulled again parks each change once.
    expect(apply('supervisor', step, file, result)).toEqual([false, false, false]);
    expect(d.store.syncPull.parkedCounts()).toEqual({ changes: 3, codeTaken: [] });
    expect(held()).toBeUndefined();

    // Reception fields not yet whole do not make a dossier: parked too.
    expect(apply('supervisor', change('dossier', { ...key, fields: { officerName: 'Phạm Văn Tú' } }))).toEqual([false]);
    expect(d.store.syncPull.parkedCounts().changes).toBe(4);

    // The dossier arrives: everything parked for it is applied, in the receiver's order.
    expect(apply('supervisor', change('dossier', { ...key, fields: reception }, { at: '2031-03-09T02:00:00.000Z' }))).toEqual([true]);
    const h = held()!;
    expect(h).toMatchObject({ source: 'sync', status: 4 });
    expect(d.store.db.prepare('SELECT status, note FROM dossier_events WHERE dossier_id = ?').all(h.id)).toEqual([{ status: 4, note: 'Chuyển phòng Tư pháp' }]);
    expect(d.store.dossiers.components(h.id).map((c) => c.digitization.remoteUrl)).toEqual([`http://tinh.example/files/${SHA}`]);
    expect(d.store.db.prepare('SELECT result_code FROM dossiers WHERE id = ?').get(h.id)).toEqual({ result_code: 'KQ-9' });
    expect(d.store.syncPull.parkedCounts()).toEqual({ changes: 0, codeTaken: [] });
    expect(d.store.sync.counts().pending).toBe(0);
  });

  it("another unit's dossier whose code this install already uses is parked and shown, with its steps, until the code is free", async () => {
    await receiveDossier(d, { id: 'own', code: 'B-0001', at: AT });
    const other = { unitCode: '000.00.02.H01', code: 'B-0001' };
    const step = change('dossierEvent', { ...other, eventId: 'b/e3', status: 3, at: AT, statusApplied: true });
    expect(apply('supervisor', change('dossier', { ...other, fields: reception }), step)).toEqual([false, false]);
    expect(d.store.syncPull.parkedCounts()).toEqual({ changes: 2, codeTaken: ['B-0001'] });
    expect(d.store.db.prepare("SELECT count(*) AS n FROM dossiers WHERE code = 'B-0001'").get()).toEqual({ n: 1 });
    // Still taken: a retry leaves them parked.
    expect(d.store.sync.applying(() => retryParkedChanges(ctx('supervisor')))).toEqual([]);
    expect(d.store.syncPull.parkedCounts().changes).toBe(2);
    // The code is freed here (corrected by the admin): the next pull's retry holds the dossier with its step.
    d.store.db.prepare("UPDATE dossiers SET code = 'B-0001-A' WHERE id = 'own'").run();
    const touched = d.store.sync.applying(() => retryParkedChanges(ctx('supervisor')));
    expect(touched).toHaveLength(1);
    const h = d.store.syncPull.dossierByKey(other.unitCode, other.code)!;
    expect(touched).toEqual([h.id]);
    expect(h).toMatchObject({ source: 'sync', status: 3 });
    expect(d.store.syncPull.parkedCounts()).toEqual({ changes: 0, codeTaken: [] });
  });

  it("an upstream status older than the desk's own counter step does not overwrite it; its other fields still apply", async () => {
    await receiveDossier(d, { id: 'own', code: 'B-0001', at: '2031-03-09T02:00:00.000Z' });
    // The result was returned here at 10:00 (status 10) …
    d.store.db.prepare("UPDATE dossiers SET status = 10 WHERE id = 'own'").run();
    d.store.db.prepare("INSERT INTO dossier_events (id, dossier_id, status, at, officer_id, note) VALUES ('ret', 'own', 10, '2031-03-10T03:00:00.000Z', 'o', 'Trả kết quả')").run();
    // … and the upstream's "result ready" of 09:00 arrives after.
    expect(apply('officer', change('dossier', { ...key, fields: { status: 9, resultCode: 'KQ-2' } }, { origin: 'upstream', at: '2031-03-10T02:00:00.000Z' }))).toEqual([true]);
    expect(d.store.db.prepare("SELECT status, result_code FROM dossiers WHERE id = 'own'").get()).toEqual({ status: 10, result_code: 'KQ-2' });
    expect(d.store.db.prepare("SELECT count(*) AS n FROM dossier_events WHERE dossier_id = 'own'").get()).toEqual({ n: 2 });
    // A later upstream status does apply.
    expect(apply('officer', change('dossier', { ...key, fields: { status: 8 } }, { origin: 'upstream', at: '2031-03-10T04:00:00.000Z' }))).toEqual([true]);
    expect(d.store.db.prepare("SELECT status FROM dossiers WHERE id = 'own'").get()).toEqual({ status: 8 });
  });

  it('a record that cannot be applied leaves its stamp free for a later one', () => {
    // A new procedure without its processing time, then with it (even with an older stamp).
    expect(apply('officer', change('catalog', { code: '3.1', name: 'Thủ tục mới' }, { origin: 'admin', at: '2031-03-10T05:00:00.000Z' }))).toEqual([false]);
    expect(d.store.procedures.idByCode('3.1')).toBeNull();
    expect(apply('officer', change('catalog', { code: '3.1', name: 'Thủ tục mới', processingHours: 8 }, { origin: 'admin' }))).toEqual([true]);
    expect(d.store.procedures.get(d.store.procedures.idByCode('3.1')!)).toMatchObject({ processingHours: 8, retired: false });
    // A calendar year with a day of another year is refused whole; the year's rows stay.
    const before = d.store.calendar.days();
    expect(apply('officer', change('calendar', { year: 2031, days: [{ date: '2032-01-01', kind: 'off', name: 'Tết Dương lịch', basis: '' }] }, { origin: 'admin' }))).toEqual([false]);
    expect(d.store.calendar.days()).toEqual(before);
    // The same page twice: the second time changes nothing.
    const holiday = change('calendar', { year: 2031, days: [{ date: '2031-09-02', kind: 'off', name: 'Quốc khánh', basis: 'Bộ luật Lao động' }] }, { origin: 'admin' });
    expect(apply('officer', holiday)).toEqual([true]);
    expect(apply('officer', holiday)).toEqual([false]);
    expect(d.store.calendar.days().filter((x) => x.date.startsWith('2031'))).toEqual([{ date: '2031-09-02', kind: 'off', name: 'Quốc khánh', basis: 'Bộ luật Lao động', confirmed: true }]);
  });
});
