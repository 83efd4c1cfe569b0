// `motcua report`: the national index criteria and totals per officer and per day, from this
// desk's store, for supervisors' spreadsheets and provincial scripts (--json).
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { api, type IndexReport } from '../../../shared/contract/api';
import { describeZodError } from '../../../shared/contract/errors';
import { toLocalDay } from '../../../shared/domain/vietnam-time';
import { databasePath, openDatabase } from '../../data/database';
import { Store } from '../../data/store';
import { buildIndexReport } from '../../services/metrics';
import type { CliCommand } from './commands';

const pct = new Intl.NumberFormat('vi-VN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const num = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const rate = (r: number | null) => (r === null ? '—' : pct.format(r));
const points = (p: number | null, max: number) => (p === null ? '' : `${num.format(p)}/${max} điểm`);
const dmy = (day: string) => day.split('-').reverse().join('/');

export function formatReport(r: IndexReport): string {
  const notRecorded = new Set(r.notRecorded);
  const flag = (on: boolean) => (on ? '  (quầy chưa ghi nhận dữ liệu này: đồng bộ sẽ bổ sung)' : '');
  const row = (label: string, ratio: { count: number; of: number; rate: number | null }, extra = '') =>
    `  ${label.padEnd(22)} ${`${ratio.count}/${ratio.of}`.padStart(9)}  ${rate(ratio.rate).padStart(7)}  ${extra}`.trimEnd();
  const lines = [
    `Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg), hồ sơ tiếp nhận từ ${dmy(r.period.from)} đến ${dmy(r.period.to)}`,
    `Hồ sơ tiếp nhận: ${r.received}`,
    row('Giải quyết đúng hạn', r.onTime, points(r.onTime.points, 20)),
    row('Trễ hạn', r.overdue),
    row('Nộp trực tuyến', r.online, (r.online.fraction === null ? '' : `đạt ${pct.format(r.online.fraction)} số điểm (đủ điểm từ 50%)`) + flag(notRecorded.has('electronicResult'))),
    row('Số hóa hồ sơ', r.digitization, points(r.digitization.points, 4) + flag(notRecorded.has('electronicResult'))),
    row('Tái sử dụng dữ liệu', r.reuse, points(r.reuse.points, 2) + flag(notRecorded.has('reuse'))),
    row('Thanh toán trực tuyến', r.payment, points(r.payment.points, 6) + flag(notRecorded.has('payment'))),
    `  ${'Mức độ hài lòng'.padEnd(22)} ${''.padStart(9)}  ${rate(r.satisfaction.rate).padStart(7)}  ${points(r.satisfaction.points, 6)}${flag(notRecorded.has('complaints'))}`.trimEnd(),
    '',
    'Theo cán bộ (tiếp nhận · số hóa · trực tuyến · đúng hạn · hướng dẫn nộp trực tuyến):',
    ...(r.byOfficer.length ? r.byOfficer.map((o) => `  ${(o.name || '(không rõ)').padEnd(28)} ${String(o.received).padStart(5)} ${String(o.digitized).padStart(7)} ${String(o.online).padStart(10)} ${String(o.onTime).padStart(9)} ${String(o.guided).padStart(9)}`) : ['  (không có hồ sơ)']),
    '',
    'Theo ngày (tiếp nhận · số hóa · trực tuyến · hướng dẫn nộp trực tuyến):',
    ...(r.byDay.length ? r.byDay.map((d) => `  ${dmy(d.day)}   ${String(d.received).padStart(5)} ${String(d.digitized).padStart(7)} ${String(d.online).padStart(10)} ${String(d.guided).padStart(9)}`) : ['  (không có hồ sơ)']),
  ];
  return lines.join('\n');
}

export const report: CliCommand = {
  summary: 'Báo cáo chỉ số (đúng hạn, trực tuyến, số hóa…) và số liệu theo cán bộ, theo ngày',
  usage:
    'Cách dùng: motcua report [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json] [--data-dir THƯ_MỤC]\n' +
    'Mặc định: từ đầu tháng này đến hôm nay (giờ Việt Nam). Tính theo ngày tiếp nhận hồ sơ.',
  async run(args, ctx) {
    const { values } = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' }, 'data-dir': { type: 'string' } } });
    const today = toLocalDay(new Date());
    const parsed = api['metrics.index'].input.safeParse({ from: values.from ?? `${today.slice(0, 8)}01`, to: values.to ?? today });
    if (!parsed.success) {
      console.error(describeZodError(parsed.error));
      return 2;
    }
    if (!fs.existsSync(databasePath(ctx.dataDir))) {
      console.error(`Chưa có dữ liệu ở ${ctx.dataDir}: hãy mở ứng dụng và tiếp nhận hồ sơ trước, hoặc chỉ đúng --data-dir.`);
      return 1;
    }
    const store = new Store(openDatabase(databasePath(ctx.dataDir)));
    try {
      const r = buildIndexReport(store, parsed.data, new Date());
      console.log(values.json ? JSON.stringify(r, null, 2) : formatReport(r));
    } finally {
      store.db.close();
    }
    return 0;
  },
};
