import { describe, expect, it } from 'vitest';
// @ts-expect-error lunar-javascript ships no types
import { Lunar } from 'lunar-javascript';
import { hungKingsDay, lunarToSolar, tetDay } from '../../shared/domain/calendar-lunar';
import { computedCalendarYear, officeHoursProblem, parseCalendarJson, SHIPPED_CALENDAR, toCalendarJson, toICalendar, DEFAULT_OFFICE_HOURS } from '../../shared/domain/calendar';

describe('the lunar calendar in UTC+7', () => {
  it('gives the notices’ Tết and Giỗ Tổ for 2025 and 2026', () => {
    expect(tetDay(2025)).toBe('2025-01-29'); // 27–31/01/2025 off: 28–29 Tết and mùng 1–3
    expect(tetDay(2026)).toBe('2026-02-17'); // 16–20/02/2026 off: 29 Tết and mùng 1–4
    expect(hungKingsDay(2025)).toBe('2025-04-07');
    expect(hungKingsDay(2026)).toBe('2026-04-26'); // a Sunday: 27/04 off
    expect(lunarToSolar(1, 1, 2026, true)).toBeNull();
  });

  it('agrees with lunar-javascript (UTC+8) except where the time zone moves a new moon', () => {
    const differ: number[] = [];
    for (let y = 2000; y <= 2060; y++) {
      const tet = Lunar.fromYmd(y, 1, 1).getSolar().toYmd();
      const gioTo = Lunar.fromYmd(y, 3, 10).getSolar().toYmd();
      if (tet !== tetDay(y) || gioTo !== hungKingsDay(y)) differ.push(y);
    }
    // 2007 and 2030: Vietnam's Tết is a day before China's (known); 2009, 2037, 2038, 2053: the 3rd
    // month begins a day earlier in UTC+7. Every difference is one day earlier in Vietnam.
    expect(differ).toEqual([2007, 2009, 2030, 2037, 2038, 2053]);
    expect(tetDay(2007)).toBe('2007-02-17');
    expect(tetDay(2030)).toBe('2030-02-02');
  });
});

describe('calendar rows', () => {
  it('computes a later year, every row to confirm, the 2026 Tết pattern reproduced', () => {
    const days = computedCalendarYear(2026).filter((d) => d.name.includes('Tết Nguyên đán')).map((d) => d.date);
    expect(days).toEqual(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']);
    const y2027 = computedCalendarYear(2027);
    expect(y2027.every((d) => !d.confirmed && d.basis.includes('cần xác nhận'))).toBe(true);
    expect(y2027.map((d) => d.date)).toEqual(expect.arrayContaining(['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-04-16', '2027-09-02', '2027-09-03']));
    // 1/5/2027 is a Saturday: made up on Monday 3/5.
    expect(y2027.find((d) => d.date === '2027-05-03')?.name).toMatch(/Nghỉ bù/);
  });

  it('round-trips JSON and refuses impossible dates in Vietnamese', () => {
    expect(parseCalendarJson(toCalendarJson(SHIPPED_CALENDAR))).toEqual([...SHIPPED_CALENDAR]);
    expect(() => parseCalendarJson('{"days":[{"date":"2026-02-30","kind":"off","name":"x","basis":"y"}]}')).toThrow(/2026-02-30.*không tồn tại/);
    expect(() => parseCalendarJson('{"days":[{"date":"2026-13-01","kind":"off","name":"x","basis":"y"}]}')).toThrow(/Dòng 1/);
    expect(() => parseCalendarJson('{"days":[{"date":"2026-02-03","kind":"nghi","name":"x","basis":"y"}]}')).toThrow(/loại ngày/);
    expect(() => parseCalendarJson('not json')).toThrow(/JSON/);
  });

  it('exports iCalendar with one all-day event per row', () => {
    const ics = toICalendar(SHIPPED_CALENDAR, '2026-12-06T06:00:00.000Z');
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(SHIPPED_CALENDAR.length);
    expect(ics).toContain('DTSTART;VALUE=DATE:20260216\r\nDTEND;VALUE=DATE:20260217');
    expect(ics).toContain('UID:20260110-work@motcua');
    for (const line of ics.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
  });

  it('checks office hours', () => {
    expect(officeHoursProblem(DEFAULT_OFFICE_HOURS)).toBeNull();
    expect(officeHoursProblem([[], [{ start: '13:00', end: '11:00' }], [], [], [], [], []])).toMatch(/kết thúc trước/);
    expect(officeHoursProblem([[], [], [], [], [], [], []])).toMatch(/ít nhất một ca/);
  });
});
