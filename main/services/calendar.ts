// The working calendar: what the due-moment function counts with (issue 17). Read from the store
// (the shipped 2025–2026 calendars after migration 010), edited by an administrator in Cài đặt,
// imported and exported as JSON, exported as iCalendar for IT to check in any calendar program.
import type { MethodParsedInput } from '../../shared/contract/api';
import { AppError } from '../../shared/contract/errors';
import {
  DEFAULT_OFFICE_HOURS,
  calendarRowsProblem,
  computedCalendarYear,
  officeHoursProblem,
  parseCalendarJson,
  SHIPPED_CALENDAR,
  toCalendarJson,
  toICalendar,
  WorkCalendar,
  type CalendarDay,
  type OfficeHours,
} from '../../shared/domain/calendar';
import { dueMoment, type ClockEvent, type DueMoment } from '../../shared/domain/due-moment';
import type { Store } from '../data/store';
import { audit, requireSession, type ServiceContext } from './context';

/** The calendar as stored (rows and shifts). */
export function loadCalendar(store: Store): WorkCalendar {
  return new WorkCalendar(store.calendar.days(), store.calendar.officeHours() ?? DEFAULT_OFFICE_HOURS);
}

/** What a procedure says about its processing time (hours and the 15:00 rule when the catalog has them). */
export interface ProcessingTime {
  processingDays: number;
  processingHours?: number | null;
  after15hRule?: boolean;
}

/** The due moment of a dossier of `procedure` received at `receivedAt`, by this desk's calendar. */
export function dueMomentFor(ctx: Pick<ServiceContext, 'store'>, receivedAt: Date | string, procedure: ProcessingTime, events: readonly ClockEvent[] = []): DueMoment {
  return dueMoment(receivedAt, { days: procedure.processingDays, hours: procedure.processingHours ?? null, after15hRule: procedure.after15hRule ?? false }, loadCalendar(ctx.store), events);
}

export interface CalendarView {
  days: CalendarDay[];
  officeHours: OfficeHours;
  knownYears: number[];
}

export function getCalendar(ctx: ServiceContext): CalendarView {
  requireSession(ctx);
  const days = ctx.store.calendar.days();
  return { days, officeHours: ctx.store.calendar.officeHours() ?? DEFAULT_OFFICE_HOURS, knownYears: [...new Set(days.map((d) => Number(d.date.slice(0, 4))))] };
}

/** Replaces one year's rows (the Cài đặt table editor); every row must belong to that year. */
export function saveCalendarYear(ctx: ServiceContext, input: MethodParsedInput<'calendar.saveYear'>): CalendarView {
  const problem = calendarRowsProblem(input.days);
  if (problem) throw new AppError('BAD_REQUEST', `Lịch chưa được lưu. ${problem}`);
  const stray = input.days.find((d) => Number(d.date.slice(0, 4)) !== input.year);
  if (stray) throw new AppError('BAD_REQUEST', `Lịch chưa được lưu. Ngày ${stray.date} không thuộc năm ${input.year}.`);
  ctx.store.tx(() => {
    ctx.store.calendar.replaceYears([input.year], input.days, ctx.now().toISOString());
    audit(ctx, 'calendar.saveYear', 'calendar', String(input.year), { rows: input.days.length, unconfirmed: input.days.filter((d) => !d.confirmed).length });
  });
  return getCalendar(ctx);
}

/** The computed rows of a year (lunar holidays, weekend make-up), to review before saving. */
export function proposeCalendarYear(ctx: ServiceContext, year: number): CalendarDay[] {
  requireSession(ctx);
  return computedCalendarYear(year);
}

/**
 * Imports a calendar file (JSON): the years it covers are replaced by its rows, other years stay.
 * A file with an impossible date or a broken row changes nothing.
 */
export function importCalendarText(store: Store, text: string, at: string): { years: number[]; rows: number } {
  let days: CalendarDay[];
  try {
    days = parseCalendarJson(text);
  } catch (err) {
    throw new AppError('BAD_REQUEST', (err as Error).message);
  }
  const years = [...new Set(days.map((d) => Number(d.date.slice(0, 4))))].sort();
  store.tx(() => store.calendar.replaceYears(years, days, at));
  return { years, rows: days.length };
}

export function importCalendar(ctx: ServiceContext, text: string): CalendarView {
  const r = importCalendarText(ctx.store, text, ctx.now().toISOString());
  audit(ctx, 'calendar.import', 'calendar', null, r);
  return getCalendar(ctx);
}

export function exportCalendar(ctx: ServiceContext, format: 'json' | 'ics'): { fileName: string; mime: string; text: string } {
  requireSession(ctx);
  return exportCalendarFrom(ctx.store, format, ctx.now());
}

/** The stored calendar as a file (the shipped one without a store). */
export function exportCalendarFrom(store: Store | null, format: 'json' | 'ics', now: Date): { fileName: string; mime: string; text: string } {
  const days = store ? store.calendar.days() : [...SHIPPED_CALENDAR];
  return format === 'ics'
    ? { fileName: 'lich-lam-viec.ics', mime: 'text/calendar', text: toICalendar(days, now.toISOString()) }
    : { fileName: 'lich-lam-viec.json', mime: 'application/json', text: toCalendarJson(days) };
}

export function setOfficeHours(ctx: ServiceContext, hours: OfficeHours): CalendarView {
  const problem = officeHoursProblem(hours);
  if (problem) throw new AppError('BAD_REQUEST', `Giờ làm việc chưa được lưu. ${problem}`);
  ctx.store.tx(() => {
    ctx.store.calendar.setOfficeHours(hours);
    audit(ctx, 'calendar.officeHours', 'calendar', null, hours);
  });
  return getCalendar(ctx);
}

/** A due moment by this desk's calendar, for the screens (preview before receiving). */
export function previewDue(ctx: ServiceContext, input: MethodParsedInput<'calendar.due'>): DueMoment {
  requireSession(ctx);
  try {
    return dueMoment(input.receivedAt, { days: input.days, hours: input.hours ?? null, after15hRule: input.after15hRule ?? false }, loadCalendar(ctx.store));
  } catch (err) {
    throw new AppError('BAD_REQUEST', (err as Error).message);
  }
}
