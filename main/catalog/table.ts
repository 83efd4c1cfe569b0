// The spreadsheet layout of a catalog, the same for CSV and Excel: one row per procedure under a
// header row, a column per field (./fields.ts FIELDS: Vietnamese headers, the JSON keys also read),
// fees and components each in one cell:
//   Phí và lệ phí:     Lệ phí: 8.000 (trực tuyến: 4.000); Phí cấp bản sao: 3.000
//   Thành phần hồ sơ:  Tờ khai (bản chính, 1 bản); Văn bản ủy quyền (bản sao, 1 bản, không bắt buộc)
// separated by ";" or line breaks inside the cell. Columns may come in any order, and any but Mã
// thủ tục and Tên thủ tục may be left out (what is left out keeps its stored value).
import { COMPONENT_KIND_LABELS, PROCEDURE_LEVELS } from '../../shared/domain/procedure-catalog';
import type { Procedure } from '../../shared/domain/schemas';
import { AppError } from '../../shared/contract/errors';
import { FIELDS, fieldOf, type FieldKey, type RawGet } from './fields';

/** A cell as read: text, or a number or true/false from a spreadsheet. */
export type Cell = string | number | boolean;

export const CATALOG_SHEET = 'ThuTuc';

export interface Table {
  header: string[];
  widths: number[];
  rows: (string | number)[][];
}

export interface TableRow {
  where: string;
  line: number;
  get: RawGet;
  /** A row the file itself breaks (a CSV line with the wrong number of cells). */
  broken: string | null;
}

/**
 * Rows of a sheet, under its header: the first of the first ten rows that names both Mã thủ tục and
 * Tên thủ tục (a title above the table is allowed). `strictWidth`: every row has exactly the header's
 * number of cells (CSV: a missing quote shifts the cells).
 */
export function tableRows(records: { line: number; cells: Cell[] }[], place: (line: number) => string, strictWidth: boolean): { rows: TableRow[]; warnings: string[] } {
  const headerAt = records.slice(0, 10).findIndex((r) => {
    const keys = r.cells.map((c) => fieldOf(String(c)));
    return keys.includes('code') && keys.includes('name');
  });
  if (headerAt < 0) {
    throw new AppError('FILE_UNSUPPORTED', `Không thấy dòng tiêu đề có cột “Mã thủ tục” và “Tên thủ tục” (hoặc code, name) trong 10 dòng đầu. Không có gì được nhập.`);
  }
  const header = records[headerAt]!;
  const columns = new Map<FieldKey, number>();
  const warnings: string[] = [];
  header.cells.forEach((c, i) => {
    const text = String(c).trim();
    if (!text) return;
    const key = fieldOf(text);
    if (!key) warnings.push(`Cột “${text}” không dùng tới, đã bỏ qua.`);
    else if (columns.has(key)) throw new AppError('FILE_UNSUPPORTED', `Có hai cột cùng là “${FIELDS.find((f) => f.key === key)!.header}” (${place(header.line).toLowerCase()}; một tiêu đề có dấu phẩy mà thiếu dấu ngoặc kép cũng bị tách làm hai). Không có gì được nhập.`);
    else columns.set(key, i);
  });
  const width = header.cells.length;
  const rows = records.slice(headerAt + 1).map((r): TableRow => {
    const broken = strictWidth && r.cells.length !== width ? `Dòng có ${r.cells.length} ô nhưng dòng tiêu đề có ${width} ô: có thể một ô chứa dấu phẩy hoặc xuống dòng mà thiếu dấu ngoặc kép bao quanh.` : null;
    return {
      where: place(r.line),
      line: r.line,
      broken,
      get: (key) => {
        const i = columns.get(key);
        if (i === undefined) return undefined;
        const v = r.cells[i];
        return v === undefined ? '' : v;
      },
    };
  });
  return { rows, warnings };
}

const VND = new Intl.NumberFormat('vi-VN');
const yesNo = (b: boolean) => (b ? 'có' : 'không');

/** The catalog as header and rows, as the app writes CSV and Excel files. */
export function toTable(procedures: readonly Procedure[]): Table {
  const header = FIELDS.map((f) => f.header);
  const widths = FIELDS.map((f) => ({ code: 14, name: 50, components: 80, fees: 40, portalUrl: 40, field: 18 })[f.key as string] ?? 12);
  const rows = procedures.map((p) =>
    FIELDS.map((f): string | number => {
      switch (f.key) {
        case 'code':
          return p.code;
        case 'name':
          return p.name;
        case 'field':
          return p.field;
        case 'level':
          return PROCEDURE_LEVELS.find((l) => l.code === p.level)?.label.split(' (')[0] ?? '';
        case 'processingDays':
          return p.processingDays;
        case 'processingHours':
          return p.processingHours ?? '';
        case 'after15hRule':
          return yesNo(p.after15hRule);
        case 'fullyOnline':
          return yesNo(p.fullyOnline);
        case 'resultIsPaper':
          return yesNo(p.resultIsPaper);
        case 'feeBearing':
          return yesNo(p.feeBearing);
        case 'fees':
          return p.fees.map((x) => `${x.name}: ${VND.format(x.amount)}${x.onlineAmount === undefined ? '' : ` (trực tuyến: ${VND.format(x.onlineAmount)})`}`).join('; ');
        case 'portalUrl':
          return p.portalUrl;
        case 'components':
          return p.components.map((c) => `${c.name} (${COMPONENT_KIND_LABELS[c.kind].toLowerCase()}, ${c.copies} bản${c.required ? '' : ', không bắt buộc'})`).join(';\n');
      }
    }),
  );
  return { header, widths, rows };
}

/** What the HuongDan sheet of a written workbook says (the README says the same). */
export const GUIDE_LINES = [
  'Danh mục thủ tục hành chính — cách điền trang ThuTuc (mỗi dòng một thủ tục)',
  'Bắt buộc: Mã thủ tục (định dạng Văn bản để Excel không bỏ số 0 ở cuối, ví dụ 1.001193) và Tên thủ tục. Thủ tục mới cần thêm Số ngày giải quyết hoặc Số giờ giải quyết.',
  'Cột nào bỏ trống hoặc không có thì thủ tục đã có giữ nguyên giá trị đang lưu (thủ tục mới lấy mặc định).',
  'Cấp thực hiện: Cấp xã, Cấp tỉnh, Cấp huyện, Cấp bộ (hoặc xa, tinh, huyen, bo).',
  'Các cột có/không (Sau 15 giờ tính ngày tiếp theo, Toàn trình, Kết quả là giấy, Có phí hoặc lệ phí): ghi “có” hoặc “không”.',
  'Phí và lệ phí: Tên: số tiền (trực tuyến: số tiền), các khoản cách nhau bằng dấu chấm phẩy. Ví dụ: Lệ phí: 8.000 (trực tuyến: 4.000); Phí cấp bản sao: 3.000',
  'Thành phần hồ sơ: các giấy tờ cách nhau bằng dấu chấm phẩy hoặc xuống dòng trong ô; trong ngoặc ở cuối: bản chính / bản sao / xuất trình, số bản, không bắt buộc.',
  'Ví dụ: Tờ khai đăng ký khai sinh (bản chính, 1 bản); Giấy chứng sinh (bản chính, 1 bản); Văn bản ủy quyền (bản sao, 1 bản, không bắt buộc)',
  'Nhập: Cài đặt → Thủ tục → Nhập danh mục, hoặc lệnh motcua import-catalog TỆP. Dòng lỗi được báo kèm số dòng; các dòng đúng vẫn được nhập.',
];
