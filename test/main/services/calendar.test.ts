import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readyCore, SAMPLE_APPLICANT, SAMPLE_PROCEDURE } from '../../helpers/core';

const components = [{ name: 'Tờ khai', required: true, copies: 1, received: true }];

describe('calendar service and due moments at the desk', () => {
  it('a dossier received the Friday before Tết 2026 with 5 working days is due after Tết, on the dossier and on the receipt', async () => {
    const { core } = await readyCore({ now: () => new Date('2026-02-13T10:30:00+07:00') });
    try {
      const procedure = await core.call('procedures.upsert', { ...SAMPLE_PROCEDURE, code: '1.000001', processingDays: 5 });
      const d = await core.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components });
      // Sat 14, Sun 15 weekend; 16–20/02 Tết; 21–22 weekend; Mon 23 … Fri 27 = 5 working days, 17:00.
      expect(d.dueAt).toBe('2026-02-27T10:00:00.000Z');
      const r = await core.call('dossiers.receipt', { id: d.id });
      const file = await core.resolveFile('receipt', r.fileId);
      const text = execFileSync('pdftotext', ['-layout', file!.path, '-'], { encoding: 'utf8' });
      expect(text).toContain('17 giờ 00 phút, ngày 27/02/2026');
    } finally {
      await core.close();
    }
  });

  it('imports, exports and edits the calendar; a file with impossible dates changes nothing', async () => {
    const { core, procedure } = await readyCore({ now: () => new Date('2026-12-01T09:00:00+07:00') });
    try {
      const before = await core.call('calendar.get', {});
      expect(before.knownYears).toEqual([2025, 2026]);
      const bad = JSON.stringify({ days: [{ date: '2027-01-01', kind: 'off', name: 'Tết Dương lịch', basis: 'x', confirmed: true }, { date: '2027-02-30', kind: 'off', name: 'Tết', basis: 'x', confirmed: true }] });
      const refused = await core.dispatch('calendar.import', { text: bad });
      expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect(JSON.stringify(refused)).toMatch(/Dòng 2.*2027-02-30.*không tồn tại/);
      expect(await core.call('calendar.get', {})).toEqual(before);

      // A 2027 calendar from the computed proposal, confirmed by the administrator.
      const proposal = await core.call('calendar.propose', { year: 2027 });
      expect(proposal.every((d) => !d.confirmed)).toBe(true);
      const preview = await core.call('calendar.due', { receivedAt: '2027-02-04T10:00:00+07:00', days: 1 });
      expect(preview.note).toMatch(/2027.*cần xác nhận theo thông báo của năm/);
      await core.call('calendar.saveYear', { year: 2027, days: proposal.map((d) => ({ ...d, confirmed: true })) });
      const confirmed = await core.call('calendar.due', { receivedAt: '2027-02-04T10:00:00+07:00', days: 1 });
      expect(confirmed).toMatchObject({ dueAt: '2027-02-12T10:00:00.000Z', note: null });
      expect(await core.dispatch('calendar.saveYear', { year: 2027, days: [{ ...proposal[0]!, date: '2028-01-03' }] })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });

      const json = await core.call('calendar.export', { format: 'json' });
      expect(JSON.parse(json.text).days.some((d: { date: string }) => d.date === '2027-02-05')).toBe(true);
      const ics = await core.call('calendar.export', { format: 'ics' });
      expect(ics.text).toContain('DTSTART;VALUE=DATE:20260216');
      // The exported file imports back unchanged.
      await core.call('calendar.import', { text: json.text });
      expect((await core.call('calendar.get', {})).days).toEqual(JSON.parse(json.text).days);

      // Office hours: closing at 16:30 on weekdays gives the due time to the minute.
      const hours = [[], ...Array.from({ length: 5 }, () => [{ start: '07:00', end: '11:00' }, { start: '12:30', end: '16:30' }]), []];
      await core.call('calendar.setOfficeHours', { officeHours: hours });
      const d = await core.call('dossiers.create', { procedureId: procedure.id, applicant: SAMPLE_APPLICANT, components });
      // Tue 01/12/2026 + 3 working days = Fri 04/12, 16:30.
      expect(d.dueAt).toBe('2026-12-04T09:30:00.000Z');
      const badHours = await core.dispatch('calendar.setOfficeHours', { officeHours: [[], [{ start: '11:00', end: '09:00' }], [], [], [], [], []] });
      expect(badHours).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      const log = await core.call('audit.list', { limit: 20 });
      expect(log.map((e) => e.action)).toEqual(expect.arrayContaining(['calendar.import', 'calendar.saveYear', 'calendar.officeHours']));
    } finally {
      await core.close();
    }
  });
});
