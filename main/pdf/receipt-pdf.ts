// Form 01 (Circular 01/2018): "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", A5, two copies (one kept,
// one for the applicant), with the QR code every printed paper carries top-left (dossier code,
// procedure code, applicant's identifier, document name, system name, issue time, due date).
// Fields follow ../shared/domain/one-stop-rules.md §3.
import type { PDFPage } from 'pdf-lib';
import { toVietnamIso } from '../../shared/domain/vietnam-time';
import { A5, drawFormHead, drawSignatures, newFormDocument, paragraphs, qrModules, qrText, spoken, centred, type Fonts, type QrModules } from './form-layout';
import { processingTimeText } from '../../shared/domain/procedure-catalog';

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

/** What the QR code says: one "key: value" per line, readable by any phone's camera app. */
export function receiptQrText(r: ReceiptData): string {
  return qrText({
    dossierCode: r.dossierCode,
    procedureCode: r.procedureCode,
    applicantId: r.applicant.idNumber,
    documentName: RECEIPT_TITLE,
    systemName: r.systemName,
    issuedAt: r.issuedAt,
    extra: [['Hẹn trả', r.dueAt ? toVietnamIso(r.dueAt) : '—']],
  });
}

export async function buildReceiptPdf(r: ReceiptData): Promise<Uint8Array> {
  const { doc, fonts } = await newFormDocument({ title: `${RECEIPT_TITLE} ${r.dossierCode}`, subject: r.dossierCode, author: r.officerName, creator: r.systemName, at: r.issuedAt });
  const modules = qrModules(receiptQrText(r));
  for (const copy of ['Liên 1: Lưu tại bộ phận tiếp nhận', 'Liên 2: Giao người nộp hồ sơ']) {
    drawCopy(doc.addPage([A5.width, A5.height]), r, copy, fonts, modules);
  }
  return doc.save();
}

function drawCopy(page: PDFPage, r: ReceiptData, copy: string, f: Fonts, modules: QrModules): void {
  let y = drawFormHead(page, f, modules, { unitName: r.unitName, deskName: r.deskName });
  centred(page, 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', f.bold, 11, A5.width / 2, y);
  y -= 14;
  centred(page, `Mã hồ sơ: ${r.dossierCode}`, f.bold, 9.5, A5.width / 2, y);
  y -= 11;
  centred(page, `(${copy})`, f.regular, 7.5, A5.width / 2, y);
  y -= 16;

  // A long checklist is set smaller so the copy stays on one A5 page.
  const lines = r.components.length + (r.missing?.length ?? 0);
  const w = paragraphs(page, f, y, lines > 10 ? { size: 7.5, lead: 9.5 } : { size: 9, lead: 12 });
  const para = w.para;
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
  // Signatures: applicant left, receiving officer right (name printed under the space to sign).
  drawSignatures(page, f, w.y - 8, { title: 'NGƯỜI NỘP HỒ SƠ', name: r.applicant.name }, { title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', name: r.officerName });
}
