// Form 01 (Circular 01/2018): "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", A5, two copies (one kept,
// one for the applicant), with the QR code every printed paper carries top-left (dossier code,
// procedure code, applicant's identifier, document name, system name, issue time, due date).
// Fields follow ../shared/domain/one-stop-rules.md §3.
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import { processingTimeText } from '../../shared/domain/procedure-catalog';
import { toVietnamIso, vietnamDateParts } from '../../shared/domain/vietnam-time';
import { boldFontBytes, fontBytes } from './font';

export interface ReceiptData {
  unitName: string;
  deskName: string;
  dossierCode: string;
  procedureCode: string;
  procedureName: string;
  processingDays: number;
  /** Set for procedures counted in working hours. */
  processingHours?: number | null;
  applicant: { name: string; idNumber: string; address: string; phone: string; email: string };
  components: { name: string; copies: number }[];
  /** Required papers not handed in (the officer confirmed receiving without them): listed, never dropped. */
  missing?: string[];
  receivedAt: Date;
  dueAt: Date | null;
  officerName: string;
  issuedAt: Date;
  systemName: string;
}

export const RECEIPT_TITLE = 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả';

/** A5 in points. */
const PAGE = { width: 419.53, height: 595.28 };
const MARGIN = 28;
/** About 28 mm: modules of about 0.55 mm at the code's usual size, which phone cameras read. */
const QR_SIZE = 80;

/** "17 giờ 00 phút, ngày 05/11/2026" in Vietnam time, as the form writes moments. */
const spoken = (d: Date) => {
  const p = vietnamDateParts(d);
  return `${p.hh} giờ ${p.mi} phút, ngày ${p.dd}/${p.mm}/${p.yyyy}`;
};

/** What the QR code says: one "key: value" per line, readable by any phone's camera app. */
export function receiptQrText(r: ReceiptData): string {
  return [
    `Mã hồ sơ: ${r.dossierCode}`,
    `Mã thủ tục: ${r.procedureCode}`,
    `Số định danh: ${r.applicant.idNumber || '—'}`,
    `Giấy tờ: ${RECEIPT_TITLE}`,
    `Hệ thống: ${r.systemName}`,
    `Phát hành: ${toVietnamIso(r.issuedAt)}`,
    `Hẹn trả: ${r.dueAt ? toVietnamIso(r.dueAt) : '—'}`,
  ].join('\n');
}

/** Splits `text` into lines no wider than `width` at `size`, breaking at spaces. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) <= width || !line) line = next;
    else {
      out.push(line);
      line = word;
    }
  }
  if (line) out.push(line);
  return out.length ? out : [''];
}

export async function buildReceiptPdf(r: ReceiptData): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const regular = await doc.embedFont(fontBytes(), { subset: true });
  const bold = await doc.embedFont(boldFontBytes(), { subset: true });
  doc.setTitle(`${RECEIPT_TITLE} ${r.dossierCode}`);
  doc.setSubject(r.dossierCode);
  doc.setAuthor(r.officerName);
  doc.setCreator(r.systemName);
  doc.setProducer('Một Cửa Số');
  doc.setCreationDate(r.issuedAt);
  doc.setModificationDate(r.issuedAt);
  // Level L keeps the code at a size phones read from paper; the paper itself is the backup.
  const qr = QRCode.create(receiptQrText(r), { errorCorrectionLevel: 'L' });
  for (const copy of ['Liên 1: Lưu tại bộ phận tiếp nhận', 'Liên 2: Giao người nộp hồ sơ']) {
    drawCopy(doc.addPage([PAGE.width, PAGE.height]), r, copy, { regular, bold }, qr.modules);
  }
  return doc.save();
}

function drawCopy(page: PDFPage, r: ReceiptData, copy: string, f: { regular: PDFFont; bold: PDFFont }, modules: { size: number; get(row: number, col: number): number }): void {
  const black = rgb(0, 0, 0);
  const right = PAGE.width - MARGIN;
  const width = right - MARGIN;
  let y = PAGE.height - MARGIN;

  // QR top-left, drawn as vector squares (sharp at any printer resolution), with a quiet zone.
  const cell = QR_SIZE / modules.size;
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) page.drawRectangle({ x: MARGIN + col * cell, y: y - (row + 1) * cell, width: cell + 0.05, height: cell + 0.05, color: black });
    }
  }
  // Agency (left of centre, beside the QR) and the national motto (right).
  const centred = (text: string, font: PDFFont, size: number, cx: number, at: number) => page.drawText(text, { x: cx - font.widthOfTextAtSize(text, size) / 2, y: at, size, font: font, color: black });
  const leftCx = MARGIN + QR_SIZE + (width / 2 - QR_SIZE) / 2 + 6;
  const agency = wrap(r.unitName.toUpperCase(), f.bold, 7.5, width / 2 - QR_SIZE - 4);
  agency.slice(0, 3).forEach((l, i) => centred(l, f.bold, 7.5, leftCx, y - 9 - i * 9.5));
  centred(r.deskName, f.regular, 7.5, leftCx, y - 12 - Math.min(3, agency.length) * 9.5);
  const rightCx = MARGIN + width * 0.75 + 8;
  centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', f.bold, 7.5, rightCx, y - 9);
  centred('Độc lập - Tự do - Hạnh phúc', f.bold, 8, rightCx, y - 19.5);
  page.drawLine({ start: { x: rightCx - 42, y: y - 24.5 }, end: { x: rightCx + 42, y: y - 24.5 }, thickness: 0.6, color: black });
  y -= QR_SIZE + 14;

  centred('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', f.bold, 11, PAGE.width / 2, y);
  y -= 14;
  centred(`Mã hồ sơ: ${r.dossierCode}`, f.bold, 9.5, PAGE.width / 2, y);
  y -= 11;
  centred(`(${copy})`, f.regular, 7.5, PAGE.width / 2, y);
  y -= 16;

  // A long checklist is set smaller so the copy stays on one A5 page.
  const lines = r.components.length + (r.missing?.length ?? 0);
  const size = lines > 10 ? 7.5 : 9;
  const lead = lines > 10 ? 9.5 : 12;
  const para = (text: string, font = f.regular, indent = 0) => {
    for (const l of wrap(text, font, size, width - indent)) {
      page.drawText(l, { x: MARGIN + indent, y, size, font, color: black });
      y -= lead;
    }
  };
  para(`${r.unitName} tiếp nhận hồ sơ của:`);
  para(`Ông/Bà: ${r.applicant.name}`, f.bold);
  para(`Số định danh cá nhân: ${r.applicant.idNumber || '…'}`);
  para(`Địa chỉ: ${r.applicant.address || '…'}`);
  para(`Số điện thoại: ${r.applicant.phone || '…'}    Email: ${r.applicant.email || '…'}`);
  para(`Nội dung yêu cầu giải quyết: ${r.procedureName} (mã ${r.procedureCode})`);
  para('Thành phần hồ sơ nộp gồm:');
  r.components.forEach((c, i) => para(`${i + 1}. ${c.name}  —  số lượng: ${String(c.copies).padStart(2, '0')}`, f.regular, 10));
  if (r.missing?.length) para(`Giấy tờ còn thiếu: ${r.missing.join('; ')}`, f.bold);
  para('Số lượng hồ sơ: 01 (bộ)');
  para(`Thời gian giải quyết hồ sơ theo quy định là: ${processingTimeText(r)}`);
  para(`Thời gian nhận hồ sơ: ${spoken(r.receivedAt)}`);
  para(`Thời gian trả kết quả giải quyết hồ sơ: ${r.dueAt ? spoken(r.dueAt) : 'theo quy định của thủ tục'}`, f.bold);
  para(`Đăng ký nhận kết quả tại: ${r.unitName}${r.deskName ? `, ${r.deskName}` : ''}`);
  para('Vào Sổ theo dõi hồ sơ, Quyển số: ……… Số thứ tự: ………');
  y -= 8;

  // Signatures: applicant left, receiving officer right (name printed under the space to sign).
  const colL = MARGIN + width * 0.25;
  const colR = MARGIN + width * 0.75;
  centred('NGƯỜI NỘP HỒ SƠ', f.bold, 8.5, colL, y);
  centred('NGƯỜI TIẾP NHẬN HỒ SƠ', f.bold, 8.5, colR, y);
  y -= 10;
  centred('(Ký và ghi rõ họ tên)', f.regular, 7.5, colL, y);
  centred('(Ký và ghi rõ họ tên)', f.regular, 7.5, colR, y);
  y -= 48;
  centred(r.applicant.name, f.regular, 8.5, colL, y);
  centred(r.officerName, f.regular, 8.5, colR, y);
}
