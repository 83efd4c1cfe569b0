import type { Migration } from './index';
import { DEFAULT_OFFICE_HOURS, SHIPPED_CALENDAR } from '../../../shared/domain/calendar';

// The working calendar as data (issue 17, one-stop-rules.md §5): dated rows that make a weekday a
// day off or a weekend day a working day, each with its name and legal basis, and the office's
// shifts per weekday. Seeded with the shipped 2025 and 2026 civil-service calendars and the default
// shifts (07:30–11:30, 13:00–17:00, Monday to Friday). Years without rows are computed and flagged.
export const migration010: Migration = {
  version: 10,
  name: 'calendar',
  up(db) {
    db.exec(`
      CREATE TABLE calendar_days (
        date TEXT PRIMARY KEY CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
        kind TEXT NOT NULL CHECK (kind IN ('off', 'work')),
        name TEXT NOT NULL,
        basis TEXT NOT NULL DEFAULT '',
        confirmed INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),
        updated_at TEXT NOT NULL
      );
      CREATE TABLE office_shifts (
        weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
        seq INTEGER NOT NULL,
        start TEXT NOT NULL,
        end TEXT NOT NULL,
        PRIMARY KEY (weekday, seq)
      );
    `);
    const at = new Date().toISOString();
    const day = db.prepare('INSERT INTO calendar_days (date, kind, name, basis, confirmed, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
    for (const d of SHIPPED_CALENDAR) day.run(d.date, d.kind, d.name, d.basis, d.confirmed ? 1 : 0, at);
    const shift = db.prepare('INSERT INTO office_shifts (weekday, seq, start, end) VALUES (?, ?, ?, ?)');
    DEFAULT_OFFICE_HOURS.forEach((shifts, weekday) => shifts.forEach((s, i) => shift.run(weekday, i, s.start, s.end)));
  },
};
