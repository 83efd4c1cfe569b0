// The due moment of a dossier: the one function everything that shows or prints a due moment uses
// (one-stop-rules.md §5). Pure: the calendar (rows + office shifts) is given, nothing is read.
//
// - Working days: N working days counted from the day after receipt (Civil Code art. 147); the due
//   moment is the end of the last shift of the N-th working day. A period cannot end on a day off
//   (art. 148(5)): counting only working days, it ends at the end of the next working day.
// - N = 0: the same working day (the end of its last shift); received after closing or on a day
//   off, the next working day.
// - The per-procedure 15:00 rule: received after 15:00 (or on a day off), the dossier counts as
//   received on the next working day, which is day 0.
// - Working hours: the hours are consumed across the office's shifts from the receipt (a receipt
//   outside the shifts starts at the next shift), to the minute (rounded up).
// - The clock: pause (supplement requested), resume (the due moment moves by the working time
//   paused), restart (the full duration again from the restart), apology (a new date).
// - Flags: a due moment that depends on a computed year or an unconfirmed row says so.
import { TO_CONFIRM, minutesOf, type CalendarDay, type WorkCalendar } from './calendar';
import { addLocalDays, formatLocalDay, isLocalDay, localDayAt, toLocalDay } from './vietnam-time';

export interface DueRule {
  /** Working days (≥ 0); a fraction counts as a whole day. Ignored when `hours` is set. */
  days: number;
  /** Working hours instead of days (procedures counted in hours). */
  hours?: number | null;
  /** "Received after 15:00 counts from the next working day" (per procedure). */
  after15hRule?: boolean;
}

export type ClockEvent =
  | { kind: 'pause'; at: string }
  | { kind: 'resume'; at: string }
  | { kind: 'restart'; at: string }
  /** Apology with a new date: a local day (yyyy-MM-dd: the end of that working day) or an instant. */
  | { kind: 'apology'; at: string; newDue: string };

export interface DueMoment {
  /** ISO instant; null while the clock is paused. */
  dueAt: string | null;
  pausedSince: string | null;
  /** Computed years and unconfirmed rows between the receipt and the due day. */
  toConfirm: { years: number[]; days: CalendarDay[] };
  /** A Vietnamese note when the due moment is to confirm; null otherwise. */
  note: string | null;
}

const MINUTE = 60_000;
const AFTER_15H_MS = 15 * 3600_000;

interface Interval {
  start: number;
  end: number;
}

function shiftsOf(cal: WorkCalendar, day: string): Interval[] {
  return cal.shifts(day).map((s) => {
    const a = minutesOf(s.start);
    const b = minutesOf(s.end);
    return { start: localDayAt(day, Math.floor(a / 60), a % 60), end: localDayAt(day, Math.floor(b / 60), b % 60) };
  });
}

/** The end of the last shift of a working day. */
function closingOf(cal: WorkCalendar, day: string): number {
  const s = shiftsOf(cal, day);
  return s[s.length - 1]!.end;
}

/** The end of a period whose last day is `day`: the end of that working day, or of the next one if it is a day off. */
export function endOfPeriod(cal: WorkCalendar, day: string): number {
  return closingOf(cal, cal.nextWorkingDay(day));
}

/** Working time (ms) between two instants. */
export function workingTimeBetween(cal: WorkCalendar, from: number, to: number): number {
  let total = 0;
  for (let day = toLocalDay(from); day <= toLocalDay(to); day = addLocalDays(day, 1)) {
    for (const s of shiftsOf(cal, day)) total += Math.max(0, Math.min(s.end, to) - Math.max(s.start, from));
  }
  return total;
}

/** The instant `ms` working milliseconds after `from` (from the next shift when `from` is outside one). */
export function addWorkingTime(cal: WorkCalendar, from: number, ms: number): number {
  if (ms <= 0) return from;
  let left = ms;
  let day = toLocalDay(from);
  for (let guard = 0; guard < 36600; guard++, day = addLocalDays(day, 1)) {
    for (const s of shiftsOf(cal, day)) {
      if (s.end <= from) continue;
      const begin = Math.max(s.start, from);
      if (left <= s.end - begin) return begin + left;
      left -= s.end - begin;
    }
  }
  throw new Error('Không tính được hạn: lịch không có ca làm việc.');
}

/** The first instant at or after `at` inside a shift (a shift's start when `at` is outside office hours). */
export function nextOfficeMoment(cal: WorkCalendar, at: number): number {
  let day = toLocalDay(at);
  for (let guard = 0; guard < 3660; guard++, day = addLocalDays(day, 1)) {
    for (const s of shiftsOf(cal, day)) if (s.end > at) return Math.max(s.start, at);
  }
  throw new Error('Không tính được hạn: lịch không có ca làm việc.');
}

/** The due moment (ms) of a rule, counted from a receipt (or restart) instant, without events. */
function baseDue(cal: WorkCalendar, receivedMs: number, rule: DueRule): number {
  const receivedDay = toLocalDay(receivedMs);
  // The 15:00 rule: deemed received at the start of the next working day.
  const deemedNext = !!rule.after15hRule && (!cal.isWorkingDay(receivedDay) || receivedMs - localDayAt(receivedDay, 0) > AFTER_15H_MS);
  if (rule.hours !== null && rule.hours !== undefined) {
    const start = deemedNext ? shiftsOf(cal, cal.nextWorkingDay(receivedDay, false))[0]!.start : nextOfficeMoment(cal, receivedMs);
    const due = addWorkingTime(cal, start, Math.round(rule.hours * 3600_000));
    return Math.ceil(due / MINUTE) * MINUTE;
  }
  const days = Math.ceil(rule.days);
  let day = deemedNext ? cal.nextWorkingDay(receivedDay, false) : receivedDay;
  if (days === 0) {
    // The same working day, unless it is a day off or already closed.
    day = cal.nextWorkingDay(day);
    while (closingOf(cal, day) <= receivedMs) day = cal.nextWorkingDay(day, false);
    return closingOf(cal, day);
  }
  for (let left = days; left > 0; left--) day = cal.nextWorkingDay(day, false);
  return closingOf(cal, day);
}

function parseInstant(text: string, what: string): number {
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new Error(`${what}: thời điểm không hợp lệ (${text}).`);
  return t;
}

/**
 * The due moment of a dossier received at `receivedAt` under `rule`, after the clock events (in
 * time order). Throws a Vietnamese message for impossible input (negative durations).
 */
export function dueMoment(receivedAt: Date | string, rule: DueRule, cal: WorkCalendar, events: readonly ClockEvent[] = []): DueMoment {
  const receivedMs = receivedAt instanceof Date ? receivedAt.getTime() : parseInstant(receivedAt, 'Thời điểm tiếp nhận');
  if (Number.isNaN(receivedMs)) throw new Error('Thời điểm tiếp nhận không hợp lệ.');
  if (!Number.isFinite(rule.days) || rule.days < 0) throw new Error('Số ngày làm việc phải là số không âm.');
  if (rule.hours !== null && rule.hours !== undefined && (!Number.isFinite(rule.hours) || rule.hours < 0)) throw new Error('Số giờ làm việc phải là số không âm.');
  let due = baseDue(cal, receivedMs, rule);
  let pausedAt: number | null = null;
  const ordered = [...events].sort((a, b) => parseInstant(a.at, 'Sự kiện') - parseInstant(b.at, 'Sự kiện'));
  for (const e of ordered) {
    const at = parseInstant(e.at, 'Sự kiện');
    if (e.kind === 'pause') {
      if (pausedAt === null) pausedAt = at;
    } else if (e.kind === 'resume') {
      if (pausedAt !== null) {
        due = addWorkingTime(cal, due, workingTimeBetween(cal, pausedAt, at));
        pausedAt = null;
      }
    } else if (e.kind === 'restart') {
      due = baseDue(cal, at, rule);
      pausedAt = null;
    } else {
      due = isLocalDay(e.newDue) ? endOfPeriod(cal, e.newDue) : parseInstant(e.newDue, 'Ngày hẹn lại');
    }
  }
  const toConfirm = cal.unconfirmedBetween(toLocalDay(receivedMs), toLocalDay(Math.max(due, receivedMs)));
  return { dueAt: pausedAt === null ? new Date(due).toISOString() : null, pausedSince: pausedAt === null ? null : new Date(pausedAt).toISOString(), toConfirm, note: dueNote(toConfirm) };
}

export function dueNote(toConfirm: DueMoment['toConfirm']): string | null {
  const parts: string[] = [];
  if (toConfirm.years.length) parts.push(`Năm ${toConfirm.years.join(', ')} chưa có lịch nghỉ được xác nhận: ngày nghỉ lễ, Tết được tính theo âm lịch, ${TO_CONFIRM}.`);
  if (toConfirm.days.length) parts.push(`Trong thời hạn có ngày chưa xác nhận: ${toConfirm.days.map((d) => `${formatLocalDay(d.date)} (${d.name})`).join('; ')}.`);
  return parts.length ? parts.join(' ') : null;
}
