import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { readyCore, SAMPLE_APPLICANT, type TestCore } from '../../helpers/core';

/** A clock the test moves (Vietnam time). */
function clock(start: string) {
  let now = new Date(start);
  return { now: () => now, set: (at: string) => (now = new Date(at)) };
}

async function setup(start = '2026-02-13T10:30:00+07:00') {
  const c = clock(start);
  const { core } = await readyCore({ now: c.now, idleLockMinutes: 0 });
  const procedure = await core.call('procedures.upsert', { code: '1.004227', name: 'Cấp bản sao trích lục hộ tịch', field: 'Hộ tịch', processingDays: 5, fullyOnline: false, resultIsPaper: true, feeBearing: true, components: [{ name: 'Tờ khai', required: true, copies: 1 }] });
  const receive = () =>
    core.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components: [{ name: 'Tờ khai', required: true, copies: 1, received: true }] });
  return { core, clock: c, receive };
}

const pdfText = async (core: TestCore, fileId: string) => execFileSync('pdftotext', ['-layout', (await core.resolveFile('receipt', fileId))!.path, '-'], { encoding: 'utf8' });

async function tinyPdf(): Promise<string> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]);
  return Buffer.from(await doc.save()).toString('base64');
}

describe('dossier lifecycle', () => {
  it('received the Friday before Tết 2026: the supplement pause moves the due moment by exactly the working time paused; the original appointment stays', async () => {
    const { core, clock, receive } = await setup();
    try {
      const d = await receive();
      // 5 working days after Fri 13/02 skip the weekend, Tết (16–20/02) and the next weekend: Fri 27/02, 17:00.
      expect(d.dueAt).toBe(new Date('2026-02-27T17:00:00+07:00').toISOString());
      expect(d.currentDueAt).toBe(d.dueAt);
      clock.set('2026-02-13T11:00:00+07:00');
      await core.call('dossiers.act', { id: d.id, action: { kind: 'process', note: 'Chuyển phòng Tư pháp' } });
      clock.set('2026-02-13T14:00:00+07:00');
      const paused = await core.call('dossiers.act', { id: d.id, action: { kind: 'requestSupplement', papers: ['Bản sao Giấy khai sinh', 'Giấy ủy quyền'], reason: 'Thiếu giấy tờ chứng minh quan hệ' } });
      expect(paused).toMatchObject({ status: 5, currentDueAt: null, pausedSince: new Date('2026-02-13T14:00:00+07:00').toISOString(), dueAt: d.dueAt });
      expect(paused.events.at(-1)!.detail).toMatchObject({ action: 'requestSupplement', reason: 'Thiếu giấy tờ chứng minh quan hệ' });
      // Form 02 names what is missing and why, in Vietnamese.
      const f02 = await core.call('dossiers.form', { id: d.id, form: '02' });
      const t02 = await pdfText(core, f02.fileId);
      expect(t02).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
      expect(t02).toContain(`Mã hồ sơ: ${d.code}`);
      expect(t02).toContain('1. Bản sao Giấy khai sinh');
      expect(t02).toContain('2. Giấy ủy quyền');
      expect(t02).toContain('Lý do: Thiếu giấy tờ chứng minh quan hệ');
      expect(t02).toContain('14 giờ 00 phút, ngày 13/02/2026');
      // Resumed Mon 23/02 09:00: paused 3 h on Friday + 1.5 h on Monday = 4.5 working hours after Fri 27/02 17:00.
      clock.set('2026-02-23T09:00:00+07:00');
      const resumed = await core.call('dossiers.act', { id: d.id, action: { kind: 'supplementReceived', restart: false, note: '' } });
      expect(resumed).toMatchObject({ status: 4, pausedSince: null, dueAt: d.dueAt, currentDueAt: new Date('2026-03-02T13:30:00+07:00').toISOString() });
      const log = await core.call('audit.list', { limit: 20 });
      expect(log.filter((e) => e.entityId === d.id).map((e) => e.action)).toEqual(expect.arrayContaining(['process', 'requestSupplement', 'supplementReceived', 'form']));
    } finally {
      await core.close();
    }
  });

  it('refuses what the status model forbids, a supplement on a finished dossier, and changes nothing', async () => {
    const { core, clock, receive } = await setup('2026-03-02T08:00:00+07:00');
    try {
      const d = await receive();
      const writes = async () => (await core.call('audit.list', { limit: 500 })).filter((e) => e.action !== 'view').length;
      const auditBefore = await writes();
      const refused = await core.dispatch('dossiers.act', { id: d.id, action: { kind: 'returnResult', note: '' } });
      expect(refused).toMatchObject({ ok: false, error: { code: 'TRANSITION_FORBIDDEN', message: expect.stringContaining('Không thể chuyển hồ sơ từ «Được tiếp nhận» sang «Đã trả kết quả»') } });
      const resumeNothing = await core.dispatch('dossiers.act', { id: d.id, action: { kind: 'supplementReceived', restart: false, note: '' } });
      expect(resumeNothing).toMatchObject({ ok: false, error: { code: 'TRANSITION_FORBIDDEN', message: expect.stringContaining('không chờ bổ sung') } });
      const same = await core.call('dossiers.get', { id: d.id });
      expect(same.events).toHaveLength(1);
      expect(same.status).toBe(2);
      // dossiers.get leaves a "view" entry; nothing else was written.
      expect(await writes()).toBe(auditBefore);

      await core.call('dossiers.act', { id: d.id, action: { kind: 'process', note: '' } });
      clock.set('2026-03-03T10:00:00+07:00');
      // The result: its code and a PDF file, stored and served as the dossier's electronic result.
      const done = await core.call('dossiers.act', { id: d.id, action: { kind: 'resultReceived', resultCode: 'KQ-2026/0123', file: { name: 'ket-qua.pdf', dataBase64: await tinyPdf() }, note: '' } });
      expect(done).toMatchObject({ status: 9, resultCode: 'KQ-2026/0123', endedAt: new Date('2026-03-03T10:00:00+07:00').toISOString() });
      expect(done.resultFile).toMatch(/^[0-9a-f]{64}$/);
      expect(await core.resolveFile('pdf', done.resultFile!)).toMatchObject({ mime: 'application/pdf', name: `${d.code}-ket-qua.pdf` });
      const badFile = await core.dispatch('dossiers.act', { id: d.id, action: { kind: 'resultReceived', resultCode: 'X', file: { name: 'a.txt', dataBase64: Buffer.from('hello').toString('base64') }, note: '' } });
      expect(badFile).toMatchObject({ ok: false });
      const returned = await core.call('dossiers.act', { id: d.id, action: { kind: 'returnResult', note: 'Công dân nhận trực tiếp' } });
      expect(returned).toMatchObject({ status: 10, returnedAt: new Date('2026-03-03T10:00:00+07:00').toISOString() });
      const late = await core.dispatch('dossiers.act', { id: d.id, action: { kind: 'requestSupplement', papers: ['Giấy tờ'], reason: 'Thiếu' } });
      expect(late).toMatchObject({ ok: false, error: { code: 'TRANSITION_FORBIDDEN', message: 'Không thể yêu cầu bổ sung: hồ sơ đã kết thúc («Đã trả kết quả»).' } });
      expect((await core.call('dossiers.get', { id: d.id })).events).toHaveLength(4);
      // Form 05: one row per step, the end judged against the due moment.
      const f05 = await pdfText(core, (await core.call('dossiers.form', { id: d.id, form: '05' })).fileId);
      expect(f05).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
      expect(f05).toContain('Đang xử lý');
      expect(f05).toContain('Trước hạn');
      expect(f05).toContain('KQ-2026/0123');
    } finally {
      await core.close();
    }
  });

  it('an apology sets a new working day as the due moment; a past day or a holiday is refused', async () => {
    const { core, clock, receive } = await setup('2026-02-10T09:00:00+07:00');
    try {
      const d = await receive();
      await core.call('dossiers.act', { id: d.id, action: { kind: 'process', note: '' } });
      clock.set('2026-02-24T09:00:00+07:00');
      const past = await core.dispatch('dossiers.act', { id: d.id, action: { kind: 'apologize', newDue: '2026-02-23', reason: 'Chờ xác minh' } });
      expect(past).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: 'Ngày hẹn lại 23/02/2026 đã qua: chọn một ngày từ hôm nay trở đi.' } });
      const sunday = await core.dispatch('dossiers.act', { id: d.id, action: { kind: 'apologize', newDue: '2026-03-01', reason: 'Chờ xác minh' } });
      expect(sunday).toMatchObject({ ok: false, error: { message: expect.stringContaining('là ngày nghỉ') } });
      const before = await core.call('dossiers.get', { id: d.id });
      expect(before.events).toHaveLength(2);
      const requestId = crypto.randomUUID();
      const input = { id: d.id, requestId, action: { kind: 'apologize' as const, newDue: '2026-03-05', reason: 'Chờ kết quả xác minh của cơ quan khác' } };
      const after = await core.call('dossiers.act', input);
      // A retry with the same request id gets the same answer and writes nothing more.
      expect(await core.call('dossiers.act', input)).toEqual(after);
      expect(after.events).toHaveLength(3);
      expect(after).toMatchObject({ status: 4, dueAt: before.dueAt, currentDueAt: new Date('2026-03-05T17:00:00+07:00').toISOString() });
      expect(after.events.at(-1)).toMatchObject({ status: 4, detail: { kind: 'apology', newDue: '2026-03-05', previousDue: before.currentDueAt } });
      const f04 = await pdfText(core, (await core.call('dossiers.form', { id: d.id, form: '04' })).fileId);
      expect(f04).toContain('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
      expect(f04).toContain('17 giờ 00 phút, ngày 05/03/2026');
      expect(f04.replace(/\s+/g, ' ')).toContain('Lý do: Chờ kết quả xác minh của cơ quan khác');
      const log = await core.call('audit.list', { limit: 50 });
      expect(log.filter((e) => e.action === 'apologize' && e.entityId === d.id)).toHaveLength(1);
      // Form 03 only for a refused dossier.
      expect(await core.dispatch('dossiers.form', { id: d.id, form: '03' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    } finally {
      await core.close();
    }
  });

  it('refusal prints Form 03; dossiers.setStatus goes through the same path and keeps the clock', async () => {
    const { core, clock, receive } = await setup('2026-02-13T10:30:00+07:00');
    try {
      const a = await receive();
      const refused = await core.call('dossiers.act', { id: a.id, action: { kind: 'refuse', reason: 'Thủ tục không thuộc thẩm quyền của xã' } });
      expect(refused).toMatchObject({ status: 3 });
      const f03 = await pdfText(core, (await core.call('dossiers.form', { id: a.id, form: '03' })).fileId);
      expect(f03).toContain('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ');
      expect(f03).toContain('Thủ tục không thuộc thẩm quyền của xã');
      const b = await receive();
      await core.call('dossiers.setStatus', { id: b.id, status: 5, note: 'Thiếu giấy' });
      clock.set('2026-02-23T07:30:00+07:00');
      // Restarted at the desk (5 → 2): the full five days again from Mon 23/02.
      const restarted = await core.call('dossiers.setStatus', { id: b.id, status: 2, note: 'Nhận lại hồ sơ' });
      expect(restarted.currentDueAt).toBe(new Date('2026-03-02T17:00:00+07:00').toISOString());
      expect(restarted.dueAt).toBe(b.dueAt);
    } finally {
      await core.close();
    }
  });

  it('records the index fields, audited; the register (Form 06) as PDF and Excel lists the period’s dossiers', async () => {
    const { core, clock, receive } = await setup('2026-02-12T08:00:00+07:00');
    try {
      const a = await receive();
      clock.set('2026-02-13T10:30:00+07:00');
      const b = await receive();
      clock.set('2026-02-23T08:00:00+07:00');
      await receive(); // outside the period
      const set = await core.call('dossiers.setIndexFields', { id: a.id, fees: [{ name: 'Lệ phí cấp bản sao', amount: 8000 }], paidOnline: 2, complaint: true });
      expect(set).toMatchObject({ fees: [{ name: 'Lệ phí cấp bản sao', amount: 8000 }], paidOnline: 2, complaint: true });
      const bad = await core.dispatch('dossiers.setIndexFields', { id: a.id, fees: [{ name: 'Lệ phí', amount: -5 }], paidOnline: 2, complaint: false });
      expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('fees.0.amount') } });
      expect((await core.call('dossiers.get', { id: a.id })).fees).toEqual([{ name: 'Lệ phí cấp bản sao', amount: 8000 }]);
      const entry = (await core.call('audit.list', { limit: 50 })).find((e) => e.action === 'index-fields')!;
      expect(JSON.parse(entry.detail)).toMatchObject({ after: { paidOnline: 2, complaint: true } });

      const xlsx = await core.call('dossiers.register', { from: '2026-02-12', to: '2026-02-13', format: 'xlsx' });
      expect(xlsx.rows).toBe(2);
      const file = (await core.resolveFile('receipt', xlsx.fileId))!;
      expect(file.mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file.path);
      const ws = wb.worksheets[0]!;
      const values = (r: number) => (ws.getRow(r).values as unknown[]).slice(1);
      expect(values(5)).toEqual(['STT', 'Mã hồ sơ', 'Tên thủ tục', 'Người nộp', 'Ngày nhận', 'Hẹn trả', 'Ngày trả', 'Trạng thái', 'Ghi chú']);
      expect(values(6).slice(0, 8)).toEqual([1, a.code, 'Cấp bản sao trích lục hộ tịch', 'Trần Văn Đức', '12/02/2026 08:00', '26/02/2026 17:00', '', 'Được tiếp nhận']);
      expect(values(7).slice(0, 6)).toEqual([2, b.code, 'Cấp bản sao trích lục hộ tịch', 'Trần Văn Đức', '13/02/2026 10:30', '27/02/2026 17:00']);
      expect(ws.getRow(8).values).toEqual([]);

      const pdf = await core.call('dossiers.register', { from: '2026-02-12', to: '2026-02-13', format: 'pdf' });
      const text = await pdfText(core, pdf.fileId);
      expect(text).toContain('SỔ THEO DÕI HỒ SƠ');
      expect(text).toContain('Hồ sơ tiếp nhận từ ngày 12/02/2026 – 13/02/2026 — 2 hồ sơ');
      expect(text).toContain(b.code);
      const info = execFileSync('pdfinfo', [(await core.resolveFile('receipt', pdf.fileId))!.path], { encoding: 'utf8' });
      expect(info).toMatch(/Page size:\s+841\.89 x 595\.28 pts/);
      const log = await core.call('audit.list', { limit: 50 });
      expect(log.filter((e) => e.action === 'register').map((e) => JSON.parse(e.detail).format).sort()).toEqual(['pdf', 'xlsx']);
    } finally {
      await core.close();
    }
  });
});

describe('dossier fees at reception', () => {
  it('takes the procedure’s fees as charged on the channel: the online amount for an online dossier', async () => {
    const { core } = await readyCore({ now: () => new Date('2026-11-02T09:00:00+07:00') });
    try {
      const p = await core.call('procedures.upsert', {
        code: '1.001193',
        name: 'Đăng ký khai sinh',
        field: 'Hộ tịch',
        processingDays: 0,
        fullyOnline: false,
        resultIsPaper: true,
        feeBearing: true,
        fees: [{ name: 'Lệ phí', amount: 8000, onlineAmount: 4000 }],
        components: [{ name: 'Tờ khai', required: true, copies: 1 }],
      });
      const receive = (channel: 1 | 2) => core.call('dossiers.create', { procedureId: p.id, channel, applicant: SAMPLE_APPLICANT, components: [{ name: 'Tờ khai', required: true, copies: 1, received: true }] });
      expect((await receive(1)).fees).toEqual([{ name: 'Lệ phí', amount: 8000 }]);
      expect((await receive(2)).fees).toEqual([{ name: 'Lệ phí', amount: 4000 }]);
    } finally {
      await core.close();
    }
  });
});
