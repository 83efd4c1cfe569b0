// Working-day arithmetic for due dates. This is the simple form (whole days, Monday–Friday, a list
// of dated exceptions); the shift-based due moment of provincial systems builds on it later.
// Dates are local (UTC+7) calendar days written YYYY-MM-DD.

export interface CalendarException {
  date: string;
  /** 'off' = holiday on a weekday; 'work' = a Saturday/Sunday worked in exchange. */
  kind: 'off' | 'work';
}

export function toLocalDay(at: Date): string {
  const local = new Date(at.getTime() + 7 * 3600_000);
  return local.toISOString().slice(0, 10);
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function isWorkingDay(day: string, exceptions: ReadonlyMap<string, 'off' | 'work'>): boolean {
  const ex = exceptions.get(day);
  if (ex) return ex === 'work';
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
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
    day = addDays(day, 1);
    if (isWorkingDay(day, map)) left -= 1;
  }
  return day;
}

/** Due moment: end of the working day (17:00 local) on the due day, as an ISO instant. */
export function dueInstant(receivedAt: Date, days: number, exceptions: readonly CalendarException[] = []): string {
  const day = addWorkingDays(toLocalDay(receivedAt), days, exceptions);
  return new Date(`${day}T17:00:00+07:00`).toISOString();
}
