// The catalog's JSON form: {"procedures": [{"code": "1.001193", "name": "…", …}, …]} (a bare array
// is read too). Syntax errors name their line and column; each procedure keeps the line its object
// starts on, for the row-level messages.
import { AppError } from '../../shared/contract/errors';

function lineAt(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: pos - lineStart + 1 };
}

/**
 * Where a text that is not JSON goes wrong, and what is wrong there (JSON.parse does not always say
 * where: "Unexpected token ']'" for a trailing comma has no position).
 */
function jsonFault(s: string): { pos: number; what: string } | null {
  let i = 0;
  const fail = (what: string): never => {
    throw { pos: Math.min(i, s.length), what };
  };
  const ws = () => {
    for (let c = s.charCodeAt(i); c === 32 || c === 10 || c === 13 || c === 9; c = s.charCodeAt(++i));
  };
  const string = () => {
    for (i++; s[i] !== '"'; i++) {
      if (i >= s.length) fail('chuỗi thiếu dấu ngoặc kép đóng');
      if (s[i] === '\\') i++;
      else if (s.charCodeAt(i) < 0x20) fail('chuỗi xuống dòng mà thiếu dấu ngoặc kép đóng');
    }
    i++;
  };
  const value = (): void => {
    ws();
    if (i >= s.length) fail('tệp kết thúc giữa chừng (thiếu dấu ngoặc đóng)');
    const c = s[i];
    if (c === '{') {
      i++;
      ws();
      if (s[i] === '}') return void i++;
      for (;;) {
        ws();
        if (s[i] === '}') fail('dấu phẩy thừa trước dấu }');
        if (s[i] !== '"') fail(i >= s.length ? 'tệp kết thúc giữa chừng (thiếu dấu ngoặc đóng)' : 'cần tên khóa trong dấu ngoặc kép');
        string();
        ws();
        if (s[i] !== ':') fail('thiếu dấu hai chấm sau tên khóa');
        i++;
        value();
        ws();
        if (s[i] === ',') i++;
        else if (s[i] === '}') return void i++;
        else fail(i >= s.length ? 'tệp kết thúc giữa chừng (thiếu dấu ngoặc đóng)' : 'thiếu dấu phẩy hoặc dấu }');
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (s[i] === ']') return void i++;
      for (;;) {
        ws();
        if (s[i] === ']') fail('dấu phẩy thừa trước dấu ]');
        value();
        ws();
        if (s[i] === ',') i++;
        else if (s[i] === ']') return void i++;
        else fail(i >= s.length ? 'tệp kết thúc giữa chừng (thiếu dấu ngoặc đóng)' : 'thiếu dấu phẩy hoặc dấu ]');
      }
    }
    if (c === '"') return string();
    const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(s.slice(i, i + 400));
    if (!m) fail('giá trị không hợp lệ (chữ phải nằm trong dấu ngoặc kép)');
    i += m![0].length;
  };
  try {
    value();
    ws();
    if (i < s.length) fail('còn nội dung sau khi đã đóng ngoặc');
    return null;
  } catch (err) {
    return err instanceof Error ? null : (err as { pos: number; what: string });
  }
}

/** Where the value starting at `i` ends (the text is valid JSON: JSON.parse said so). */
function skipValue(text: string, i: number): number {
  const ch = text[i];
  if (ch === '"') {
    for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
    return i + 1;
  }
  if (ch === '{' || ch === '[') {
    const close = ch === '{' ? '}' : ']';
    i = skipSpace(text, i + 1);
    while (text[i] !== close) {
      if (ch === '{') {
        i = skipSpace(text, skipValue(text, i)); // key
        i = skipSpace(text, i + 1); // ':'
      }
      i = skipSpace(text, skipValue(text, i));
      if (text[i] === ',') i = skipSpace(text, i + 1);
    }
    return i + 1;
  }
  while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
  return i;
}

function skipSpace(text: string, i: number): number {
  for (let c = text.charCodeAt(i); c === 32 || c === 10 || c === 13 || c === 9; c = text.charCodeAt(++i));
  return i;
}

/** Start offsets of the elements of the array that begins at `i`. */
function elementStarts(text: string, i: number): number[] {
  const starts: number[] = [];
  i = skipSpace(text, i + 1);
  while (text[i] !== ']') {
    starts.push(i);
    i = skipSpace(text, skipValue(text, i));
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  return starts;
}

/** Offsets of the procedures' objects: the top-level array, or the array under "procedures". */
function procedureStarts(text: string): number[] {
  let i = skipSpace(text, 0);
  if (text[i] === '[') return elementStarts(text, i);
  i = skipSpace(text, i + 1);
  while (text[i] !== '}') {
    const keyEnd = skipValue(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, skipSpace(text, keyEnd) + 1);
    if (key === 'procedures' && text[i] === '[') return elementStarts(text, i);
    i = skipSpace(text, skipValue(text, i));
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  return [];
}

export interface JsonProcedure {
  /** 1-based position in the list. */
  index: number;
  line: number;
  value: unknown;
}

/** The procedures of a catalog JSON text, each with the line its object starts on. */
export function readCatalogJson(text: string): JsonProcedure[] {
  const body = text.replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    const fault = jsonFault(body);
    const where = fault ? lineAt(body, fault.pos) : null;
    throw new AppError(
      'FILE_CORRUPT',
      `Tệp không phải JSON hợp lệ${where ? ` (lỗi ở dòng ${where.line}, cột ${where.column}: ${fault!.what})` : ''}. Không có gì được nhập.`,
    );
  }
  const list = Array.isArray(data) ? data : data && typeof data === 'object' ? (data as Record<string, unknown>).procedures : undefined;
  if (!Array.isArray(list)) {
    throw new AppError('FILE_UNSUPPORTED', 'Tệp JSON phải có dạng {"procedures": [{"code": "1.001193", "name": "…"}, …]}. Không có gì được nhập.');
  }
  // Lines of the (increasing) start offsets, in one pass over the text.
  const starts = procedureStarts(body);
  const lines: number[] = [];
  let line = 1;
  let at = 0;
  for (const start of starts) {
    for (; at < start; at++) if (body.charCodeAt(at) === 10) line++;
    lines.push(line);
  }
  return list.map((value, i) => ({ index: i + 1, line: lines[i] ?? 1, value }));
}
