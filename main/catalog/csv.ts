// CSV as Excel, LibreOffice and Google Sheets write it: UTF-8 (with or without BOM) or UTF-16 with
// BOM, `,` `;` or tab between cells (found from the header line), quoted cells with "" inside and
// line breaks, CRLF, LF or CR. Each record keeps the line it starts on, for error messages.
import { AppError } from '../../shared/contract/errors';

/** Text of a CSV file's bytes; refuses what is not UTF-8 (or UTF-16 with its BOM) with how to fix it. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start));
  } catch {
    throw new AppError(
      'FILE_UNSUPPORTED',
      'Tệp không ở mã UTF-8 nên chữ tiếng Việt sẽ bị lỗi. Trong Excel chọn Lưu thành → “CSV UTF-8 (Comma delimited)”, hoặc lưu dạng .xlsx rồi nhập lại.',
    );
  }
}

export interface CsvRecord {
  /** Line (1-based) where the record starts. */
  line: number;
  cells: string[];
}

/** The delimiter: the most frequent of `,` `;` and tab outside quotes in the first lines (a title may come first). */
function delimiterOf(text: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  let lines = 0;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\n' && ++lines >= 10) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

/** Records of a CSV text; blank lines are skipped. An unclosed quote refuses the whole file. */
export function parseCsv(text: string): CsvRecord[] {
  const delimiter = delimiterOf(text);
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let quoteLine = 0;
  let line = 1;
  let recordLine = 1;
  let cellStarted = false;
  const endRecord = () => {
    cells.push(cell);
    if (cells.length > 1 || cells[0]!.trim() !== '') records.push({ line: recordLine, cells });
    cells = [];
    cell = '';
    cellStarted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && !cellStarted) {
      quoted = true;
      quoteLine = line;
      cellStarted = true;
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
      cellStarted = false;
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      cell += ch;
      if (ch !== ' ') cellStarted = true;
    }
  }
  if (quoted) throw new AppError('FILE_CORRUPT', `Dấu ngoặc kép mở ở dòng ${quoteLine} không được đóng: tệp CSV bị hỏng từ dòng đó. Mở lại trong Excel và lưu dạng CSV UTF-8.`);
  if (cell !== '' || cells.length > 0) endRecord();
  return records;
}

/** One cell for a CSV file: quoted when it holds a delimiter, a quote or a line break. */
export function csvCell(v: string): string {
  return /[",;\t\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
