// `motcua report`: the national index criteria and totals per officer and per day, from this
// desk's store, for supervisors' spreadsheets and provincial scripts (--json).
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { api, type IndexReport } from '../../../shared/contract/api';
import { describeZodError } from '../../../shared/contract/errors';
import { toLocalDay } from '../../../shared/domain/vietnam-time';
import { databasePath, openDatabase } from '../../data/database';
import { Store } from '../../data/store';
import { buildIndexEvidence, buildIndexReport, type ReportOptions } from '../../services/metrics';
import { parseInstant } from '../../services/history-import';
import { normalizeUnitCode } from '../../../shared/domain/unit-code';
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
  usage: [
    'Cách dùng: motcua report [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--as-of THỜI_ĐIỂM] [--unit MÃ_ĐƠN_VỊ] [--reading portal|document] [--json] [--data-dir THƯ_MỤC]',
    'Mặc định: từ đầu tháng này đến hôm nay (giờ Việt Nam). Tính theo ngày tiếp nhận hồ sơ.',
    '  --as-of    xét hồ sơ đang xử lý tại thời điểm này (ISO 8601 có múi giờ); mặc định: cuối kỳ hoặc bây giờ, lấy thời điểm sớm hơn',
    '  --unit     chỉ hồ sơ của đơn vị này',
    '  --reading  cách hiểu công thức (mặc định: thiết lập indexReading, “portal” nếu chưa đặt):',
    '             portal = số hóa 4 × tỷ lệ (khớp điểm trên Cổng), document = đủ điểm số hóa từ 80 % (văn bản công thức)',
    '  --json     mỗi tiêu chí (onTime, online, digitization, reuse, onlinePayment, satisfaction) với numerator,',
    '             denominator, rate, points, max; và “dossiers”: kết luận của từng hồ sơ theo mã',
  ].join('\n'),
  async run(args, ctx) {
    let values;
    try {
      ({ values } = parseArgs({
        args,
        options: { from: { type: 'string' }, to: { type: 'string' }, 'as-of': { type: 'string' }, unit: { type: 'string' }, reading: { type: 'string' }, json: { type: 'boolean' }, 'data-dir': { type: 'string' } },
      }));
    } catch (err) {
      console.error(`Tùy chọn không hợp lệ: ${(err as Error).message}. Xem: motcua report --help`);
      return 2;
    }
    const today = toLocalDay(new Date());
    const parsed = api['metrics.index'].input.safeParse({ from: values.from ?? `${today.slice(0, 8)}01`, to: values.to ?? today });
    if (!parsed.success) {
      console.error(describeZodError(parsed.error));
      return 2;
    }
    const opts: ReportOptions = {};
    if (values['as-of'] !== undefined) {
      const asOf = parseInstant(values['as-of'], '--as-of');
      if (typeof asOf !== 'string') {
        console.error(`${asOf.problem}.`);
        return 2;
      }
      opts.asOf = Date.parse(asOf);
    }
    if (values.reading !== undefined) {
      if (values.reading !== 'portal' && values.reading !== 'document') {
        console.error(`--reading là “portal” hoặc “document”, không phải “${values.reading}”.`);
        return 2;
      }
      opts.reading = values.reading;
    }
    if (!fs.existsSync(databasePath(ctx.dataDir))) {
      console.error(`Chưa có dữ liệu ở ${ctx.dataDir}: hãy mở ứng dụng và tiếp nhận hồ sơ (hoặc nhập lịch sử hồ sơ: motcua import-dossiers) trước, hoặc chỉ đúng --data-dir.`);
      return 1;
    }
    const store = new Store(openDatabase(databasePath(ctx.dataDir)));
    try {
      let unitCode: string | null = null;
      if (values.unit !== undefined) {
        unitCode = normalizeUnitCode(values.unit);
        const unit = store.historyImport.unitByCode(unitCode);
        if (!unit) {
          console.error(`Không có đơn vị mã “${values.unit}” trong thư mục dữ liệu này.`);
          return 2;
        }
        opts.unitId = unit.id;
      }
      const now = new Date();
      console.log(values.json ? JSON.stringify(buildIndexEvidence(store, parsed.data, now, { ...opts, unitCode }), null, 2) : formatReport(buildIndexReport(store, parsed.data, now, opts)));
    } finally {
      store.db.close();
    }
    return 0;
  },
};
