// Vietnam time, in one place. Vietnam keeps UTC+7 all year (no daylight saving), so a local moment
// is the instant shifted by seven hours — whatever the zone of the machine running the code (a
// server in UTC, a laptop set to another zone, the renderer). Every conversion between an instant
// and Vietnamese calendar days or clock times goes through this module: local days for the index
// and reports (../shared/domain/one-stop-rules.md §6: "by local date (UTC+7)"), dossier codes
// (§3), due moments (§5) and what papers and screens print.
// Local days are written yyyy-MM-dd; papers write dd/MM/yyyy and HH:mm.

/** UTC+7, no daylight saving. */
export const VIETNAM_OFFSET_MS = 7 * 3600_000;
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const DAY_MS = 24 * 3600_000;

type InstantLike = Date | number | string;

function ms(at: InstantLike): number {
  return at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);
}

/** A Date whose UTC fields are the Vietnamese wall clock (internal helper). */
function shifted(at: InstantLike): Date {
  return new Date(ms(at) + VIETNAM_OFFSET_MS);
}

const two = (n: number) => String(n).padStart(2, '0');

export interface VietnamParts {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 Sunday … 6 Saturday. */
  weekday: number;
}

/** The Vietnamese calendar date and wall-clock time of an instant. */
export function vietnamParts(at: InstantLike): VietnamParts {
  const l = shifted(at);
  return {
    year: l.getUTCFullYear(),
    month: l.getUTCMonth() + 1,
    day: l.getUTCDate(),
    hour: l.getUTCHours(),
    minute: l.getUTCMinutes(),
    second: l.getUTCSeconds(),
    weekday: l.getUTCDay(),
  };
}

/** The same, as zero-padded strings (for codes and papers). */
export function vietnamDateParts(at: InstantLike): { yyyy: string; yy: string; mm: string; dd: string; hh: string; mi: string } {
  const p = vietnamParts(at);
  const yyyy = String(p.year).padStart(4, '0');
  return { yyyy, yy: yyyy.slice(2), mm: two(p.month), dd: two(p.day), hh: two(p.hour), mi: two(p.minute) };
}

/** The local day of an instant, yyyy-MM-dd. */
export function toLocalDay(at: InstantLike): string {
  return shifted(at).toISOString().slice(0, 10);
}

/** Today in Vietnam. */
export function todayLocal(now: InstantLike = Date.now()): string {
  return toLocalDay(now);
}

/** Whether `day` is a yyyy-MM-dd calendar day that exists. */
export function isLocalDay(day: string): boolean {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(day) ? Date.parse(`${day}T00:00:00Z`) : NaN;
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(day);
}

/**
 * Reads a local day written yyyy-MM-dd or dd/MM/yyyy (as papers write it; d/M also accepted);
 * null when it is not a day that exists.
 */
export function parseLocalDay(text: string): string | null {
  const s = text.trim();
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  const day = vn ? `${vn[3]}-${vn[2]!.padStart(2, '0')}-${vn[1]!.padStart(2, '0')}` : s;
  return isLocalDay(day) ? day : null;
}

/** The instant (ms) a local day begins: 00:00 in Vietnam. */
export function localDayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) - VIETNAM_OFFSET_MS;
}

/** The instant (ms) a local day ends: midnight after it (exclusive), i.e. the next day's start. */
export function localDayEnd(day: string): number {
  return localDayStart(day) + DAY_MS;
}

/** The instant (ms) of a wall-clock time on a local day, e.g. 17:00 on the due day. */
export function localDayAt(day: string, hour: number, minute = 0): number {
  return localDayStart(day) + hour * 3600_000 + minute * 60_000;
}

/** A local day `n` calendar days later (earlier when negative). */
export function addLocalDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Day of the week of a local day: 0 Sunday … 6 Saturday. */
export function localWeekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** Vietnamese weekday names, index 0 = Sunday. */
export const VIETNAMESE_WEEKDAYS = ['Chủ nhật', 'Thứ hai', 'Thứ ba', 'Thứ tư', 'Thứ năm', 'Thứ sáu', 'Thứ bảy'] as const;

/** An instant written in Vietnam's offset, to the second: 2026-11-05T17:00:00+07:00. */
export function toVietnamIso(at: InstantLike): string {
  return shifted(at).toISOString().replace(/\.\d{3}Z$/, '+07:00');
}

/** dd/MM/yyyy in Vietnam. */
export function formatVietnamDate(at: InstantLike): string {
  const p = vietnamDateParts(at);
  return `${p.dd}/${p.mm}/${p.yyyy}`;
}

/** HH:mm in Vietnam (24-hour); HH:mm:ss with `seconds`. */
export function formatVietnamTime(at: InstantLike, opts: { seconds?: boolean } = {}): string {
  const p = vietnamDateParts(at);
  return `${p.hh}:${p.mi}${opts.seconds ? `:${two(vietnamParts(at).second)}` : ''}`;
}

/** dd/MM/yyyy HH:mm in Vietnam; dd/MM/yyyy HH:mm:ss with `seconds`. */
export function formatVietnamDateTime(at: InstantLike, opts: { seconds?: boolean } = {}): string {
  return `${formatVietnamDate(at)} ${formatVietnamTime(at, opts)}`;
}

/** A local day yyyy-MM-dd written dd/MM/yyyy. */
export function formatLocalDay(day: string): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}
