// The working calendar as data (../shared/domain/one-stop-rules.md §5): dated rows that make a
// weekday a day off or a weekend day a working day, each with its name and legal basis, plus the
// office's shifts per weekday. The 2025 and 2026 civil-service calendars ship as data; later years
// are computed (lunar holidays in UTC+7, weekend make-up rule) and flagged "cần xác nhận theo thông
// báo của năm" until an administrator confirms them.
import { hungKingsDay, tetDay } from './calendar-lunar';
import { addLocalDays, isLocalDay, localWeekday } from './vietnam-time';

export type CalendarDayKind = 'off' | 'work';

export interface CalendarDay {
  /** Local day, yyyy-MM-dd. */
  date: string;
  /** 'off' = a weekday off; 'work' = a weekend day worked (in exchange for a day off). */
  kind: CalendarDayKind;
  name: string;
  /** Legal basis (notice, official letter…), or how the row was computed. */
  basis: string;
  /** False: computed or from a secondary source, to confirm with the year's notice. */
  confirmed: boolean;
}

/** The flag every unconfirmed row and computed year carries. */
export const TO_CONFIRM = 'cần xác nhận theo thông báo của năm';

const B2025 = 'Thông báo 6150/TB-BLĐTBXH';
const B2026 = 'Thông báo 9441/TB-BNV; Công văn 12729/VPCP-KGVX';
const row = (date: string, kind: CalendarDayKind, name: string, basis: string, confirmed = true): CalendarDay => ({ date, kind, name, basis, confirmed });

/** The civil-service calendars shipped with the app (one-stop-rules.md §5, verified unless marked). */
export const SHIPPED_CALENDAR: readonly CalendarDay[] = [
  row('2025-01-01', 'off', 'Tết Dương lịch', B2025),
  ...['27', '28', '29', '30', '31'].map((d) => row(`2025-01-${d}`, 'off', 'Tết Nguyên đán', B2025)),
  row('2025-04-07', 'off', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', B2025),
  row('2025-04-26', 'work', 'Làm bù cho ngày nghỉ 02/5', B2025),
  row('2025-04-30', 'off', 'Ngày Chiến thắng', B2025),
  row('2025-05-01', 'off', 'Ngày Quốc tế lao động', B2025),
  row('2025-05-02', 'off', 'Nghỉ hoán đổi (làm bù thứ bảy 26/4)', B2025),
  row('2025-09-01', 'off', 'Quốc khánh (ngày liền kề)', B2025),
  row('2025-09-02', 'off', 'Quốc khánh', B2025),
  row('2026-01-01', 'off', 'Tết Dương lịch', B2026),
  row('2026-01-02', 'off', 'Nghỉ hoán đổi (làm bù thứ bảy 10/1)', B2026),
  row('2026-01-10', 'work', 'Làm bù cho ngày nghỉ 02/1', B2026),
  ...['16', '17', '18', '19', '20'].map((d) => row(`2026-02-${d}`, 'off', 'Tết Nguyên đán', B2026)),
  row('2026-04-27', 'off', 'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch rơi vào chủ nhật 26/4)', B2026),
  row('2026-04-30', 'off', 'Ngày Chiến thắng', B2026),
  row('2026-05-01', 'off', 'Ngày Quốc tế lao động', B2026),
  row('2026-08-22', 'work', 'Làm bù cho ngày nghỉ 31/8', 'Công văn 3383/BNV-CVL'),
  row('2026-08-31', 'off', 'Nghỉ hoán đổi (làm bù thứ bảy 22/8)', 'Công văn 3383/BNV-CVL'),
  row('2026-09-01', 'off', 'Quốc khánh', B2026),
  row('2026-09-02', 'off', 'Quốc khánh', B2026),
  row('2026-11-24', 'off', 'Ngày Văn hóa Việt Nam', 'Nguồn thứ cấp: Nghị quyết 28/2026/QH16 (chưa đọc được văn bản)', false),
];

// ---------------------------------------------------------------- computed years

const isWeekend = (day: string) => {
  const w = localWeekday(day);
  return w === 0 || w === 6;
};

/**
 * A year's calendar computed from the Labour Code (art. 112) and the usual pattern of the notices,
 * every row unconfirmed: Tết = the last day of the lunar year and mùng 1–4; Giỗ Tổ 10/3 lunar;
 * 1/1, 30/4, 1/5; 2/9 with the adjacent day (3/9 when 2/9 is a Monday or Thursday, else 1/9).
 * A holiday on a weekend is made up on the next working day (art. 111(3)). No swapped days: those
 * come only from the year's notice.
 */
export function computedCalendarYear(year: number): CalendarDay[] {
  const basis = `Tính theo Bộ luật Lao động 2019 (Điều 112) và âm lịch — ${TO_CONFIRM}`;
  const tet = tetDay(year);
  const holidays: { date: string; name: string }[] = [
    { date: `${year}-01-01`, name: 'Tết Dương lịch' },
    ...[-1, 0, 1, 2, 3].map((n) => ({ date: addLocalDays(tet, n), name: 'Tết Nguyên đán' })),
    { date: hungKingsDay(year), name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
    { date: `${year}-04-30`, name: 'Ngày Chiến thắng' },
    { date: `${year}-05-01`, name: 'Ngày Quốc tế lao động' },
  ];
  const sept2 = `${year}-09-02`;
  const w = localWeekday(sept2);
  holidays.push({ date: sept2, name: 'Quốc khánh' }, { date: w === 1 || w === 4 ? `${year}-09-03` : `${year}-09-01`, name: 'Quốc khánh (ngày liền kề)' });
  if (year >= 2026) holidays.push({ date: `${year}-11-24`, name: 'Ngày Văn hóa Việt Nam (nguồn thứ cấp)' });
  holidays.sort((a, b) => a.date.localeCompare(b.date));
  const taken = new Set<string>();
  const out: CalendarDay[] = [];
  for (const h of holidays) {
    let day = h.date;
    let name = h.name;
    if (isWeekend(day) || taken.has(day)) {
      // Made up on the next working day not already off.
      do day = addLocalDays(day, 1);
      while (isWeekend(day) || taken.has(day));
      name = `Nghỉ bù ${h.name} (${h.date.slice(8, 10)}/${h.date.slice(5, 7)} rơi vào ngày nghỉ)`;
    }
    taken.add(day);
    out.push(row(day, 'off', name, basis, false));
  }
  return out.sort((a, b) => a.date.localeCompare(b.date));
}

// ---------------------------------------------------------------- office hours

export interface Shift {
  /** HH:mm local. */
  start: string;
  end: string;
}

/** Shifts per weekday, index 0 = Sunday … 6 = Saturday. A weekday without shifts is not worked. */
export type OfficeHours = Shift[][];

export const DEFAULT_SHIFTS: readonly Shift[] = [
  { start: '07:30', end: '11:30' },
  { start: '13:00', end: '17:00' },
];

export const DEFAULT_OFFICE_HOURS: OfficeHours = [[], ...Array.from({ length: 5 }, () => DEFAULT_SHIFTS.map((s) => ({ ...s }))), []];

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** A Vietnamese description of what is wrong with office hours; null when they are usable. */
export function officeHoursProblem(hours: OfficeHours): string | null {
  if (!Array.isArray(hours) || hours.length !== 7) return 'Giờ làm việc phải có đủ 7 ngày trong tuần.';
  const names = ['Chủ nhật', 'Thứ hai', 'Thứ ba', 'Thứ tư', 'Thứ năm', 'Thứ sáu', 'Thứ bảy'];
  let any = false;
  for (let d = 0; d < 7; d++) {
    let last = -1;
    for (const s of hours[d]!) {
      if (!HHMM.test(s.start) || !HHMM.test(s.end)) return `${names[d]}: giờ phải viết dạng HH:mm (ví dụ 07:30).`;
      if (minutesOf(s.end) <= minutesOf(s.start)) return `${names[d]}: ca ${s.start}–${s.end} kết thúc trước khi bắt đầu.`;
      if (minutesOf(s.start) < last) return `${names[d]}: các ca chồng lên nhau hoặc không theo thứ tự.`;
      last = minutesOf(s.end);
      any = true;
    }
  }
  return any ? null : 'Phải có ít nhất một ca làm việc trong tuần.';
}

// ---------------------------------------------------------------- validation and the lookup

/** A Vietnamese description of what is wrong with calendar rows (impossible dates, duplicates…); null when fine. */
export function calendarRowsProblem(rows: readonly unknown[]): string | null {
  const seen = new Set<string>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as Partial<CalendarDay> | null;
    const at = `Dòng ${i + 1}`;
    if (!r || typeof r !== 'object') return `${at}: không phải một ngày của lịch.`;
    if (typeof r.date !== 'string' || !isLocalDay(r.date)) return `${at}: ngày “${String(r.date)}” không tồn tại (viết dạng YYYY-MM-DD, ví dụ 2026-02-16).`;
    if (r.kind !== 'off' && r.kind !== 'work') return `${at} (${r.date}): loại ngày phải là “off” (nghỉ) hoặc “work” (làm việc).`;
    if (typeof r.name !== 'string' || !r.name.trim()) return `${at} (${r.date}): thiếu tên ngày.`;
    if (typeof r.basis !== 'string') return `${at} (${r.date}): thiếu căn cứ pháp lý.`;
    if (r.confirmed !== undefined && typeof r.confirmed !== 'boolean') return `${at} (${r.date}): “confirmed” phải là true hoặc false.`;
    if (seen.has(r.date)) return `${at}: ngày ${r.date} xuất hiện hai lần.`;
    seen.add(r.date);
  }
  return null;
}

/**
 * What the due-moment function asks of a calendar. Years with stored rows are "known"; any other
 * year is computed (computedCalendarYear) and flagged.
 */
export class WorkCalendar {
  private readonly rows = new Map<string, CalendarDay>();
  private readonly known = new Set<number>();
  private readonly computed = new Set<number>();

  constructor(
    rows: readonly CalendarDay[] = SHIPPED_CALENDAR,
    readonly hours: OfficeHours = DEFAULT_OFFICE_HOURS,
  ) {
    for (const r of rows) {
      this.rows.set(r.date, r);
      this.known.add(Number(r.date.slice(0, 4)));
    }
  }

  /** The row of a day (stored, or computed for an unknown year), if any. */
  row(day: string): CalendarDay | undefined {
    const year = Number(day.slice(0, 4));
    if (!this.known.has(year) && !this.computed.has(year)) {
      this.computed.add(year);
      for (const r of computedCalendarYear(year)) this.rows.set(r.date, r);
    }
    return this.rows.get(day);
  }

  /** Whether a year's rows come from the stored calendar (else they are computed). */
  isKnownYear(year: number): boolean {
    return this.known.has(year);
  }

  /** The shifts of a day: none on a day off; a weekend day worked uses the default shifts when its weekday has none. */
  shifts(day: string): readonly Shift[] {
    const r = this.row(day);
    if (r?.kind === 'off') return [];
    const own = this.hours[localWeekday(day)] ?? [];
    if (r?.kind === 'work') return own.length ? own : firstWorkedShifts(this.hours);
    return own;
  }

  isWorkingDay(day: string): boolean {
    return this.shifts(day).length > 0;
  }

  /** The first working day on or after `day` (gives up after ten years: office hours with no shift). */
  nextWorkingDay(day: string, inclusive = true): string {
    let d = inclusive ? day : addLocalDays(day, 1);
    for (let i = 0; i < 3660; i++, d = addLocalDays(d, 1)) if (this.isWorkingDay(d)) return d;
    throw new Error('Lịch không có ngày làm việc nào: kiểm tra giờ làm việc trong Cài đặt.');
  }

  /** Unconfirmed rows and computed years between two days (inclusive), for the flag on a due moment. */
  unconfirmedBetween(from: string, to: string): { years: number[]; days: CalendarDay[] } {
    const years: number[] = [];
    for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) if (!this.known.has(y)) years.push(y);
    const rows: CalendarDay[] = [];
    for (let d = from; d <= to; d = addLocalDays(d, 1)) {
      const r = this.row(d);
      if (r && !r.confirmed && this.known.has(Number(d.slice(0, 4)))) rows.push(r);
    }
    return { years, days: rows };
  }
}

function firstWorkedShifts(hours: OfficeHours): readonly Shift[] {
  for (const d of [1, 2, 3, 4, 5, 6, 0]) if (hours[d]?.length) return hours[d]!;
  return DEFAULT_SHIFTS;
}

// ---------------------------------------------------------------- exchange formats

export interface CalendarFile {
  format: 'motcua-calendar';
  version: 1;
  days: CalendarDay[];
}

export function toCalendarJson(rows: readonly CalendarDay[]): string {
  const file: CalendarFile = { format: 'motcua-calendar', version: 1, days: [...rows].sort((a, b) => a.date.localeCompare(b.date)) };
  return JSON.stringify(file, null, 2);
}

/** Reads a calendar file (JSON: {days: [...]} or a bare array); throws a Vietnamese message. */
export function parseCalendarJson(text: string): CalendarDay[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error('Tệp lịch không phải JSON hợp lệ.');
  }
  const days = Array.isArray(data) ? data : (data as { days?: unknown } | null)?.days;
  if (!Array.isArray(days)) throw new Error('Tệp lịch phải có danh sách “days”.');
  const problem = calendarRowsProblem(days);
  if (problem) throw new Error(`Tệp lịch không hợp lệ, chưa thay đổi gì. ${problem}`);
  return (days as CalendarDay[]).map((d) => ({ date: d.date, kind: d.kind, name: d.name.trim(), basis: d.basis.trim(), confirmed: d.confirmed ?? false }));
}

const icsText = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\n/g, '\\n');

const utf8 = new TextEncoder();

/** Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character. */
function foldLine(line: string): string {
  const out: string[] = [];
  let cur = '';
  let bytes = 0;
  for (const ch of line) {
    const n = utf8.encode(ch).length;
    if (bytes + n > (out.length ? 74 : 75)) {
      out.push(cur);
      cur = '';
      bytes = 0;
    }
    cur += ch;
    bytes += n;
  }
  out.push(cur);
  return out.join('\r\n ');
}

/** iCalendar (RFC 5545): one all-day event per row, so IT can check the calendar in any calendar program. */
export function toICalendar(rows: readonly CalendarDay[], stampIso: string): string {
  const stamp = stampIso.replace(/[-:]/g, '').replace(/\.\d{3}/, '').slice(0, 15) + 'Z';
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Mot Cua So//Lich lam viec//VI', 'CALSCALE:GREGORIAN', 'X-WR-CALNAME:Lịch nghỉ và làm bù (Một Cửa Số)', 'X-WR-TIMEZONE:Asia/Ho_Chi_Minh'];
  for (const r of [...rows].sort((a, b) => a.date.localeCompare(b.date))) {
    const d = r.date.replace(/-/g, '');
    const next = addLocalDays(r.date, 1).replace(/-/g, '');
    const summary = `${r.kind === 'off' ? 'Nghỉ' : 'Làm việc'}: ${r.name}${r.confirmed ? '' : ` (${TO_CONFIRM})`}`;
    lines.push('BEGIN:VEVENT', `UID:${d}-${r.kind}@motcua`, `DTSTAMP:${stamp}`, `DTSTART;VALUE=DATE:${d}`, `DTEND;VALUE=DATE:${next}`, `SUMMARY:${icsText(summary)}`, `DESCRIPTION:${icsText(`Căn cứ: ${r.basis}`)}`, `CATEGORIES:${r.kind === 'off' ? 'NGAY-NGHI' : 'NGAY-LAM-BU'}`, 'TRANSP:TRANSPARENT', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
