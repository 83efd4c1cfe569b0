// `motcua due` and `motcua calendar`: IT checks each year's notice against the due moments and the
// calendar this desk counts with (issue 17).
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { WorkCalendar } from '../../../shared/domain/calendar';
import { dueMoment } from '../../../shared/domain/due-moment';
import { isLocalDay, toVietnamIso } from '../../../shared/domain/vietnam-time';
import { databasePath, openDatabase } from '../../data/database';
import { Store } from '../../data/store';
import { exportCalendarFrom, importCalendarText, loadCalendar } from '../../services/calendar';
import type { CliCommand } from './commands';

const RECEIVED = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Reads an ISO 8601 instant that carries its offset; null when it does not exist or has no offset. */
export function parseReceived(text: string): Date | null {
  const m = RECEIVED.exec(text.trim());
  if (!m || !isLocalDay(m[1]!) || Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59) return null;
  const t = Date.parse(text.trim());
  return Number.isNaN(t) ? null : new Date(t);
}

function readNumber(text: string | undefined, label: string): number | string {
  if (text === undefined) return NaN;
  if (!/^\d+(\.\d+)?$/.test(text.trim())) return `${label} phải là số không âm (ví dụ 5), không phải “${text}”.`;
  return Number(text);
}

/** The store's calendar when the data folder has one; the shipped one otherwise. */
function withCalendar<T>(dataDir: string, fn: (cal: WorkCalendar, store: Store | null) => T): T {
  if (!fs.existsSync(databasePath(dataDir))) return fn(new WorkCalendar(), null);
  const store = new Store(openDatabase(databasePath(dataDir)));
  try {
    return fn(loadCalendar(store), store);
  } finally {
    store.db.close();
  }
}

export const due: CliCommand = {
  summary: 'Tính thời điểm hẹn trả theo lịch làm việc (để đối chiếu thông báo nghỉ lễ của năm)',
  usage: [
    'Cách dùng: motcua due --received THỜI_ĐIỂM --days N [--after-15h-rule] [--hours N] [--json] [--data-dir THƯ_MỤC]',
    '  --received   thời điểm tiếp nhận, ISO 8601 có múi giờ, ví dụ 2026-02-13T10:30+07:00',
    '  --days       số ngày làm việc theo quy định (0 = trong ngày)',
    '  --hours      thời hạn tính theo giờ làm việc (thay cho --days)',
    '  --after-15h-rule  thủ tục áp dụng quy định “tiếp nhận sau 15 giờ tính từ ngày làm việc tiếp theo”',
    '  Dùng lịch trong thư mục dữ liệu; thư mục chưa có dữ liệu thì dùng lịch 2025–2026 kèm theo ứng dụng.',
    '  In ra thời điểm hẹn trả dạng ISO 8601 (+07:00); năm chưa có lịch được xác nhận thì kèm lưu ý.',
  ].join('\n'),
  async run(args, ctx) {
    for (let i = 0; i < args.length - 1; i++) {
      if ((args[i] === '--days' || args[i] === '--hours') && /^-\d/.test(args[i + 1]!)) {
        console.error(`${args[i] === '--days' ? 'Số ngày làm việc (--days)' : 'Số giờ làm việc (--hours)'} phải là số không âm, không phải “${args[i + 1]}”.`);
        return 2;
      }
    }
    let values;
    try {
      ({ values } = parseArgs({ args, options: { received: { type: 'string' }, days: { type: 'string' }, hours: { type: 'string' }, 'after-15h-rule': { type: 'boolean' }, json: { type: 'boolean' }, 'data-dir': { type: 'string' } } }));
    } catch (err) {
      console.error(`Tùy chọn không hợp lệ: ${(err as Error).message}. Xem: motcua due --help`);
      return 2;
    }
    if (!values.received) {
      console.error('Thiếu --received (thời điểm tiếp nhận, ví dụ 2026-02-13T10:30+07:00).');
      return 2;
    }
    const received = parseReceived(values.received);
    if (!received) {
      console.error(`Thời điểm tiếp nhận “${values.received}” không hợp lệ: cần ngày giờ có thật và múi giờ, ví dụ 2026-02-13T10:30+07:00.`);
      return 2;
    }
    if (values.days === undefined && values.hours === undefined) {
      console.error('Thiếu --days (số ngày làm việc) hoặc --hours (số giờ làm việc).');
      return 2;
    }
    const days = values.days === undefined ? 0 : readNumber(values.days, 'Số ngày làm việc (--days)');
    const hours = values.hours === undefined ? null : readNumber(values.hours, 'Số giờ làm việc (--hours)');
    for (const v of [days, hours]) {
      if (typeof v === 'string') {
        console.error(v);
        return 2;
      }
    }
    const r = withCalendar(ctx.dataDir, (cal) => dueMoment(received, { days: days as number, hours: hours as number | null, after15hRule: !!values['after-15h-rule'] }, cal));
    const dueIso = toVietnamIso(r.dueAt!);
    if (values.json) console.log(JSON.stringify({ received: toVietnamIso(received), due: dueIso, confirmed: r.note === null, note: r.note }, null, 2));
    else {
      console.log(dueIso);
      if (r.note) console.error(`Lưu ý: ${r.note}`);
    }
    return 0;
  },
};

export const calendar: CliCommand = {
  summary: 'Xuất hoặc nhập lịch ngày nghỉ, ngày làm bù (JSON, iCalendar .ics)',
  usage: [
    'Cách dùng: motcua calendar export [--ics] [--out TỆP] [--data-dir THƯ_MỤC]',
    '           motcua calendar import TỆP.json [--data-dir THƯ_MỤC]',
    '  export   in lịch (JSON, hoặc iCalendar với --ics để mở bằng chương trình lịch bất kỳ)',
    '  import   thay các năm có trong tệp bằng các dòng của tệp; tệp có ngày không tồn tại thì không thay đổi gì',
  ].join('\n'),
  async run(args, ctx) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ics: { type: 'boolean' }, out: { type: 'string' }, 'data-dir': { type: 'string' } } });
    const [action, file] = positionals;
    if (action === 'export') {
      const text = withCalendar(ctx.dataDir, (_cal, store) => exportCalendarFrom(store, values.ics ? 'ics' : 'json', new Date()).text);
      if (values.out) fs.writeFileSync(values.out, text);
      else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      return 0;
    }
    if (action === 'import' && file) {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        console.error(`Không đọc được tệp ${file}.`);
        return 2;
      }
      const store = new Store(openDatabase(databasePath(ctx.dataDir)));
      try {
        const r = importCalendarText(store, text, new Date().toISOString());
        store.audit.append({ at: new Date().toISOString(), officerId: null, action: 'calendar.import', entity: 'calendar', entityId: null, detail: JSON.stringify({ ...r, via: 'cli' }) });
        console.log(`Đã nhập ${r.rows} ngày của năm ${r.years.join(', ')}.`);
        return 0;
      } catch (err) {
        console.error((err as Error).message);
        return 2;
      } finally {
        store.db.close();
      }
    }
    console.error(this.usage);
    return 2;
  },
};
