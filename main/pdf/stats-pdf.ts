// Thống kê as a printable report (A4, pdf-lib with the bundled DejaVu font): the index criteria,
// the campaign with its projection, and the totals per desk, officer, procedure, field and day.
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatLocalDay, formatVietnamDateTime } from '../../shared/domain/vietnam-time';
import type { StatsReportData } from '../services/stats';
import { boldFontBytes, fontBytes } from './font';

export const STATS_REPORT_TITLE = 'BÁO CÁO THỐNG KÊ BỘ PHẬN MỘT CỬA';

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 40;
const black = rgb(0, 0, 0);
const grey = rgb(0.4, 0.4, 0.4);

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toLocaleString('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`);
const num = (n: number) => n.toLocaleString('vi-VN');

export async function buildStatsPdf(d: StatsReportData): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const regular = await doc.embedFont(fontBytes(), { subset: true });
  const bold = await doc.embedFont(boldFontBytes(), { subset: true });
  doc.setTitle(`${STATS_REPORT_TITLE} ${formatLocalDay(d.period.from)} – ${formatLocalDay(d.period.to)}`);
  doc.setCreator('Một Cửa Số');
  let page: PDFPage = doc.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - MARGIN;
  const need = (h: number) => {
    if (y - h < MARGIN) {
      page = doc.addPage([PAGE.width, PAGE.height]);
      y = PAGE.height - MARGIN;
    }
  };
  const fit = (text: string, font: PDFFont, size: number, width: number) => {
    let t = text;
    while (t.length > 1 && font.widthOfTextAtSize(t, size) > width) t = t.slice(0, -2) + '…';
    return t;
  };
  const line = (text: string, opts: { font?: PDFFont; size?: number; color?: typeof black; centre?: boolean } = {}) => {
    const size = opts.size ?? 10;
    const font = opts.font ?? regular;
    need(size + 6);
    const t = fit(text, font, size, PAGE.width - 2 * MARGIN);
    const x = opts.centre ? (PAGE.width - font.widthOfTextAtSize(t, size)) / 2 : MARGIN;
    page.drawText(t, { x, y: y - size, size, font, color: opts.color ?? black });
    y -= size + 6;
  };
  /** A table: the first column takes what the others leave. */
  const table = (titles: string[], rows: string[][], widths: number[]) => {
    const size = 8.5;
    const first = PAGE.width - 2 * MARGIN - widths.reduce((a, b) => a + b, 0);
    const cols = [first, ...widths];
    const drawRow = (cells: string[], font: PDFFont) => {
      need(size + 5);
      let x = MARGIN;
      cells.forEach((c, i) => {
        const t = fit(c, font, size, cols[i]! - 4);
        const w = font.widthOfTextAtSize(t, size);
        page.drawText(t, { x: i === 0 ? x : x + cols[i]! - 4 - w, y: y - size, size, font, color: black });
        x += cols[i]!;
      });
      y -= size + 5;
    };
    drawRow(titles, bold);
    page.drawLine({ start: { x: MARGIN, y: y + 2 }, end: { x: PAGE.width - MARGIN, y: y + 2 }, thickness: 0.5, color: grey });
    for (const r of rows) drawRow(r, regular);
    y -= 8;
  };

  line(d.unitName.toUpperCase(), { font: bold, size: 11, centre: true });
  line(STATS_REPORT_TITLE, { font: bold, size: 14, centre: true });
  line(`Hồ sơ tiếp nhận từ ngày ${formatLocalDay(d.period.from)} đến ngày ${formatLocalDay(d.period.to)}`, { centre: true });
  line(`Đánh giá lúc ${formatVietnamDateTime(d.index.judgedAt)} · Lập lúc ${formatVietnamDateTime(d.generatedAt)}`, { centre: true, color: grey, size: 9 });
  y -= 8;

  const i = d.index;
  line('1. Chỉ số Bộ phận Một cửa (Quyết định 766/QĐ-TTg)', { font: bold, size: 11 });
  const pts = (p: number | null, max: number) => (p === null ? '—' : `${p.toLocaleString('vi-VN', { maximumFractionDigits: 2 })}/${max}`);
  table(
    ['Tiêu chí', 'Số hồ sơ', 'Trên tổng', 'Tỷ lệ', 'Điểm'],
    [
      ['Hồ sơ tiếp nhận', num(i.received), '', '', ''],
      ['Giải quyết đúng hạn', num(i.onTime.count), num(i.onTime.of), pct(i.onTime.rate), pts(i.onTime.points, 20)],
      ['Quá hạn', num(i.overdue.count), num(i.overdue.of), pct(i.overdue.rate), ''],
      ['Hồ sơ trực tuyến', num(i.online.count), num(i.online.of), pct(i.online.rate), ''],
      ['Số hóa hồ sơ', num(i.digitization.count), num(i.digitization.of), pct(i.digitization.rate), pts(i.digitization.points, 4)],
      ['Tái sử dụng dữ liệu số hóa', num(i.reuse.count), num(i.reuse.of), pct(i.reuse.rate), pts(i.reuse.points, 2)],
      ['Thanh toán trực tuyến', num(i.payment.count), num(i.payment.of), pct(i.payment.rate), pts(i.payment.points, 6)],
      ['Mức độ hài lòng', '', '', pct(i.satisfaction.rate), pts(i.satisfaction.points, 6)],
    ],
    [60, 60, 60, 50],
  );

  if (d.campaign) {
    const c = d.campaign;
    line(`2. Chiến dịch: ${c.campaign.name} (${formatLocalDay(c.campaign.from)} – ${formatLocalDay(c.campaign.to)})`, { font: bold, size: 11 });
    const names = { online: 'Hồ sơ trực tuyến', digitization: 'Số hóa hồ sơ', onTime: 'Giải quyết đúng hạn' } as const;
    table(
      ['Chỉ tiêu', 'Mục tiêu', 'Hiện tại', 'Dự báo cuối kỳ'],
      c.targets.map((t) => [names[t.key], pct(t.target), pct(t.current), pct(t.projected)]),
      [70, 70, 90],
    );
    line('Dự báo: đường thẳng bình phương nhỏ nhất qua tỷ lệ từng ngày làm việc (trọng số theo số hồ sơ), kéo dài đến ngày cuối chiến dịch.', { size: 8, color: grey });
    y -= 6;
  }

  const groups: [string, typeof d.byDesk][] = [
    ['Theo bàn tiếp nhận', d.byDesk],
    ['Theo cán bộ', d.byOfficer],
    ['Theo thủ tục', d.byProcedure],
    ['Theo lĩnh vực', d.byField],
  ];
  let n = d.campaign ? 3 : 2;
  for (const [title, b] of groups) {
    line(`${n++}. ${title}`, { font: bold, size: 11 });
    table(
      ['', 'Tiếp nhận', 'Đúng hạn', 'Trực tuyến', 'Số hóa'],
      b.rows.length === 0 ? [['Chưa có dữ liệu', '', '', '', '']] : b.rows.map((r) => [r.label || '(không rõ)', num(r.received), pct(r.received ? r.onTime / r.received : null), pct(r.received ? r.online / r.received : null), pct(r.received ? r.digitized / r.received : null)]),
      [55, 60, 60, 60],
    );
  }
  line(`${n}. Theo ngày`, { font: bold, size: 11 });
  const days = d.byDay.buckets.filter((b) => b.received > 0);
  table(
    ['Ngày', 'Tiếp nhận', 'Đúng hạn', 'Trực tuyến', 'Số hóa'],
    days.length === 0 ? [['Chưa có dữ liệu', '', '', '', '']] : days.map((b) => [formatLocalDay(b.key), num(b.received), num(b.onTime), num(b.online), num(b.digitized)]),
    [55, 60, 60, 60],
  );
  return doc.save();
}
