import type { Db } from '../database';
import type { CalendarDay, OfficeHours } from '../../../shared/domain/calendar';

interface DayRow {
  date: string;
  kind: 'off' | 'work';
  name: string;
  basis: string;
  confirmed: number;
}

/** The working calendar's rows and the office's shifts (migration 010). */
export class CalendarRepo {
  constructor(private readonly db: Db) {}

  days(): CalendarDay[] {
    return (this.db.prepare('SELECT date, kind, name, basis, confirmed FROM calendar_days ORDER BY date').all() as DayRow[]).map((r) => ({
      date: r.date,
      kind: r.kind,
      name: r.name,
      basis: r.basis,
      confirmed: r.confirmed === 1,
    }));
  }

  /** Replaces every row of the given years by `rows` (call inside a transaction). */
  replaceYears(years: readonly number[], rows: readonly CalendarDay[], at: string): void {
    const del = this.db.prepare("DELETE FROM calendar_days WHERE substr(date, 1, 4) = ?");
    for (const y of years) del.run(String(y).padStart(4, '0'));
    const ins = this.db.prepare('INSERT INTO calendar_days (date, kind, name, basis, confirmed, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
    for (const d of rows) ins.run(d.date, d.kind, d.name, d.basis, d.confirmed ? 1 : 0, at);
  }

  /** Shifts per weekday; null when none are stored (the defaults apply). */
  officeHours(): OfficeHours | null {
    const rows = this.db.prepare('SELECT weekday, start, end FROM office_shifts ORDER BY weekday, seq').all() as { weekday: number; start: string; end: string }[];
    if (!rows.length) return null;
    const out: OfficeHours = [[], [], [], [], [], [], []];
    for (const r of rows) out[r.weekday]!.push({ start: r.start, end: r.end });
    return out;
  }

  setOfficeHours(hours: OfficeHours): void {
    this.db.prepare('DELETE FROM office_shifts').run();
    const ins = this.db.prepare('INSERT INTO office_shifts (weekday, seq, start, end) VALUES (?, ?, ?, ?)');
    hours.forEach((shifts, weekday) => shifts.forEach((s, i) => ins.run(weekday, i, s.start, s.end)));
  }
}
