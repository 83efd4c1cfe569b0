// Form 06, the register of dossiers (Sổ theo dõi hồ sơ), as an Excel workbook: the same rows and
// columns as the printed register (main/pdf/forms-pdf.ts), times as dd/MM/yyyy HH:mm text in Vietnam
// time so Excel on any PC shows what the paper shows.
import ExcelJS from 'exceljs';
import { formatVietnamDateTime } from '../../shared/domain/vietnam-time';
import { FORM_TITLES, REGISTER_COLUMNS, registerCells, type FormIssuer, type RegisterData } from '../pdf/forms-pdf';

const WIDTHS = [6, 28, 40, 26, 17, 17, 17, 22, 40];

export async function buildRegisterXlsx(data: RegisterData, issuer: FormIssuer): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = issuer.systemName;
  wb.created = issuer.issuedAt;
  wb.modified = issuer.issuedAt;
  const ws = wb.addWorksheet('So theo doi ho so', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const period = `${data.from.split('-').reverse().join('/')} – ${data.to.split('-').reverse().join('/')}`;
  ws.addRow([issuer.unitName.toUpperCase()]).font = { bold: true };
  ws.addRow([`${FORM_TITLES['06'].toUpperCase()} — từ ngày ${period}`]).font = { bold: true, size: 13 };
  ws.addRow([`${data.rows.length} hồ sơ — in lúc ${formatVietnamDateTime(issuer.issuedAt)} — ${issuer.officerName}`]);
  ws.addRow([]);
  const head = ws.addRow([...REGISTER_COLUMNS]);
  head.font = { bold: true };
  head.eachCell((c) => {
    c.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
    c.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  data.rows.forEach((r, i) => {
    const cells: (string | number)[] = registerCells(r, i);
    cells[0] = i + 1;
    const row = ws.addRow(cells);
    row.eachCell({ includeEmpty: true }, (c) => {
      c.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
      c.alignment = { vertical: 'top', wrapText: true };
    });
  });
  WIDTHS.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.views = [{ state: 'frozen', ySplit: 5 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
