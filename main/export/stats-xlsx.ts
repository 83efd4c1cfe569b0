// Thống kê as an Excel workbook (exceljs): the index, totals per day, per officer, per procedure,
// and the evidence: one row per dossier with its verdict on each criterion, so every number of the
// first sheets can be checked by filtering the last.
import ExcelJS from 'exceljs';
import type { StatsBreakdown } from '../../shared/contract/api';
import { formatLocalDay, formatVietnamDateTime } from '../../shared/domain/vietnam-time';
import type { StatsReportData } from '../services/stats';

export const SHEETS = { index: 'Chỉ số', byDay: 'Theo ngày', byOfficer: 'Theo cán bộ', byProcedure: 'Theo thủ tục', evidence: 'Hồ sơ' } as const;

const rate = (count: number, of: number) => (of > 0 ? count / of : null);
const PCT = '0.0%';

function header(ws: ExcelJS.Worksheet, titles: string[], widths: number[]) {
  ws.columns = titles.map((t, i) => ({ header: t, width: widths[i] ?? 14 }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
}

const COUNT_TITLES = ['Tiếp nhận', 'Đúng hạn', 'Tỷ lệ đúng hạn', 'Trực tuyến', 'Tỷ lệ trực tuyến', 'Số hóa', 'Tỷ lệ số hóa', 'Tái sử dụng', 'Thanh toán trực tuyến', 'Phải thanh toán', 'Phản ánh'];
function countCells(r: StatsBreakdown['rows'][number] | { received: number; onTime: number; online: number; digitized: number; reused: number; paid: number; paidOf: number; complaint: number }) {
  return [r.received, r.onTime, rate(r.onTime, r.received), r.online, rate(r.online, r.received), r.digitized, rate(r.digitized, r.received), r.reused, r.paid, r.paidOf, r.complaint];
}
function formatRates(ws: ExcelJS.Worksheet, firstCountCol: number) {
  for (const off of [2, 4, 6]) ws.getColumn(firstCountCol + off).numFmt = PCT;
}

export async function buildStatsXlsx(d: StatsReportData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Một Cửa Số';
  wb.created = d.generatedAt;

  const idx = wb.addWorksheet(SHEETS.index);
  idx.columns = [{ width: 44 }, { width: 14 }, { width: 14 }, { width: 14 }, { width: 14 }];
  idx.addRow([`Thống kê Bộ phận Một cửa — ${d.unitName}`]).font = { bold: true, size: 13 };
  idx.addRow([`Hồ sơ tiếp nhận từ ${formatLocalDay(d.period.from)} đến ${formatLocalDay(d.period.to)}; đánh giá lúc ${formatVietnamDateTime(d.index.judgedAt)}`]);
  idx.addRow([]);
  const h = idx.addRow(['Tiêu chí', 'Số hồ sơ', 'Trên tổng', 'Tỷ lệ', 'Điểm']);
  h.font = { bold: true };
  const i = d.index;
  const rows: [string, number, number, number | null, number | null][] = [
    ['Hồ sơ tiếp nhận', i.received, i.received, null, null],
    ['Giải quyết đúng hạn (tối đa 20 điểm)', i.onTime.count, i.onTime.of, i.onTime.rate, i.onTime.points],
    ['Quá hạn', i.overdue.count, i.overdue.of, i.overdue.rate, null],
    ['Hồ sơ trực tuyến', i.online.count, i.online.of, i.online.rate, null],
    ['Số hóa hồ sơ (tối đa 4 điểm)', i.digitization.count, i.digitization.of, i.digitization.rate, i.digitization.points],
    ['Tái sử dụng dữ liệu số hóa (tối đa 2 điểm)', i.reuse.count, i.reuse.of, i.reuse.rate, i.reuse.points],
    ['Thanh toán trực tuyến (tối đa 6 điểm)', i.payment.count, i.payment.of, i.payment.rate, i.payment.points],
    ['Mức độ hài lòng (tối đa 6 điểm)', i.received - i.overdue.count - i.satisfaction.complaints, i.received, i.satisfaction.rate, i.satisfaction.points],
  ];
  for (const r of rows) idx.addRow(r);
  idx.getColumn(4).numFmt = PCT;
  idx.getColumn(5).numFmt = '0.00';
  if (d.campaign) {
    idx.addRow([]);
    idx.addRow([`Chiến dịch: ${d.campaign.campaign.name} (${formatLocalDay(d.campaign.campaign.from)} – ${formatLocalDay(d.campaign.campaign.to)})`]).font = { bold: true };
    idx.addRow(['Chỉ tiêu', 'Mục tiêu', 'Hiện tại', 'Dự báo cuối kỳ']).font = { bold: true };
    const names = { online: 'Hồ sơ trực tuyến', digitization: 'Số hóa hồ sơ', onTime: 'Giải quyết đúng hạn' } as const;
    for (const t of d.campaign.targets) idx.addRow([names[t.key], t.target, t.current, t.projected]).eachCell((c, n) => (c.numFmt = n > 1 ? PCT : '@'));
  }

  const day = wb.addWorksheet(SHEETS.byDay);
  header(day, ['Ngày', ...COUNT_TITLES], [12]);
  for (const b of d.byDay.buckets) if (b.received > 0) day.addRow([formatLocalDay(b.key), ...countCells(b)]);
  formatRates(day, 2);

  const group = (name: string, title: string, b: StatsBreakdown, extra?: (key: string) => string) => {
    const ws = wb.addWorksheet(name);
    header(ws, [title, ...(extra ? ['Bàn'] : []), ...COUNT_TITLES], [36, 14]);
    for (const r of b.rows) ws.addRow([r.label || '(không rõ)', ...(extra ? [extra(r.key)] : []), ...countCells(r)]);
    formatRates(ws, extra ? 3 : 2);
  };
  group(SHEETS.byOfficer, 'Cán bộ', d.byOfficer);
  group(SHEETS.byProcedure, 'Thủ tục', d.byProcedure);

  const ev = wb.addWorksheet(SHEETS.evidence);
  header(
    ev,
    ['Mã hồ sơ', 'Thủ tục', 'Lĩnh vực', 'Người nộp', 'Cán bộ', 'Bàn', 'Kênh', 'Ngày tiếp nhận', 'Hạn trả', 'Kết thúc', 'Trạng thái', 'Đúng hạn', 'Trực tuyến', 'Số hóa', 'Tái sử dụng', 'Thanh toán trực tuyến', 'Phản ánh'],
    [22, 36, 18, 24, 20, 12, 10, 18, 18, 18, 10],
  );
  const yn = (v: boolean | null) => (v === null ? '' : v ? 'Có' : 'Không');
  const channel = (c: number) => (c === 2 ? 'Trực tuyến' : c === 3 ? 'Bưu chính' : 'Trực tiếp');
  for (const r of d.evidence) {
    ev.addRow([
      r.code,
      `${r.procedureCode} — ${r.procedureName}`,
      r.field,
      r.applicantName,
      r.officerName,
      r.desk,
      channel(r.channel),
      formatVietnamDateTime(r.receivedAt),
      r.dueAt ? formatVietnamDateTime(r.dueAt) : '',
      r.endedAt ? formatVietnamDateTime(r.endedAt) : '',
      r.status,
      yn(r.onTime),
      yn(r.online),
      yn(r.digitized),
      yn(r.reused),
      yn(r.paid),
      yn(r.complaint),
    ]);
  }
  if (d.evidenceCut) ev.addRow([`Chỉ liệt kê ${d.evidence.length.toLocaleString('vi-VN')} hồ sơ đầu tiên; hãy chọn khoảng thời gian ngắn hơn để có đủ.`]);
  ev.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 17 } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
