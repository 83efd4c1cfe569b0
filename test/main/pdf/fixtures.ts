// Test pages: Vietnamese lines drawn with DejaVu Sans on a white canvas, with the word boxes an OCR
// engine would report (measured from the same layout), so the text layer can be checked end to end.
import { execFileSync } from 'node:child_process';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import type { OcrLine } from '../../../main/ocr/types';
import { fontPath } from '../../../main/pdf/font';
import type { PdfImagePage } from '../../../main/pdf/searchable-pdf';

let registered = false;

export type RenderedPage = PdfImagePage;

/** Draws `lines` at `dpi` on an A4-ish page (scaled down by `scale` to keep tests fast). */
export function renderTextPage(lines: string[], opts: { dpi?: number; mime?: 'image/jpeg' | 'image/png'; width?: number; height?: number; fontPx?: number } = {}): RenderedPage {
  if (!registered) {
    GlobalFonts.registerFromPath(fontPath(), 'DejaVuTest');
    registered = true;
  }
  const dpi = opts.dpi ?? 200;
  const width = opts.width ?? Math.round(8.27 * dpi);
  const height = opts.height ?? Math.round(11.69 * dpi);
  const fontPx = opts.fontPx ?? Math.round(dpi / 6);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#000';
  ctx.font = `${fontPx}px DejaVuTest`;
  ctx.textBaseline = 'alphabetic';
  const out: OcrLine[] = [];
  const margin = Math.round(dpi * 0.8);
  let baseline = margin + fontPx;
  const space = ctx.measureText(' ').width;
  for (const text of lines) {
    let x = margin;
    const words: OcrLine['words'] = [];
    for (const word of text.split(' ')) {
      const m = ctx.measureText(word);
      ctx.fillText(word, x, baseline);
      words.push({ text: word, confidence: 95, bbox: { x0: Math.round(x), y0: Math.round(baseline - m.actualBoundingBoxAscent), x1: Math.round(x + m.width), y1: Math.round(baseline + m.actualBoundingBoxDescent) } });
      x += m.width + space;
    }
    const y0 = Math.min(...words.map((w) => w.bbox.y0));
    const y1 = Math.max(...words.map((w) => w.bbox.y1));
    out.push({ words, bbox: { x0: words[0]!.bbox.x0, y0, x1: words.at(-1)!.bbox.x1, y1 } });
    baseline += Math.round(fontPx * 1.6);
  }
  const image = opts.mime === 'image/png' ? canvas.toBuffer('image/png') : canvas.toBuffer('image/jpeg', 85);
  return { image, mime: opts.mime ?? 'image/jpeg', width, height, dpi, lines: out };
}

/** Fails loudly (not a skip) when a CLI tool CI installs with apt is missing here. */
export function requireTool(bin: string, aptPackage: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'pipe' });
  } catch {
    throw new Error(`Thiếu công cụ "${bin}": cài bằng "apt-get install -y ${aptPackage}" (CI cài sẵn).`);
  }
}

export const VI_LINES = [
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
  'Cộng hòa xã hội chủ nghĩa Việt Nam',
  'Đơn đề nghị cấp giấy khai sinh',
  'Kính gửi: Ủy ban nhân dân phường Bến Nghé',
  'Họ, chữ đệm, tên người yêu cầu: Nguyễn Thị Thu Hương',
  'Nơi cư trú: số 12 đường Lê Lợi, quận Hoàn Kiếm, thành phố Hà Nội',
  'Giấy tờ tùy thân: Căn cước công dân số 001190012345',
  'Quan hệ với người được khai sinh: mẹ đẻ',
  'Đề nghị cơ quan đăng ký khai sinh cho người dưới đây: ắ ằ ẳ ẵ ặ ấ ầ ẩ ẫ ậ',
  'ế ề ể ễ ệ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ứ ừ ử ữ ự ý ỳ ỷ ỹ ỵ đ Đ ơ ư Ơ Ư',
];

/** A hand-written PDF (pdf-lib would normalize names), xref offsets computed. */
export function rawPdf(objects: string[]): Buffer {
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
