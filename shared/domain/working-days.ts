// Working-day arithmetic for due dates. This is the simple form (whole days, Monday–Friday, a list
// of dated exceptions); the shift-based due moment of provincial systems builds on it later.
// Dates are local (UTC+7) calendar days written YYYY-MM-DD; conversions are in ./vietnam-time.
import { addLocalDays, localDayAt, localWeekday, toLocalDay } from './vietnam-time';

export interface CalendarException {
  date: string;
  /** 'off' = holiday on a weekday; 'work' = a Saturday/Sunday worked in exchange. */
  kind: 'off' | 'work';
}

/** The local day of an instant: from ./vietnam-time, re-exported for existing callers. */
export { toLocalDay };

export function isWorkingDay(day: string, exceptions: ReadonlyMap<string, 'off' | 'work'>): boolean {
  const ex = exceptions.get(day);
  if (ex) return ex === 'work';
  const weekday = localWeekday(day);
  return weekday !== 0 && weekday !== 6;
}

/**
 * The local day on which a dossier received on `receivedDay` is due after `days` working days.
 * The day of receipt does not count; 0 days means the same day.
 */
export function addWorkingDays(receivedDay: string, days: number, exceptions: readonly CalendarException[] = []): string {
  const map = new Map(exceptions.map((e) => [e.date, e.kind] as const));
  let day = receivedDay;
  let left = Math.ceil(days);
  while (left > 0) {
    day = addLocalDays(day, 1);
    if (isWorkingDay(day, map)) left -= 1;
  }
  return day;
}

/** Due moment: end of the working day (17:00 local) on the due day, as an ISO instant. */
export function dueInstant(receivedAt: Date, days: number, exceptions: readonly CalendarException[] = []): string {
  const day = addWorkingDays(toLocalDay(receivedAt), days, exceptions);
  return new Date(localDayAt(day, 17)).toISOString();
}
