import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SHIPPED_CALENDAR, WorkCalendar, type CalendarDay } from '../../shared/domain/calendar';
import { dueMoment, type DueRule } from '../../shared/domain/due-moment';
import { addLocalDays, localWeekday, toLocalDay, toVietnamIso } from '../../shared/domain/vietnam-time';

const cal = new WorkCalendar();
const due = (received: string, rule: DueRule, c = cal) => {
  const r = dueMoment(received, rule, c);
  return r.dueAt ? toVietnamIso(r.dueAt) : null;
};

// The notices, typed in again here (not read from SHIPPED_CALENDAR), one-stop-rules.md §5.
const OFF_2025 = ['2025-01-01', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-04-07', '2025-04-30', '2025-05-01', '2025-05-02', '2025-09-01', '2025-09-02'];
const OFF_2026 = ['2026-01-01', '2026-01-02', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-04-27', '2026-04-30', '2026-05-01', '2026-08-31', '2026-09-01', '2026-09-02', '2026-11-24'];
const WORKED_SATURDAYS = ['2025-04-26', '2026-01-10', '2026-08-22'];

describe('the shipped 2025 and 2026 calendars', () => {
  it('knows every day of both years: the notices’ days off, the worked Saturdays, weekends otherwise', () => {
    const off = new Set([...OFF_2025, ...OFF_2026]);
    const worked = new Set(WORKED_SATURDAYS);
    for (let d = '2025-01-01'; d <= '2026-12-31'; d = addLocalDays(d, 1)) {
      const w = localWeekday(d);
      const expected = worked.has(d) || (!off.has(d) && w !== 0 && w !== 6);
      expect(cal.isWorkingDay(d), d).toBe(expected);
    }
    for (const d of SHIPPED_CALENDAR) {
      expect(d.name, d.date).not.toBe('');
      expect(d.basis, d.date).not.toBe('');
    }
  });

  it('flags 24/11/2026 as from a secondary source, and no other shipped row', () => {
    expect(SHIPPED_CALENDAR.filter((d) => !d.confirmed).map((d) => d.date)).toEqual(['2026-11-24']);
    const r = dueMoment('2026-11-23T10:00:00+07:00', { days: 1 }, cal);
    expect(toVietnamIso(r.dueAt!)).toBe('2026-11-25T17:00:00+07:00');
    expect(r.note).toContain('24/11/2026');
    expect(dueMoment('2026-11-16T10:00:00+07:00', { days: 1 }, cal).note).toBeNull();
  });

  it('never counts a holiday: a dossier received the working day before each day off, 1 day, is due after it', () => {
    for (const holiday of [...OFF_2025, ...OFF_2026]) {
      if ([0, 6].includes(localWeekday(holiday))) continue;
      let before = addLocalDays(holiday, -1);
      while (!cal.isWorkingDay(before)) before = addLocalDays(before, -1);
      const d = due(`${before}T09:00:00+07:00`, { days: 1 })!;
      expect(d.slice(0, 10) > holiday, `${holiday}: ${d}`).toBe(true);
      expect(cal.isWorkingDay(d.slice(0, 10))).toBe(true);
      expect(d.slice(11)).toBe('17:00:00+07:00');
    }
  });
});

describe('dueMoment', () => {
  it('Friday before Tết 2026, 5 working days: due Friday 27/02/2026 17:00', () => {
    // Received Fri 13/02/2026 10:30. Day 0 is the receipt day; counting starts the day after:
    // Sat 14 and Sun 15 are the weekend, Mon 16 – Fri 20/02 are Tết (Notice 9441/TB-BNV),
    // Sat 21 and Sun 22 the weekend; Mon 23 = 1, Tue 24 = 2, Wed 25 = 3, Thu 26 = 4, Fri 27 = 5.
    // The period ends at the close of the last shift: 17:00.
    expect(due('2026-02-13T10:30:00+07:00', { days: 5 })).toBe('2026-02-27T17:00:00+07:00');
  });

  it('Tết 2025 and the 30/4–1/5 swap of 2025', () => {
    // Fri 24/01/2025 + 1: Mon 27 – Fri 31/01 Tết → Mon 03/02.
    expect(due('2025-01-24T08:00:00+07:00', { days: 1 })).toBe('2025-02-03T17:00:00+07:00');
    // Fri 25/04/2025: Sat 26 worked (1), Mon 28 (2), Tue 29 (3); 30/4, 1/5, 2/5 off → Mon 05/05 (4).
    expect(due('2025-04-25T10:00:00+07:00', { days: 1 })).toBe('2025-04-26T17:00:00+07:00');
    expect(due('2025-04-25T10:00:00+07:00', { days: 3 })).toBe('2025-04-29T17:00:00+07:00');
    expect(due('2025-04-25T10:00:00+07:00', { days: 4 })).toBe('2025-05-05T17:00:00+07:00');
  });

  it('the worked Saturdays of 2026 count as working days', () => {
    expect(due('2026-01-09T10:00:00+07:00', { days: 1 })).toBe('2026-01-10T17:00:00+07:00');
    expect(due('2026-08-21T10:00:00+07:00', { days: 1 })).toBe('2026-08-22T17:00:00+07:00');
    // 22/8 worked, 31/8 – 2/9 off: Fri 28/8 + 1 → Thu 03/09.
    expect(due('2026-08-28T10:00:00+07:00', { days: 1 })).toBe('2026-09-03T17:00:00+07:00');
    // 1/1 and the swapped 2/1 off, Sat 10/1 worked: Wed 31/12/2025 + 1 → Mon 05/01/2026.
    expect(due('2025-12-31T10:00:00+07:00', { days: 1 })).toBe('2026-01-05T17:00:00+07:00');
  });

  it('N = 0 is the same working day; after closing or on a day off, the next working day', () => {
    expect(due('2026-02-13T10:30:00+07:00', { days: 0 })).toBe('2026-02-13T17:00:00+07:00');
    expect(due('2026-02-13T17:30:00+07:00', { days: 0 })).toBe('2026-02-23T17:00:00+07:00');
    expect(due('2026-01-10T09:00:00+07:00', { days: 0 })).toBe('2026-01-10T17:00:00+07:00');
    expect(due('2026-01-11T09:00:00+07:00', { days: 0 })).toBe('2026-01-12T17:00:00+07:00');
  });

  it('the per-procedure 15:00 rule: after 15:00 the next working day is day 0', () => {
    expect(due('2026-02-12T15:30:00+07:00', { days: 1 })).toBe('2026-02-13T17:00:00+07:00');
    expect(due('2026-02-12T15:30:00+07:00', { days: 1, after15hRule: true })).toBe('2026-02-23T17:00:00+07:00');
    expect(due('2026-02-12T15:00:00+07:00', { days: 1, after15hRule: true })).toBe('2026-02-13T17:00:00+07:00');
    expect(due('2026-02-12T15:30:00+07:00', { days: 0, after15hRule: true })).toBe('2026-02-13T17:00:00+07:00');
    // A receipt on a day off under the rule counts from the next working day too.
    expect(due('2026-02-14T09:00:00+07:00', { days: 1, after15hRule: true })).toBe('2026-02-24T17:00:00+07:00');
  });

  it('working hours are consumed across the shifts, to the minute', () => {
    // Mon 23/02 10:30: 1 h to 11:30, 4 h 13:00–17:00, then Tue 07:30 + 3 h = 10:30.
    expect(due('2026-02-23T10:30:00+07:00', { days: 0, hours: 8 })).toBe('2026-02-24T10:30:00+07:00');
    // At lunch the clock starts at 13:00; before opening, at 07:30.
    expect(due('2026-02-23T12:10:00+07:00', { days: 0, hours: 2 })).toBe('2026-02-23T15:00:00+07:00');
    expect(due('2026-02-23T06:00:00+07:00', { days: 0, hours: 4 })).toBe('2026-02-23T11:30:00+07:00');
    // Friday before Tết, 4 h at 16:00: 1 h on Friday, 3 h after Tết.
    expect(due('2026-02-13T16:00:00+07:00', { days: 0, hours: 4 })).toBe('2026-02-23T10:30:00+07:00');
    expect(due('2026-02-23T10:30:20+07:00', { days: 0, hours: 1.5 })).toBe('2026-02-23T13:31:00+07:00');
  });

  it('uses the office’s shifts per weekday', () => {
    const hours = [[], ...Array.from({ length: 5 }, () => [{ start: '08:00', end: '12:00' }, { start: '13:30', end: '17:30' }]), [{ start: '08:00', end: '11:00' }]];
    const c = new WorkCalendar(SHIPPED_CALENDAR, hours);
    expect(due('2026-03-02T10:00:00+07:00', { days: 1 }, c)).toBe('2026-03-03T17:30:00+07:00');
    // Saturday morning is open at this office.
    expect(due('2026-03-06T10:00:00+07:00', { days: 1 }, c)).toBe('2026-03-07T11:00:00+07:00');
  });

  it('pause, resume, restart and an apology’s new date', () => {
    const rule = { days: 5 };
    const received = '2026-03-02T08:00:00+07:00';
    expect(due(received, rule)).toBe('2026-03-09T17:00:00+07:00');
    const pause = { kind: 'pause' as const, at: '2026-03-03T09:00:00+07:00' };
    const paused = dueMoment(received, rule, cal, [pause]);
    expect(paused.dueAt).toBeNull();
    expect(paused.pausedSince).toBe('2026-03-03T02:00:00.000Z');
    // Paused Tue 09:00 → Thu 09:00: 2.5 + 4 + 8 + 1.5 = 16 working hours = two working days.
    const resumed = dueMoment(received, rule, cal, [pause, { kind: 'resume', at: '2026-03-05T09:00:00+07:00' }]);
    expect(toVietnamIso(resumed.dueAt!)).toBe('2026-03-11T17:00:00+07:00');
    // Paused over a weekend evening only: no working time, the due moment does not move.
    const weekend = dueMoment(received, rule, cal, [{ kind: 'pause', at: '2026-03-06T17:30:00+07:00' }, { kind: 'resume', at: '2026-03-09T07:00:00+07:00' }]);
    expect(toVietnamIso(weekend.dueAt!)).toBe('2026-03-09T17:00:00+07:00');
    // Paused 1 h: the due moment moves 1 working hour past 17:00, to 08:30 the next working day.
    const hour = dueMoment(received, rule, cal, [{ kind: 'pause', at: '2026-03-04T10:00:00+07:00' }, { kind: 'resume', at: '2026-03-04T11:00:00+07:00' }]);
    expect(toVietnamIso(hour.dueAt!)).toBe('2026-03-10T08:30:00+07:00');
    // Restart: the full five days again from the restart.
    const restarted = dueMoment(received, rule, cal, [pause, { kind: 'restart', at: '2026-03-10T09:00:00+07:00' }]);
    expect(toVietnamIso(restarted.dueAt!)).toBe('2026-03-17T17:00:00+07:00');
    // Apology with a new date on Sunday 26/04/2026: Mon 27/04 is off (Giỗ Tổ) → end of Tue 28/04.
    const apology = dueMoment(received, rule, cal, [{ kind: 'apology', at: '2026-03-09T16:00:00+07:00', newDue: '2026-04-26' }]);
    expect(toVietnamIso(apology.dueAt!)).toBe('2026-04-28T17:00:00+07:00');
  });

  it('computes and flags a year the calendar does not know', () => {
    const r = dueMoment('2027-02-04T10:00:00+07:00', { days: 1 }, cal);
    // Tết 2027: mùng 1 is Sat 06/02; computed days off 05/02 and 08–11/02 (weekend made up).
    expect(toVietnamIso(r.dueAt!)).toBe('2027-02-12T17:00:00+07:00');
    expect(r.toConfirm.years).toEqual([2027]);
    expect(r.note).toContain('cần xác nhận theo thông báo của năm');
    expect(dueMoment('2026-03-02T08:00:00+07:00', { days: 5 }, cal).note).toBeNull();
  });

  it('refuses negative durations in Vietnamese', () => {
    expect(() => dueMoment('2026-03-02T08:00:00+07:00', { days: -1 }, cal)).toThrow(/không âm/);
    expect(() => dueMoment('2026-03-02T08:00:00+07:00', { days: 0, hours: -2 }, cal)).toThrow(/không âm/);
  });
});

describe('dueMoment properties', () => {
  // Receipts from 2025 to 2028, to the minute: shipped years and computed ones.
  const FROM = Date.parse('2025-01-01T00:00:00+07:00');
  const TO = Date.parse('2028-12-31T00:00:00+07:00');
  const receipt = fc.integer({ min: FROM / 60_000, max: TO / 60_000 }).map((m) => new Date(m * 60_000));
  const rule = fc.record({ days: fc.integer({ min: 0, max: 30 }), after15hRule: fc.boolean(), hours: fc.option(fc.integer({ min: 0, max: 80 }), { nil: undefined }) });

  it('a due moment is never on a day off and never before the receipt', () => {
    fc.assert(
      fc.property(receipt, rule, (at, r) => {
        const d = Date.parse(dueMoment(at, r, cal).dueAt!);
        expect(d).toBeGreaterThanOrEqual(at.getTime());
        expect(cal.isWorkingDay(toLocalDay(d))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('adding a day off before the due date moves it by exactly one working day', () => {
    fc.assert(
      fc.property(receipt, fc.integer({ min: 1, max: 30 }), fc.nat(), (at, days, pick) => {
        const dueDay = toLocalDay(dueMoment(at, { days }, cal).dueAt!);
        const candidates: string[] = [];
        for (let d = addLocalDays(toLocalDay(at), 1); d <= dueDay; d = addLocalDays(d, 1)) if (cal.isWorkingDay(d)) candidates.push(d);
        const extra = candidates[pick % candidates.length]!;
        const rows: CalendarDay[] = [...SHIPPED_CALENDAR, { date: extra, kind: 'off', name: 'Nghỉ thêm', basis: 'thử', confirmed: true }];
        const year = Number(extra.slice(0, 4));
        // A year the shipped calendar does not know: keep its computed rows beside the added one.
        if (!cal.isKnownYear(year)) for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addLocalDays(d, 1)) { const r = cal.row(d); if (r && d !== extra) rows.push(r); }
        const withExtra = new WorkCalendar(rows);
        const moved = toLocalDay(dueMoment(at, { days }, withExtra).dueAt!);
        expect(moved).toBe(withExtra.nextWorkingDay(dueDay, false));
      }),
      { numRuns: 200 },
    );
  });
});
