import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/data/migrations';
import { SHIPPED_CALENDAR } from '../../../../shared/domain/calendar';
import { seededDatabase } from './seed';

describe('migration 010 (calendar)', () => {
  it('seeds the shipped 2025–2026 calendar and the default shifts, and keeps the data', () => {
    const db = seededDatabase(9);
    expect(migrate(db, 10)).toBe(10);
    expect(db.prepare('SELECT count(*) AS n FROM calendar_days').get()).toEqual({ n: SHIPPED_CALENDAR.length });
    expect(db.prepare("SELECT kind, confirmed FROM calendar_days WHERE date = '2026-11-24'").get()).toEqual({ kind: 'off', confirmed: 0 });
    expect(db.prepare("SELECT kind, confirmed FROM calendar_days WHERE date = '2026-01-10'").get()).toEqual({ kind: 'work', confirmed: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM office_shifts').get()).toEqual({ n: 10 });
    expect(db.prepare('SELECT code FROM dossiers').get()).toEqual({ code: 'U-260101-0001' });
    expect(() => db.prepare("INSERT INTO calendar_days (date, kind, name, updated_at) VALUES ('2027-01-01', 'holiday', 'x', 't')").run()).toThrow(/CHECK/);
  });
});
