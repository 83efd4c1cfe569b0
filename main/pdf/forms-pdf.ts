// Forms 02–06 (Circular 01/2018; ../shared/domain/one-stop-rules.md §3): 02 Phiếu yêu cầu bổ sung,
// hoàn thiện hồ sơ · 03 Phiếu từ chối tiếp nhận · 04 Phiếu xin lỗi và hẹn lại ngày trả kết quả ·
// 05 Phiếu kiểm soát quá trình giải quyết (A5) · 06 Sổ theo dõi hồ sơ (A4 landscape). Each carries the
// QR code top-left like Form 01 (main/pdf/form-layout.ts). Times are Vietnam time; due moments come
// from the due-moment function (the service passes them).
import type { PDFPage } from 'pdf-lib';
import { formatVietnamDateTime, formatVietnamDate } from '../../shared/domain/vietnam-time';
import { A4_LANDSCAPE, A5, BLACK, MARGIN, centred, drawFormHead, drawSignatures, newFormDocument, paragraphs, qrModules, qrText, spoken, wrap, type Fonts } from './form-layout';

export const FORM_TITLES = {
  '02': 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
  '03': 'Phiếu từ chối tiếp nhận giải quyết hồ sơ',
  '04': 'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
  '05': 'Phiếu kiểm soát quá trình giải quyết hồ sơ',
  '06': 'Sổ theo dõi hồ sơ',
} as const;
export type FormNumber = keyof typeof FORM_TITLES;

/** Who prints, where, when. */
export interface FormIssuer {
  unitName: string;
  deskName: string;
  systemName: string;
  officerName: string;
  issuedAt: Date;
}

export interface FormDossier {
  code: string;
  procedureCode: string;
  procedureName: string;
  applicant: { name: string; idNumber: string; address: string; phone: string };
  receivedAt: string;
  /** NgayHenTra, the original appointment. */
  dueAt: string | null;
  /** The due moment now (after pauses, resumes and apologies); null while paused. */
  currentDueAt: string | null;
  pausedSince: string | null;
}

export type FormData =
  | { form: '02'; dossier: FormDossier; papers: string[]; reason: string; at: string }
  | { form: '03'; dossier: FormDossier; reason: string; at: string }
  | { form: '04'; dossier: FormDossier; previousDue: string | null; newDue: string; reason: string; at: string }
  | { form: '05'; dossier: FormDossier; rows: ControlRow[] };

/** One hand-over or status step of Form 05. */
export interface ControlRow {
  at: string;
  step: string;
  officer: string;
  note: string;
  /** The due moment in force at that step (null while paused). */
  dueThen: string | null;
  /** Whether the step ends processing (its result is judged early / on time / late). */
  ends: boolean;
}

const dt = (iso: string | null | undefined) => (iso ? formatVietnamDateTime(iso) : '—');

/** Early (a day before the due day or earlier), on time, or late, against a due moment. */
export function timeliness(at: string, due: string | null): string {
  if (!due) return 'Tạm dừng';
  const a = Date.parse(at);
  const d = Date.parse(due);
  if (a > d) return 'Trễ hạn';
  return formatVietnamDate(a) !== formatVietnamDate(d) && a < d ? 'Trước hạn' : 'Đúng hạn';
}

function dossierQr(d: FormDossier, form: FormNumber, issuer: FormIssuer): string {
  return qrText({ dossierCode: d.code, procedureCode: d.procedureCode, applicantId: d.applicant.idNumber, documentName: FORM_TITLES[form], systemName: issuer.systemName, issuedAt: issuer.issuedAt });
}

function title(page: PDFPage, f: Fonts, y: number, form: FormNumber, code: string): number {
  const lines = wrap(FORM_TITLES[form].toUpperCase(), f.bold, 11, page.getSize().width - 2 * MARGIN);
  for (const l of lines) {
    centred(page, l, f.bold, 11, page.getSize().width / 2, y);
    y -= 14;
  }
  centred(page, `Mã hồ sơ: ${code}`, f.bold, 9.5, page.getSize().width / 2, y);
  return y - 11;
}

/** Forms 02–05 for one dossier, A5. */
export async function buildFormPdf(data: FormData, issuer: FormIssuer): Promise<Uint8Array> {
  const d = data.dossier;
  const { doc, fonts: f } = await newFormDocument({ title: `${FORM_TITLES[data.form]} ${d.code}`, subject: d.code, author: issuer.officerName, creator: issuer.systemName, at: issuer.issuedAt });
  const modules = qrModules(dossierQr(d, data.form, issuer));
  let page = doc.addPage([A5.width, A5.height]);
  let y = drawFormHead(page, f, modules, { unitName: issuer.unitName, deskName: issuer.deskName });
  y = title(page, f, y, data.form, d.code) - 10;
  const w = paragraphs(page, f, y);
  const para = w.para;
  const applicant = () => {
    para(`Kính gửi Ông/Bà: ${d.applicant.name}`, f.bold);
    para(`Số định danh cá nhân: ${d.applicant.idNumber || '…'}    Số điện thoại: ${d.applicant.phone || '…'}`);
    para(`Địa chỉ: ${d.applicant.address || '…'}`);
  };
  if (data.form === '02') {
    applicant();
    para(`Ngày ${spoken(d.receivedAt)}, ${issuer.unitName} tiếp nhận hồ sơ đề nghị giải quyết thủ tục: ${d.procedureName} (mã ${d.procedureCode}).`);
    para(`Ngày ${spoken(data.at)}, hồ sơ cần được bổ sung, hoàn thiện như sau:`);
    data.papers.forEach((p, i) => para(`${i + 1}. ${p}`, f.regular, 10));
    para(`Lý do: ${data.reason}`);
    para('Thời gian giải quyết hồ sơ tạm dừng từ lúc yêu cầu bổ sung cho đến khi nhận đủ hồ sơ bổ sung; hạn trả kết quả được tính lại khi tiếp tục giải quyết.');
    para(`Hạn trả kết quả trước khi tạm dừng: ${d.dueAt ? spoken(d.dueAt) : '…'}`);
    para('Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ với bộ phận tiếp nhận để được hướng dẫn.');
  } else if (data.form === '03') {
    applicant();
    para(`${issuer.unitName} tiếp nhận hồ sơ đề nghị giải quyết thủ tục: ${d.procedureName} (mã ${d.procedureCode}).`);
    para(`Ngày ${spoken(data.at)}, sau khi xem xét, bộ phận tiếp nhận từ chối tiếp nhận hồ sơ với lý do:`);
    para(data.reason, f.bold, 10);
    para('Xin thông báo để Ông/Bà được biết và thực hiện.');
  } else if (data.form === '04') {
    applicant();
    para(`Ngày ${spoken(d.receivedAt)}, ${issuer.unitName} tiếp nhận hồ sơ đề nghị giải quyết thủ tục: ${d.procedureName} (mã ${d.procedureCode}).`);
    para(`Thời gian hẹn trả kết quả ban đầu: ${d.dueAt ? spoken(d.dueAt) : '…'}`);
    if (data.previousDue && data.previousDue !== d.dueAt) para(`Thời gian hẹn trả kết quả trước khi hẹn lại: ${spoken(data.previousDue)}`);
    para(`Tuy nhiên đến nay, hồ sơ chưa giải quyết xong. Lý do: ${data.reason}`);
    para(`${issuer.unitName} xin lỗi Ông/Bà vì sự chậm trễ này và hẹn lại thời gian trả kết quả vào: ${spoken(data.newDue)}.`, f.bold);
    para('Rất mong nhận được sự thông cảm của Ông/Bà.');
  } else {
    para(`Tên thủ tục: ${d.procedureName} (mã ${d.procedureCode})`);
    para(`Người nộp hồ sơ: ${d.applicant.name}${d.applicant.idNumber ? ` — số định danh ${d.applicant.idNumber}` : ''}`);
    para(`Thời gian nhận hồ sơ: ${dt(d.receivedAt)}    Hẹn trả ban đầu: ${dt(d.dueAt)}`);
    para(d.pausedSince ? `Hạn hiện tại: tạm dừng từ ${dt(d.pausedSince)}` : `Hạn hiện tại: ${dt(d.currentDueAt)}`);
    // The table: time, step, officer, note, result vs due; continues on further pages.
    const cols = [
      { title: 'Thời gian', w: 62 },
      { title: 'Bước xử lý / bàn giao', w: 96 },
      { title: 'Cán bộ', w: 70 },
      { title: 'Ghi chú', w: 76 },
      { title: 'Kết quả', w: 59.5 },
    ];
    const cells = (r: ControlRow) => [dt(r.at), r.step, r.officer, r.note, r.ends ? timeliness(r.at, r.dueThen) : `Hạn: ${dt(r.dueThen)}`];
    y = w.y - 4;
    const header = () => {
      y = drawRow(page, f.bold, 7, cols, cols.map((c) => c.title), y);
    };
    header();
    for (const r of data.rows) {
      const need = rowHeight(f.regular, 7, cols, cells(r));
      if (y - need < MARGIN + 70) {
        page = doc.addPage([A5.width, A5.height]);
        y = A5.height - MARGIN;
        header();
      }
      y = drawRow(page, f.regular, 7, cols, cells(r), y);
    }
    w.y = y - 12;
  }
  w.y -= 6;
  para(`${formatVietnamDate(issuer.issuedAt)}`);
  drawSignatures(page, f, Math.max(w.y - 4, MARGIN + 62), data.form === '05' ? null : { title: 'NGƯỜI NỘP HỒ SƠ', name: d.applicant.name }, { title: 'CÁN BỘ TIẾP NHẬN', name: issuer.officerName });
  return doc.save();
}

type Col = { title: string; w: number };
const PAD = 2.5;

function rowHeight(font: Fonts['regular'], size: number, cols: Col[], values: string[]): number {
  const lines = Math.max(...values.map((v, i) => wrap(v, font, size, cols[i]!.w - 2 * PAD).length));
  return lines * (size + 2) + 2 * PAD;
}

/** A bordered table row from `top`; returns its bottom. */
function drawRow(page: PDFPage, font: Fonts['regular'], size: number, cols: Col[], values: string[], top: number): number {
  const h = rowHeight(font, size, cols, values);
  let x = MARGIN;
  cols.forEach((c, i) => {
    page.drawRectangle({ x, y: top - h, width: c.w, height: h, borderColor: BLACK, borderWidth: 0.5 });
    wrap(values[i] ?? '', font, size, c.w - 2 * PAD).forEach((l, j) => page.drawText(l, { x: x + PAD, y: top - PAD - size - j * (size + 2) + 1, size, font, color: BLACK }));
    x += c.w;
  });
  return top - h;
}

export interface RegisterRow {
  code: string;
  procedureName: string;
  applicant: string;
  receivedAt: string;
  /** The due moment now (current), and the original appointment when different (in the note). */
  dueAt: string | null;
  returnedAt: string | null;
  status: string;
  note: string;
}

export interface RegisterData {
  from: string;
  to: string;
  rows: RegisterRow[];
}

export const REGISTER_COLUMNS = ['STT', 'Mã hồ sơ', 'Tên thủ tục', 'Người nộp', 'Ngày nhận', 'Hẹn trả', 'Ngày trả', 'Trạng thái', 'Ghi chú'] as const;

/** The register's cells for one row, as printed and exported (dd/MM/yyyy HH:mm). */
export function registerCells(r: RegisterRow, i: number): string[] {
  return [String(i + 1), r.code, r.procedureName, r.applicant, dt(r.receivedAt), dt(r.dueAt), r.returnedAt ? dt(r.returnedAt) : '', r.status, r.note];
}

const periodText = (from: string, to: string) => `${from.slice(8, 10)}/${from.slice(5, 7)}/${from.slice(0, 4)} – ${to.slice(8, 10)}/${to.slice(5, 7)}/${to.slice(0, 4)}`;

/** Form 06: the register of dossiers received in a period, A4 landscape, header repeated per page. */
export async function buildRegisterPdf(data: RegisterData, issuer: FormIssuer): Promise<Uint8Array> {
  const period = periodText(data.from, data.to);
  const { doc, fonts: f } = await newFormDocument({ title: `${FORM_TITLES['06']} ${period}`, subject: period, author: issuer.officerName, creator: issuer.systemName, at: issuer.issuedAt });
  const modules = qrModules(qrText({ dossierCode: '—', procedureCode: '—', applicantId: '—', documentName: FORM_TITLES['06'], systemName: issuer.systemName, issuedAt: issuer.issuedAt, extra: [['Kỳ', period]] }));
  const cols: Col[] = [26, 118, 150, 100, 66, 66, 66, 80, 113.89].map((w, i) => ({ title: REGISTER_COLUMNS[i]!, w }));
  let page = doc.addPage([A4_LANDSCAPE.width, A4_LANDSCAPE.height]);
  let y = drawFormHead(page, f, modules, { unitName: issuer.unitName, deskName: issuer.deskName });
  centred(page, 'SỔ THEO DÕI HỒ SƠ', f.bold, 12, A4_LANDSCAPE.width / 2, y);
  y -= 14;
  centred(page, `Hồ sơ tiếp nhận từ ngày ${period} — ${data.rows.length} hồ sơ`, f.regular, 9, A4_LANDSCAPE.width / 2, y);
  y -= 12;
  const header = () => {
    y = drawRow(page, f.bold, 7.5, cols, cols.map((c) => c.title), y);
  };
  header();
  data.rows.forEach((r, i) => {
    const cells = registerCells(r, i);
    if (y - rowHeight(f.regular, 7.5, cols, cells) < MARGIN) {
      page = doc.addPage([A4_LANDSCAPE.width, A4_LANDSCAPE.height]);
      y = A4_LANDSCAPE.height - MARGIN;
      header();
    }
    y = drawRow(page, f.regular, 7.5, cols, cells, y);
  });
  if (data.rows.length === 0) {
    page.drawText('Không có hồ sơ tiếp nhận trong kỳ.', { x: MARGIN, y: y - 14, size: 9, font: f.regular, color: BLACK });
  }
  const pages = doc.getPages();
  pages.forEach((p, i) => p.drawText(`Trang ${i + 1}/${pages.length} — In lúc ${formatVietnamDateTime(issuer.issuedAt)} — ${issuer.officerName}`, { x: MARGIN, y: 12, size: 7, font: f.regular, color: BLACK }));
  return doc.save();
}
