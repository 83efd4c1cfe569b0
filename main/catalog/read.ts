// A catalog file (JSON, CSV or Excel) to checked rows: each with where it is in the file ("dòng 7",
// "hàng 7", "thủ tục thứ 3 (dòng 12)"), its code when readable, and its patch or its problems. A file
// that cannot be read at all throws (AppError, Vietnamese message) and nothing is imported.
import type { Procedure } from '../../shared/domain/schemas';
import { AppError } from '../../shared/contract/errors';
import { csvCell, decodeText, parseCsv } from './csv';
import { fieldOf, readRow, type CatalogPatch, type FieldKey } from './fields';
import { readCatalogJson } from './json';
import { tableRows, toTable } from './table';
import { readXlsx, writeXlsx } from './xlsx';

/** Files above this size are refused before they are read (a province's whole catalog is a few MB). */
export const MAX_CATALOG_BYTES = 20 * 1024 * 1024;
/** Procedures per file, at most. */
export const MAX_CATALOG_ROWS = 20_000;

export type CatalogFormat = 'json' | 'csv' | 'xlsx';

export interface CatalogRow {
  where: string;
  line: number | null;
  code: string | null;
  patch: CatalogPatch | null;
  errors: string[];
}

export interface CatalogFile {
  format: CatalogFormat;
  rows: CatalogRow[];
  warnings: string[];
}

/** The format from the name's extension, else from the first bytes. */
export function catalogFormatOf(name: string, bytes: Uint8Array): CatalogFormat | null {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === 'json') return 'json';
  if (ext === 'csv' || ext === 'txt' || ext === 'tsv') return 'csv';
  if (ext === 'xlsx' || ext === 'xlsm' || ext === 'xls') return 'xlsx';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'xlsx';
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('{') || head.startsWith('[')) return 'json';
  return ext === undefined ? 'csv' : null;
}

const MB = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

export async function readCatalogFile(name: string, bytes: Uint8Array): Promise<CatalogFile> {
  if (bytes.length > MAX_CATALOG_BYTES) {
    throw new AppError('FILE_TOO_LARGE', `Tệp ${MB(bytes.length)}, quá giới hạn ${MB(MAX_CATALOG_BYTES)} của một danh mục thủ tục. Không có gì được nhập.`);
  }
  if (bytes.length === 0 || (bytes.length < 4096 && new TextDecoder().decode(bytes).replace(/^\uFEFF/, '').trim() === '')) {
    throw new AppError('FILE_EMPTY', 'Tệp trống. Không có gì được nhập.');
  }
  const format = catalogFormatOf(name, bytes);
  if (!format) throw new AppError('FILE_UNSUPPORTED', `Không nhận dạng được tệp “${name}”: dùng tệp .json, .csv hoặc .xlsx.`);
  const file = format === 'json' ? readJson(bytes) : format === 'csv' ? readCsv(bytes) : await readSheet(bytes);
  if (file.rows.length === 0) throw new AppError('FILE_EMPTY', 'Tệp không có thủ tục nào. Không có gì được nhập.');
  if (file.rows.length > MAX_CATALOG_ROWS) {
    throw new AppError('FILE_TOO_LARGE', `Tệp có ${file.rows.length} thủ tục, quá giới hạn ${MAX_CATALOG_ROWS} của một lần nhập. Không có gì được nhập.`);
  }
  return file;
}

function readJson(bytes: Uint8Array): CatalogFile {
  const items = readCatalogJson(decodeText(bytes));
  const unknownKeys = new Set<string>();
  const rows = items.map(({ index, line, value }): CatalogRow => {
    const where = `Thủ tục thứ ${index} (dòng ${line})`;
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      return { where, line, code: null, patch: null, errors: ['phải là một đối tượng {"code": "…", "name": "…", …}.'] };
    }
    const o = value as Record<string, unknown>;
    const byField = new Map<FieldKey, unknown>();
    for (const [k, v] of Object.entries(o)) {
      const key = fieldOf(k);
      if (key) byField.set(key, v);
      else unknownKeys.add(k);
    }
    return { where, line, ...readRow((key) => byField.get(key)) };
  });
  return { format: 'json', rows, warnings: [...unknownKeys].map((k) => `Khóa “${k}” không dùng tới, đã bỏ qua.`) };
}

function fromTable(format: CatalogFormat, records: { line: number; cells: (string | number | boolean)[] }[], place: (line: number) => string, strictWidth: boolean): CatalogFile {
  const { rows, warnings } = tableRows(records, place, strictWidth);
  return {
    format,
    warnings,
    rows: rows.map((r): CatalogRow => {
      const read = readRow(r.get);
      // A row with shifted cells: its cells' own complaints would only be noise.
      return { where: r.where, line: r.line, ...read, ...(r.broken ? { patch: null, errors: [r.broken] } : {}) };
    }),
  };
}

function readCsv(bytes: Uint8Array): CatalogFile {
  return fromTable('csv', parseCsv(decodeText(bytes)), (line) => `Dòng ${line}`, true);
}

async function readSheet(bytes: Uint8Array): Promise<CatalogFile> {
  const { sheet, rows } = await readXlsx(bytes);
  return fromTable('xlsx', rows.map((r) => ({ line: r.row, cells: r.cells })), (row) => `Hàng ${row} (trang ${sheet})`, false);
}

// --- writing ------------------------------------------------------------------------------------

/** The JSON form (README): every field, components without their ids. */
export function toCatalogJson(procedures: readonly Procedure[], note?: string): string {
  const list = procedures.map((p) => ({
    code: p.code,
    name: p.name,
    field: p.field,
    level: p.level,
    processingDays: p.processingDays,
    processingHours: p.processingHours,
    after15hRule: p.after15hRule,
    resultIsPaper: p.resultIsPaper,
    fullyOnline: p.fullyOnline,
    feeBearing: p.feeBearing,
    fees: p.fees,
    portalUrl: p.portalUrl,
    components: p.components.map((c) => ({ name: c.name, required: c.required, copies: c.copies, kind: c.kind })),
  }));
  return `${JSON.stringify({ ...(note ? { note } : {}), procedures: list }, null, 2)}\n`;
}

/** CSV for Excel: UTF-8 with BOM, comma-separated, CRLF. */
export function toCatalogCsv(procedures: readonly Procedure[]): string {
  const t = toTable(procedures);
  return `\uFEFF${[t.header, ...t.rows].map((r) => r.map((c) => csvCell(String(c))).join(',')).join('\r\n')}\r\n`;
}

export async function toCatalogXlsx(procedures: readonly Procedure[]): Promise<Buffer> {
  return writeXlsx(toTable(procedures));
}
