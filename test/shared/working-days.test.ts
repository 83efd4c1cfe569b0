import { describe, expect, it } from 'vitest';
import { addWorkingDays, dueInstant, toLocalDay } from '../../shared/domain/working-days';

describe('working days', () => {
  it('skips weekends', () => {
    // Friday 2026-11-20 + 3 working days = Wednesday 2026-11-25
    expect(addWorkingDays('2026-11-20', 3)).toBe('2026-11-25');
  });
  it('skips holidays and counts a Saturday worked in exchange', () => {
    const ex = [
      { date: '2025-05-02', kind: 'off' as const },
      { date: '2025-04-26', kind: 'work' as const },
    ];
    // Friday 25 April 2025 + 1 → Saturday 26 (worked), + 2 → Monday 28, + 3 → Tuesday 29
    expect(addWorkingDays('2025-04-25', 1, ex)).toBe('2025-04-26');
    expect(addWorkingDays('2025-04-25', 3, ex)).toBe('2025-04-29');
  });
  it('uses the local day in Vietnam and ends at 17:00 local', () => {
    expect(toLocalDay(new Date('2026-11-22T20:00:00Z'))).toBe('2026-11-23');
    expect(dueInstant(new Date('2026-11-23T02:00:00Z'), 1)).toBe('2026-11-24T10:00:00.000Z');
  });
});
