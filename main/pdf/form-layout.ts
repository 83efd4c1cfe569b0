// What every printed form shares (Circular 01/2018, ../shared/domain/one-stop-rules.md §3): the
// DejaVu fonts embedded, A5/A4 pages, the QR code top-left (dossier code, procedure code, applicant's
// identifier, document name, system name, issue time), the agency block beside it and the national
// motto, wrapped paragraphs, and moments written the way the forms write them (Vietnam time).
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import { toVietnamIso, vietnamDateParts } from '../../shared/domain/vietnam-time';
import { boldFontBytes, fontBytes } from './font';

/** A5 portrait in points. */
export const A5 = { width: 419.53, height: 595.28 };
/** A4 landscape in points (the register). */
export const A4_LANDSCAPE = { width: 841.89, height: 595.28 };
export const MARGIN = 28;
/** About 28 mm: modules of about 0.55 mm at the code's usual size, which phone cameras read. */
export const QR_SIZE = 80;
export const BLACK = rgb(0, 0, 0);

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** "17 giờ 00 phút, ngày 05/11/2026" in Vietnam time, as the forms write moments. */
export function spoken(d: Date | string): string {
  const p = vietnamDateParts(d);
  return `${p.hh} giờ ${p.mi} phút, ngày ${p.dd}/${p.mm}/${p.yyyy}`;
}

/** What every paper's QR code says: one "key: value" per line, readable by any phone's camera app. */
export interface QrFields {
  dossierCode: string;
  procedureCode: string;
  applicantId: string;
  documentName: string;
  systemName: string;
  issuedAt: Date;
  /** Extra lines (the receipt adds its due date). */
  extra?: [string, string][];
}

export function qrText(q: QrFields): string {
  return [
    `Mã hồ sơ: ${q.dossierCode}`,
    `Mã thủ tục: ${q.procedureCode}`,
    `Số định danh: ${q.applicantId || '—'}`,
    `Giấy tờ: ${q.documentName}`,
    `Hệ thống: ${q.systemName}`,
    `Phát hành: ${toVietnamIso(q.issuedAt)}`,
    ...(q.extra ?? []).map(([k, v]) => `${k}: ${v}`),
  ].join('\n');
}

export type QrModules = { size: number; get(row: number, col: number): number };

/** Level L keeps the code at a size phones read from paper; the paper itself is the backup. */
export function qrModules(text: string): QrModules {
  return QRCode.create(text, { errorCorrectionLevel: 'L' }).modules;
}

/** A document with the fonts embedded and its metadata set. */
export async function newFormDocument(meta: { title: string; subject: string; author: string; creator: string; at: Date }): Promise<{ doc: PDFDocument; fonts: Fonts }> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const regular = await doc.embedFont(fontBytes(), { subset: true });
  const bold = await doc.embedFont(boldFontBytes(), { subset: true });
  doc.setTitle(meta.title);
  doc.setSubject(meta.subject);
  doc.setAuthor(meta.author);
  doc.setCreator(meta.creator);
  doc.setProducer('Một Cửa Số');
  doc.setCreationDate(meta.at);
  doc.setModificationDate(meta.at);
  return { doc, fonts: { regular, bold } };
}

/** Splits `text` into lines no wider than `width` at `size`, breaking at spaces. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) <= width || !line) line = next;
      else {
        out.push(line);
        line = word;
      }
    }
    if (line) out.push(line);
  }
  return out.length ? out : [''];
}

/** Text centred on `cx`. */
export function centred(page: PDFPage, text: string, font: PDFFont, size: number, cx: number, y: number): void {
  page.drawText(text, { x: cx - font.widthOfTextAtSize(text, size) / 2, y, size, font, color: BLACK });
}

/** The QR code as vector squares (sharp at any printer resolution), its top-left corner at (x, top). */
export function drawQr(page: PDFPage, modules: QrModules, x: number, top: number, size = QR_SIZE): void {
  const cell = size / modules.size;
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) page.drawRectangle({ x: x + col * cell, y: top - (row + 1) * cell, width: cell + 0.05, height: cell + 0.05, color: BLACK });
    }
  }
}

/**
 * The head of every form: QR top-left, the agency (and desk) beside it, the national motto on the
 * right. Returns the y below the QR where the title goes.
 */
export function drawFormHead(page: PDFPage, f: Fonts, modules: QrModules, agency: { unitName: string; deskName: string }): number {
  const { width: pageWidth, height } = page.getSize();
  const width = pageWidth - 2 * MARGIN;
  const y = height - MARGIN;
  drawQr(page, modules, MARGIN, y);
  const leftCx = MARGIN + QR_SIZE + (width / 2 - QR_SIZE) / 2 + 6;
  const lines = wrap(agency.unitName.toUpperCase(), f.bold, 7.5, width / 2 - QR_SIZE - 4);
  lines.slice(0, 3).forEach((l, i) => centred(page, l, f.bold, 7.5, leftCx, y - 9 - i * 9.5));
  if (agency.deskName) centred(page, agency.deskName, f.regular, 7.5, leftCx, y - 12 - Math.min(3, lines.length) * 9.5);
  const rightCx = MARGIN + width * 0.75 + 8;
  centred(page, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', f.bold, 7.5, rightCx, y - 9);
  centred(page, 'Độc lập - Tự do - Hạnh phúc', f.bold, 8, rightCx, y - 19.5);
  page.drawLine({ start: { x: rightCx - 42, y: y - 24.5 }, end: { x: rightCx + 42, y: y - 24.5 }, thickness: 0.6, color: BLACK });
  return y - QR_SIZE - 14;
}

/** A writer of wrapped paragraphs down a page, from `y`. */
export function paragraphs(page: PDFPage, f: Fonts, start: number, opts: { size?: number; lead?: number } = {}) {
  const size = opts.size ?? 9;
  const lead = opts.lead ?? 12;
  const width = page.getSize().width - 2 * MARGIN;
  const w = {
    y: start,
    para(text: string, font: PDFFont = f.regular, indent = 0) {
      for (const l of wrap(text, font, size, width - indent)) {
        page.drawText(l, { x: MARGIN + indent, y: w.y, size, font, color: BLACK });
        w.y -= lead;
      }
    },
  };
  return w;
}

/** Two signature columns (title, "(Ký và ghi rõ họ tên)", the name printed under the space). */
export function drawSignatures(page: PDFPage, f: Fonts, y: number, left: { title: string; name: string } | null, right: { title: string; name: string }): void {
  const width = page.getSize().width - 2 * MARGIN;
  const cols: [number, { title: string; name: string } | null][] = [
    [MARGIN + width * 0.25, left],
    [MARGIN + width * 0.75, right],
  ];
  for (const [cx, s] of cols) {
    if (!s) continue;
    centred(page, s.title, f.bold, 8.5, cx, y);
    centred(page, '(Ký và ghi rõ họ tên)', f.regular, 7.5, cx, y - 10);
    centred(page, s.name, f.regular, 8.5, cx, y - 58);
  }
}
