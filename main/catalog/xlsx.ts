// Excel workbooks (.xlsx) with exceljs: the catalog sheet read cell by cell (numbers stay numbers,
// so a procedure code Excel turned into a number is caught), and the catalog written back in the
// same layout as CSV (./table.ts). A workbook is a zip: its declared unpacked size is checked before
// exceljs unpacks it, so a small file cannot expand into gigabytes. exceljs is loaded on first use
// (it takes a second and some 35 MB: not at every start of the core).
import type ExcelJS from 'exceljs';
import { AppError } from '../../shared/contract/errors';
import { type Cell, type Table, CATALOG_SHEET, GUIDE_LINES } from './table';

async function excel(): Promise<typeof ExcelJS> {
  const m = (await import('exceljs')) as typeof ExcelJS & { default?: typeof ExcelJS };
  return m.default ?? m;
}

/** Unpacked size above which a workbook is refused (a 20,000-procedure catalog is far below). */
export const MAX_XLSX_UNPACKED_BYTES = 200 * 1024 * 1024;

/** The sum of the uncompressed sizes in a zip's central directory, or null when it is not a zip. */
export function zipUnpackedSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  for (let eocd = bytes.length - 22; eocd >= Math.max(0, bytes.length - 65_557); eocd--) {
    if (view.getUint32(eocd, true) !== 0x06054b50) continue;
    const entries = view.getUint16(eocd + 10, true);
    let at = view.getUint32(eocd + 16, true);
    let total = 0;
    for (let n = 0; n < entries; n++) {
      if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return null;
      const size = view.getUint32(at + 24, true);
      if (size === 0xffffffff) return Infinity; // zip64: far beyond any catalog
      total += size;
      at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
    return total;
  }
  return null;
}

function cellOf(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('formula' in v || 'sharedFormula' in v) return cellOf((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('hyperlink' in v) {
      const text = typeof v.text === 'string' ? v.text : '';
      return text || v.hyperlink;
    }
    if ('error' in v) return String(v.error);
  }
  return String(v);
}

/** The catalog sheet's rows as cells: the sheet named ThuTuc (or "Thủ tục"), else the first one. */
export async function readXlsx(bytes: Uint8Array): Promise<{ sheet: string; rows: { row: number; cells: Cell[] }[] }> {
  const unpacked = zipUnpackedSize(bytes);
  if (unpacked === null) {
    const ole = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
    throw new AppError(
      'FILE_UNSUPPORTED',
      ole ? 'Tệp .xls (Excel 97–2003) chưa đọc được: mở trong Excel, chọn Lưu thành → “Excel Workbook (.xlsx)” rồi nhập lại.' : 'Tệp không phải bảng tính Excel .xlsx hợp lệ (có thể bị hỏng). Không có gì được nhập.',
    );
  }
  if (unpacked > MAX_XLSX_UNPACKED_BYTES) {
    throw new AppError('FILE_TOO_LARGE', `Bảng tính giải nén ra hơn ${MAX_XLSX_UNPACKED_BYTES / 1024 / 1024} MB: quá lớn cho một danh mục thủ tục. Không có gì được nhập.`);
  }
  const wb = new (await excel()).Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch {
    throw new AppError('FILE_CORRUPT', 'Không đọc được bảng tính Excel (tệp bị hỏng hoặc không phải .xlsx). Không có gì được nhập.');
  }
  const named = wb.worksheets.find((w) => /^(thutuc|thu tuc|thủ tục)$/i.test(w.name.trim()));
  const ws = named ?? wb.worksheets[0];
  if (!ws) throw new AppError('FILE_EMPTY', 'Bảng tính không có trang nào. Không có gì được nhập.');
  const rows: { row: number; cells: Cell[] }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[];
    const cells: Cell[] = [];
    for (let c = 1; c < values.length; c++) cells.push(cellOf(values[c] ?? null));
    rows.push({ row: rowNumber, cells });
  });
  return { sheet: ws.name, rows };
}

/** The catalog as a workbook: the ThuTuc sheet (codes as text, header frozen) and a HuongDan sheet. */
export async function writeXlsx(table: Table): Promise<Buffer> {
  const wb = new (await excel()).Workbook();
  wb.creator = 'Một Cửa Số';
  // Fixed dates: the same catalog gives the same workbook contents.
  wb.created = new Date('2026-01-01T00:00:00Z');
  wb.modified = new Date('2026-01-01T00:00:00Z');
  const ws = wb.addWorksheet(CATALOG_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = table.header.map((h, i) => ({ header: h, key: String(i), width: table.widths[i] ?? 16, style: i === 0 ? { numFmt: '@' } : {} }));
  ws.getRow(1).font = { bold: true };
  for (const r of table.rows) ws.addRow(r).alignment = { wrapText: true, vertical: 'top' };
  const guide = wb.addWorksheet('HuongDan');
  guide.getColumn(1).width = 120;
  for (const line of GUIDE_LINES) guide.addRow([line]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
