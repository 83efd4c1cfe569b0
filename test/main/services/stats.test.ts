import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { databasePath, openDatabase } from '../../../main/data/database';
import { Store } from '../../../main/data/store';
import { extractPdfText } from '../../../main/pdf/inspect';
import type { StatsIndex } from '../../../shared/contract/api';
import { readyCore, SAMPLE_APPLICANT, SAMPLE_PROCEDURE } from '../../helpers/core';

const components = [{ name: 'Tờ khai', required: true, copies: 1, received: true }];

/** Random dossiers with histories written straight to the store (as an import would), seeded. */
function seedRandom(store: Store, procedureIds: string[], officerId: string, unitId: string, n: number, seed = 7) {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const base = Date.parse('2026-09-01T01:00:00Z');
  const H = 3600_000;
  for (let i = 0; i < n; i++) {
    const id = crypto.randomUUID();
    const received = base + Math.floor(rnd() * 90 * 24) * H;
    const due = rnd() < 0.1 ? null : received + Math.floor(rnd() * 200) * H;
    const steps: [number, number][] = [[2, received]];
    let at = received;
    let ended = false;
    for (let k = 0; k < 4 && !ended; k++) {
      at += Math.floor(rnd() * 80) * H;
      const status = [4, 5, 4, 5, 9, 10, 7, 8][Math.floor(rnd() * 8)]!;
      steps.push([status, at]);
      ended = [7, 8, 9, 10].includes(status);
    }
    store.dossiers.insert({
      id,
      code: `T-${i}`,
      unitId,
      procedureId: procedureIds[i % procedureIds.length]!,
      procedureCode: 'x',
      procedureName: 'x',
      channel: rnd() < 0.3 ? 2 : 1,
      status: steps[steps.length - 1]![0] as 2,
      applicant: { ...SAMPLE_APPLICANT, name: `Công dân ${i}` },
      receivedAt: new Date(received).toISOString(),
      dueAt: due === null ? null : new Date(due).toISOString(),
      currentDueAt: due === null ? null : new Date(due).toISOString(),
      pausedSince: null,
      fees: rnd() < 0.5 ? [{ name: 'Lệ phí', amount: rnd() < 0.3 ? 0 : 8000 }] as never : [],
      paidOnline: rnd() < 0.4 ? 1 : 0,
      resultCode: rnd() < 0.5 ? 'KQ' : null,
      resultFile: rnd() < 0.5 ? 'f' : null,
      complaint: rnd() < 0.05,
      source: 'import',
      endedAt: null,
      returnedAt: null,
      officerId: rnd() < 0.9 ? officerId : null,
      createdAt: new Date(received).toISOString(),
      updatedAt: new Date(received).toISOString(),
      searchFolded: 'x',
    });
    store.dossiers.insertComponent({ id: `${id}-c`, dossierId: id, sequence: 1, name: 'Tờ khai', required: true, copies: 1, received: true, digitization: { fileId: null, resultCode: null, digitizedAt: null, pageCount: 0, signedBy: null, reusedFrom: null } });
    if (rnd() < 0.5) store.db.prepare("UPDATE components SET file_id = 'f1', reused_from = ? WHERE id = ?").run(rnd() < 0.3 ? 'X' : null, `${id}-c`);
    // Imported histories carry the portal's digitized / reused flags instead of component files.
    if (rnd() < 0.2) store.db.prepare('UPDATE dossiers SET digitized_flag = 1, reused_flag = ? WHERE id = ?').run(rnd() < 0.5 ? 1 : 0, id);
    for (const [status, t] of steps) store.dossiers.insertEvent({ id: crypto.randomUUID(), dossierId: id, status: status as 2, at: new Date(t).toISOString(), officerId: null, note: '', detail: {} });
  }
}

const pick = (r: StatsIndex | Omit<StatsIndex, 'judgedAt' | 'counts'>) => ({ received: r.received, onTime: r.onTime, overdue: r.overdue, online: r.online, digitization: r.digitization, reuse: r.reuse, payment: r.payment, satisfaction: r.satisfaction });

async function randomDesk(n: number) {
  let now = new Date('2026-12-20T10:00:00+07:00');
  const { core, procedure } = await readyCore({ now: () => now, idleLockMinutes: 0 });
  const paid = await core.call('procedures.upsert', { ...SAMPLE_PROCEDURE, code: '1.000002', name: 'Chứng thực bản sao', field: 'Chứng thực', feeBearing: true, resultIsPaper: false });
  const db = openDatabase(databasePath(core.dataDir));
  const store = new Store(db);
  const session = (await core.call('app.info', {})).session!;
  store.tx(() => seedRandom(store, [procedure.id, paid.id], session.officer.id, session.unit.id, n));
  return { core, store, db, procedure, paid, setNow: (d: Date) => (now = d) };
}

describe('Thống kê from stored facts', () => {
  it('facts give the same index as a full recomputation, for any period and judging instant, incl. after status changes', async () => {
    const { core, db, procedure, setNow } = await randomDesk(400);
    try {
      const periods = [
        { from: '2026-09-01', to: '2026-12-31' },
        { from: '2026-10-01', to: '2026-10-31' },
        { from: '2026-11-15', to: '2026-11-15' },
        { from: '2026-09-20', to: '2026-10-05' },
      ];
      const check = async () => {
        for (const p of periods) {
          const fast = await core.call('stats.index', p);
          const full = await core.call('metrics.index', p);
          expect(pick(fast)).toEqual(pick(full));
          const trend = await core.call('stats.trend', { ...p, granularity: 'week' });
          expect(trend.buckets.reduce((s, b) => s + b.onTime, 0)).toBe(fast.counts.onTime);
          for (const by of ['officer', 'procedure', 'desk', 'field'] as const) {
            const b = await core.call('stats.breakdown', { ...p, by });
            expect(b.rows.reduce((s, r) => s + r.received, 0)).toBe(fast.received);
            expect(b.rows.reduce((s, r) => s + r.onTime, 0)).toBe(fast.counts.onTime);
          }
        }
      };
      // Judged at different instants: in the middle of the data (histories after it ignored) and later.
      for (const at of ['2026-10-20T12:00:00+07:00', '2026-12-20T10:00:00+07:00', '2027-03-01T10:00:00+07:00']) {
        setNow(new Date(at));
        await check();
      }
      // Writes through the app refresh the facts in their own transaction.
      setNow(new Date('2026-12-21T09:00:00+07:00'));
      const d = await core.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components });
      const dirty = () => (db.prepare('SELECT count(*) FROM facts_dirty').pluck().get() as number);
      expect(dirty()).toBe(0);
      await core.call('dossiers.setStatus', { id: d.id, status: 5, note: 'Thiếu giấy' });
      await core.call('dossiers.setStatus', { id: d.id, status: 4 });
      expect(dirty()).toBe(0);
      setNow(new Date('2026-12-30T09:00:00+07:00'));
      await core.call('dossiers.setStatus', { id: d.id, status: 9 });
      await check();
      // Incremental facts equal a rebuild from scratch.
      const snapshot = () => db.prepare('SELECT * FROM dossier_facts ORDER BY dossier_id').all();
      const rollup = () => db.prepare('SELECT * FROM daily_facts WHERE received > 0 ORDER BY day').all();
      const before = [snapshot(), rollup()];
      db.exec('DELETE FROM dossier_facts');
      new Store(db).stats.rebuildAll();
      expect([snapshot(), rollup()]).toEqual(before);
    } finally {
      db.close();
      await core.close();
    }
  });

  it('drill-down returns exactly the dossiers each number counts, and audits the read', async () => {
    const { core, db, setNow } = await randomDesk(150);
    try {
      setNow(new Date('2026-11-10T10:00:00+07:00'));
      const p = { from: '2026-09-01', to: '2026-11-10' };
      const r = await core.call('stats.index', p);
      const counts: [Parameters<typeof core.call<'stats.drill'>>[1] extends infer I ? I extends { criterion: infer C } ? C : never : never, boolean, number][] = [
        ['received', true, r.received],
        ['onTime', true, r.onTime.count],
        ['overdue', true, r.overdue.count],
        ['onTime', false, r.overdue.count],
        ['online', true, r.online.count],
        ['digitized', true, r.digitization.count],
        ['reused', true, r.reuse.count],
        ['paid', true, r.payment.count],
        ['paid', false, r.payment.of - r.payment.count],
        ['complaint', true, r.satisfaction.complaints],
      ];
      for (const [criterion, verdict, n] of counts) {
        const all = await core.call('stats.drill', { ...p, criterion, verdict, limit: 200 });
        expect(all.total, `${criterion} ${verdict}`).toBe(n);
        expect(all.items.length).toBe(Math.min(200, n));
      }
      const onTime = await core.call('stats.drill', { ...p, criterion: 'onTime', verdict: true, limit: 200 });
      const late = await core.call('stats.drill', { ...p, criterion: 'overdue', verdict: true, limit: 200 });
      expect(new Set([...onTime.items, ...late.items].map((i) => i.id)).size).toBe(r.received);
      // Paginated: pages join up to the whole list.
      const page1 = await core.call('stats.drill', { ...p, criterion: 'received', verdict: true, limit: 10, offset: 0 });
      const page2 = await core.call('stats.drill', { ...p, criterion: 'received', verdict: true, limit: 10, offset: 10 });
      expect([...page1.items, ...page2.items].map((i) => i.id)).toEqual((await core.call('stats.drill', { ...p, criterion: 'received', verdict: true, limit: 20 })).items.map((i) => i.id));
      // A group: the officer's row of the breakdown.
      const byOfficer = await core.call('stats.breakdown', { ...p, by: 'officer' });
      for (const row of byOfficer.rows) {
        expect((await core.call('stats.drill', { ...p, criterion: 'onTime', verdict: true, group: { by: 'officer', key: row.key } })).total).toBe(row.onTime);
      }
      const views = (await core.call('audit.list', {})).filter((a) => a.action === 'view' && String(a.detail).includes('stats.drill'));
      expect(views.length).toBeGreaterThan(0);
    } finally {
      db.close();
      await core.close();
    }
  });

  it('trend buckets are Vietnam local days, weeks from Monday and months', async () => {
    let now = new Date('2026-10-31T23:30:00+07:00'); // Saturday night, local
    const { core, procedure } = await readyCore({ now: () => now, idleLockMinutes: 0 });
    try {
      const create = () => core.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components });
      await create();
      now = new Date('2026-11-01T23:30:00+07:00'); // Sunday 16:30 UTC
      await create();
      now = new Date('2026-11-02T00:30:00+07:00'); // Monday, still 1 November in UTC
      await create();
      await create();
      const p = { from: '2026-10-01', to: '2026-11-30' };
      const day = await core.call('stats.trend', { ...p, granularity: 'day' });
      expect(day.buckets).toHaveLength(61);
      expect(day.buckets.filter((b) => b.received).map((b) => [b.key, b.received])).toEqual([['2026-10-31', 1], ['2026-11-01', 1], ['2026-11-02', 2]]);
      const week = await core.call('stats.trend', { ...p, granularity: 'week' });
      expect(week.buckets[0]).toMatchObject({ key: '2026-09-28', from: '2026-10-01', to: '2026-10-04' });
      expect(week.buckets.filter((b) => b.received).map((b) => [b.key, b.received])).toEqual([['2026-10-26', 2], ['2026-11-02', 2]]);
      const month = await core.call('stats.trend', { ...p, granularity: 'month' });
      expect(month.buckets.map((b) => [b.key, b.from, b.to, b.received])).toEqual([['2026-10-01', '2026-10-01', '2026-10-31', 1], ['2026-11-01', '2026-11-01', '2026-11-30', 3]]);
      // Officers do not see the supervisor's statistics.
      expect(await core.dispatch('stats.trend', { ...p, granularity: 'day' }, { sessionId: 'nobody' })).toMatchObject({ ok: false });
    } finally {
      await core.close();
    }
  });

  it('worklist: overdue, due within 1 and 3 working days by the calendar (a holiday skipped), paused and ended left out', async () => {
    let now = new Date('2026-11-06T10:00:00+07:00'); // Friday
    const { core, procedure } = await readyCore({ now: () => now, idleLockMinutes: 0 });
    const db = openDatabase(databasePath(core.dataDir));
    try {
      const proposal = await core.call('calendar.propose', { year: 2026 });
      await core.call('calendar.saveYear', { year: 2026, days: [...proposal.map((d) => ({ ...d, confirmed: true })), { date: '2026-11-09', kind: 'off', name: 'Nghỉ bù', basis: 'thử', confirmed: true }] });
      const make = async (due: string, extra = '') => {
        const d = await core.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components });
        db.prepare(`UPDATE dossiers SET current_due_at = ? ${extra} WHERE id = ?`).run(new Date(due).toISOString(), d.id);
        return d.code;
      };
      const tue = await make('2026-11-10T09:00:00+07:00'); // within 8 working hours only because Monday is off
      const thu = await make('2026-11-12T09:00:00+07:00');
      const late = await make('2026-11-05T16:00:00+07:00');
      await make('2026-11-10T09:00:00+07:00', ", paused_since = '2026-11-05T01:00:00Z', current_due_at = NULL");
      await make('2026-11-10T09:00:00+07:00', ", ended_at = '2026-11-05T01:00:00Z', status = 9");
      await make('2026-11-20T09:00:00+07:00');
      const w = await core.call('stats.worklist', {});
      expect(w.overdue.map((i) => i.code)).toEqual([late]);
      expect(w.dueIn1.map((i) => i.code)).toEqual([tue]);
      expect(w.dueIn3.map((i) => i.code)).toEqual([thu]);
      // The default warning is 8 working hours: Tuesday's dossier is within it, Thursday's is not.
      expect(w.dueIn1[0]!.warning).toBe(true);
      expect(w.dueIn3[0]!.warning).toBe(false);
      now = new Date('2026-11-13T10:00:00+07:00');
      expect((await core.call('stats.worklist', {})).overdue.map((i) => i.code)).toEqual([late, tue, thu]);
    } finally {
      db.close();
      await core.close();
    }
  });

  it('campaign: current rate and its projection to the close next to each target', async () => {
    let now = new Date('2026-11-02T09:00:00+07:00');
    const { core } = await readyCore({ now: () => now, idleLockMinutes: 0 });
    try {
      // A result that is not a paper: an online dossier counts online from its receipt.
      const procedure = await core.call('procedures.upsert', { ...SAMPLE_PROCEDURE, code: '1.000003', resultIsPaper: false });
      expect(await core.call('stats.campaign', {})).toBeNull();
      await core.call('campaign.set', { campaign: { name: 'Tháng số hóa', from: '2026-11-02', to: '2026-11-13', targets: { online: 0.5, digitization: null, onTime: 1 } } });
      // Mon: 0 of 2 online; Tue: 1 of 2; Wed: 2 of 2 — a rising daily rate.
      const days = [['2026-11-02', [1, 1]], ['2026-11-03', [2, 1]], ['2026-11-04', [2, 2]]] as const;
      for (const [day, channels] of days) {
        now = new Date(`${day}T09:00:00+07:00`);
        for (const channel of channels) await core.call('dossiers.create', { procedureId: procedure.id, channel, applicant: SAMPLE_APPLICANT, components });
      }
      const c = (await core.call('stats.campaign', {}))!;
      expect(c.elapsedDays).toBe(3);
      expect(c.remainingDays).toBe(7);
      const online = c.targets.find((t) => t.key === 'online')!;
      expect(online).toMatchObject({ target: 0.5, count: 3, of: 6 });
      expect(online.current).toBeCloseTo(0.5);
      // Daily 0, 0.5, 1 → 1 (clamped) on each remaining day at 2 a day: (3 + 14) / 20.
      expect(online.projected).toBeCloseTo(17 / 20);
      expect(c.targets.map((t) => t.key)).toEqual(['online', 'onTime']);
    } finally {
      await core.close();
    }
  });

  it('exports the period as an Excel workbook and a printable PDF', async () => {
    const { core, db, setNow } = await randomDesk(60);
    try {
      setNow(new Date('2026-11-30T10:00:00+07:00'));
      const p = { from: '2026-10-01', to: '2026-10-31' };
      const r = await core.call('stats.index', p);
      const x = await core.call('stats.export', { ...p, format: 'xlsx' });
      expect(x.fileName).toBe('thong-ke-2026-10-01-2026-10-31.xlsx');
      const file = (await core.resolveFile('report', x.fileId))!;
      expect(file.mime).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file.path);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Chỉ số', 'Theo ngày', 'Theo cán bộ', 'Theo thủ tục', 'Hồ sơ']);
      const evidence = wb.getWorksheet('Hồ sơ')!;
      expect(evidence.rowCount - 1).toBe(r.received);
      const onTimeCol = evidence.getRow(1).values as string[];
      const col = onTimeCol.indexOf('Đúng hạn');
      let yes = 0;
      evidence.eachRow((row, n) => {
        if (n > 1 && row.getCell(col).value === 'Có') yes++;
      });
      expect(yes).toBe(r.onTime.count);
      const idx = wb.getWorksheet('Chỉ số')!;
      expect(idx.getRow(6).values).toEqual([undefined, 'Giải quyết đúng hạn (tối đa 20 điểm)', r.onTime.count, r.onTime.of, r.onTime.rate, r.onTime.points]);

      const pdf = await core.call('stats.export', { ...p, format: 'pdf' });
      const pdfFile = (await core.resolveFile('report', pdf.fileId))!;
      const { readFile } = await import('node:fs/promises');
      const text = (await extractPdfText(await readFile(pdfFile.path))).join('\n');
      expect(text).toContain('BÁO CÁO THỐNG KÊ BỘ PHẬN MỘT CỬA');
      expect(text).toContain('từ ngày 01/10/2026 đến ngày 31/10/2026');
      expect(text).toContain('Giải quyết đúng hạn');
      expect(text).toContain('Theo thủ tục');
      expect((await core.call('audit.list', {})).filter((a) => a.action === 'export' && a.entity === 'stats')).toHaveLength(2);
    } finally {
      db.close();
      await core.close();
    }
  });
});
