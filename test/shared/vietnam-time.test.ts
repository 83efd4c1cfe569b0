import { describe, expect, it } from 'vitest';
import {
  addLocalDays,
  formatLocalDay,
  formatVietnamDate,
  formatVietnamDateTime,
  formatVietnamTime,
  isLocalDay,
  localDayAt,
  localDayEnd,
  localDayStart,
  localWeekday,
  parseLocalDay,
  toLocalDay,
  toVietnamIso,
  vietnamDateParts,
  vietnamParts,
} from '../../shared/domain/vietnam-time';

describe('Vietnam time (UTC+7, no daylight saving)', () => {
  it('turns an instant into Vietnamese date and clock, whatever the machine zone', () => {
    // 20:30 UTC on the 22nd is 03:30 on the 23rd in Vietnam.
    expect(vietnamParts('2026-11-22T20:30:15Z')).toEqual({ year: 2026, month: 11, day: 23, hour: 3, minute: 30, second: 15, weekday: 1 });
    expect(vietnamDateParts(new Date('2026-01-01T16:59:00Z'))).toEqual({ yyyy: '2026', yy: '26', mm: '01', dd: '01', hh: '23', mi: '59' });
    expect(toLocalDay(new Date('2026-11-22T16:59:59.999Z'))).toBe('2026-11-22');
    expect(toLocalDay(new Date('2026-11-22T17:00:00Z'))).toBe('2026-11-23');
    expect(toLocalDay(Date.parse('2026-12-31T17:00:00Z'))).toBe('2027-01-01');
  });

  it('gives the start and end of a local day as instants', () => {
    expect(new Date(localDayStart('2026-11-23')).toISOString()).toBe('2026-11-22T17:00:00.000Z');
    expect(localDayEnd('2026-11-23')).toBe(Date.parse('2026-11-24T00:00:00+07:00'));
    expect(new Date(localDayAt('2026-11-05', 17)).toISOString()).toBe('2026-11-05T10:00:00.000Z');
    expect(localDayAt('2026-11-05', 7, 30)).toBe(Date.parse('2026-11-05T07:30:00+07:00'));
  });

  it('formats as papers write it', () => {
    expect(formatVietnamDate('2026-11-22T17:05:00Z')).toBe('23/11/2026');
    expect(formatVietnamTime('2026-11-22T17:05:09Z')).toBe('00:05');
    expect(formatVietnamTime('2026-11-22T17:05:09Z', { seconds: true })).toBe('00:05:09');
    expect(formatVietnamDateTime('2026-11-23T02:15:00Z')).toBe('23/11/2026 09:15');
    expect(formatLocalDay('2026-02-03')).toBe('03/02/2026');
    expect(toVietnamIso(new Date('2026-11-05T10:00:00.123Z'))).toBe('2026-11-05T17:00:00+07:00');
  });

  it('parses and checks local days', () => {
    expect(parseLocalDay('2026-11-23')).toBe('2026-11-23');
    expect(parseLocalDay(' 3/2/2026 ')).toBe('2026-02-03');
    expect(parseLocalDay('29/02/2026')).toBeNull();
    expect(parseLocalDay('2026-13-01')).toBeNull();
    expect(parseLocalDay('hôm nay')).toBeNull();
    expect(isLocalDay('2028-02-29')).toBe(true);
    expect(isLocalDay('2026-2-3')).toBe(false);
  });

  it('steps through calendar days', () => {
    expect(addLocalDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addLocalDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(localWeekday('2026-11-23')).toBe(1);
  });
});
