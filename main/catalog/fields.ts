// One procedure of a catalog file, read from a JSON object or a spreadsheet row, checked field by
// field with Vietnamese messages. What a row leaves out is absent from its patch: a procedure already
// in the store keeps its stored value for it, a new one gets the default (see ../services/catalog.ts).
import type { ComponentKind, ProcedureFee } from '../../shared/domain/schemas';
import { procedureLevelOf, PROCEDURE_LEVELS } from '../../shared/domain/procedure-catalog';
import { foldVietnamese } from '../../shared/text/fold';

export interface CatalogComponent {
  name: string;
  required: boolean;
  copies: number;
  kind: ComponentKind;
}

/** What one row says about a procedure; absent fields are left as they are (or defaulted). */
export interface CatalogPatch {
  code: string;
  name: string;
  field?: string;
  level?: string;
  /** Days and hours go together: a row that gives either sets both. */
  time?: { processingDays: number; processingHours: number | null };
  after15hRule?: boolean;
  fullyOnline?: boolean;
  resultIsPaper?: boolean;
  feeBearing?: boolean;
  fees?: ProcedureFee[];
  portalUrl?: string;
  components?: CatalogComponent[];
}

export type FieldKey = Exclude<keyof CatalogPatch, 'time'> | 'processingDays' | 'processingHours';

/** The fields in file order, with the header the app writes and the other names it reads. */
export const FIELDS: { key: FieldKey; header: string; also: string[] }[] = [
  { key: 'code', header: 'Mã thủ tục', also: ['ma', 'ma tthc', 'ma thu tuc hanh chinh', 'code'] },
  { key: 'name', header: 'Tên thủ tục', also: ['ten', 'ten tthc', 'ten thu tuc hanh chinh', 'name'] },
  { key: 'field', header: 'Lĩnh vực', also: ['field'] },
  { key: 'level', header: 'Cấp thực hiện', also: ['cap', 'level'] },
  { key: 'processingDays', header: 'Số ngày giải quyết', also: ['so ngay', 'thoi han giai quyet', 'thoi han giai quyet ngay', 'processingdays'] },
  { key: 'processingHours', header: 'Số giờ giải quyết', also: ['so gio', 'thoi han giai quyet gio', 'processinghours'] },
  { key: 'after15hRule', header: 'Sau 15 giờ tính ngày tiếp theo', also: ['sau 15 gio', 'quy dinh sau 15 gio', 'after15hrule'] },
  { key: 'fullyOnline', header: 'Toàn trình', also: ['truc tuyen toan trinh', 'dich vu cong truc tuyen toan trinh', 'fullyonline'] },
  { key: 'resultIsPaper', header: 'Kết quả là giấy', also: ['ket qua la giay to', 'resultispaper'] },
  { key: 'feeBearing', header: 'Có phí hoặc lệ phí', also: ['co phi le phi', 'co phi', 'co le phi', 'feebearing'] },
  { key: 'fees', header: 'Phí và lệ phí', also: ['phi le phi', 'le phi', 'muc phi le phi', 'fees'] },
  { key: 'portalUrl', header: 'Trang trên cổng dịch vụ công', also: ['trang tren cong', 'duong dan', 'dia chi tren cong', 'portalurl', 'url'] },
  { key: 'components', header: 'Thành phần hồ sơ', also: ['thanh phan', 'giay to', 'components'] },
];

const LABEL = Object.fromEntries(FIELDS.map((f) => [f.key, f.header])) as Record<FieldKey, string>;

function headerKey(text: string): string {
  return foldVietnamese(text).replace(/[^a-z0-9]+/g, ' ').trim();
}

const BY_HEADER = new Map<string, FieldKey>();
for (const f of FIELDS) for (const name of [f.header, f.key, ...f.also]) BY_HEADER.set(headerKey(name), f.key);

/** The field a column header or JSON key names, or null. */
export function fieldOf(header: string): FieldKey | null {
  return BY_HEADER.get(headerKey(header)) ?? null;
}

/** A value as read: JSON values, or a spreadsheet cell's text; `undefined` when the column/key is absent. */
export type RawGet = (key: FieldKey) => unknown;

class RowErrors {
  readonly list: string[] = [];
  add(key: FieldKey | null, message: string): void {
    this.list.push(key ? `${LABEL[key]}: ${message}` : message);
  }
}

const show = (v: unknown) => (typeof v === 'string' ? `“${v.length > 60 ? `${v.slice(0, 60)}…` : v}”` : JSON.stringify(v));

function text(v: unknown, key: FieldKey, max: number, errors: RowErrors): string | undefined {
  if (v === undefined) return undefined;
  if (v === null) return '';
  if (typeof v === 'number' || typeof v === 'boolean') v = String(v);
  if (typeof v !== 'string') {
    errors.add(key, `phải là chữ, không phải ${show(v)}.`);
    return undefined;
  }
  const s = v.replace(/\s+/g, ' ').trim().normalize('NFC');
  if (s.length > max) {
    errors.add(key, `dài ${s.length} ký tự, tối đa ${max}.`);
    return undefined;
  }
  return s;
}

const YES = new Set(['co', 'x', 'true', '1', 'yes', 'y', 'dung', 'c', 'ap dung']);
const NO = new Set(['khong', 'false', '0', 'no', 'n', 'sai', 'k', 'khong ap dung']);

function bool(v: unknown, key: FieldKey, errors: RowErrors): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number' && (v === 0 || v === 1)) return v === 1;
  if (typeof v === 'string') {
    const f = headerKey(v);
    if (f === '') return undefined;
    if (YES.has(f)) return true;
    if (NO.has(f)) return false;
  }
  errors.add(key, `ghi “có” hoặc “không”, không phải ${show(v)}.`);
  return undefined;
}

/** A non-negative number: 5, "5", "0,5", "1.5". `undefined` for absent or empty. */
function amountOf(v: unknown, key: FieldKey, max: number, errors: RowErrors): number | undefined | null {
  if (v === undefined) return undefined;
  if (v === null) return null;
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string') {
    const s = v.trim();
    if (s === '') return null;
    if (!/^[+-]?\d+([.,]\d+)?$/.test(s)) {
      errors.add(key, `phải là số không âm (ví dụ 5), không phải ${show(v)}.`);
      return undefined;
    }
    n = Number(s.replace(',', '.'));
  } else {
    errors.add(key, `phải là số không âm (ví dụ 5), không phải ${show(v)}.`);
    return undefined;
  }
  if (!Number.isFinite(n) || n < 0) {
    errors.add(key, `phải là số không âm, không phải ${show(v)}.`);
    return undefined;
  }
  if (n > max) {
    errors.add(key, `tối đa ${max}, không phải ${show(v)}.`);
    return undefined;
  }
  return n;
}

/** Money in đồng: 8000, "8.000", "8 000 đ", "8,000 đồng", "miễn" (0). */
export function moneyOf(v: unknown): number | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= 1_000_000_000 ? v : null;
  if (typeof v !== 'string') return null;
  const s = foldVietnamese(v).replace(/\b(dong|vnd|vn d|d)\b\.?/g, '').replace(/đ/g, '').trim();
  if (/^mien( phi)?$|^khong$/.test(s)) return 0;
  if (!/^\d{1,3}([., ]\d{3})+$|^\d+$/.test(s)) return null;
  const n = Number(s.replace(/[., ]/g, ''));
  return n <= 1_000_000_000 ? n : null;
}

/** Items of a list cell: split at ";" and line breaks outside parentheses. */
export function splitList(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let item = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    if ((ch === ';' || ch === '\n' || ch === '\r') && depth === 0) {
      out.push(item);
      item = '';
    } else item += ch;
  }
  out.push(item);
  return out.map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/** "Lệ phí: 8.000 (trực tuyến: 4.000); Phí cấp bản sao: 3.000" as fees. */
export function parseFeesText(text: string): { fees: ProcedureFee[]; problems: string[] } {
  const fees: ProcedureFee[] = [];
  const problems: string[] = [];
  for (const part of splitList(text)) {
    const m = /^(.+)\s*[:=]\s*([^():=]+?)\s*(?:\(\s*(?:trực tuyến|truc tuyen|online)\s*[:=]?\s*([^()]+?)\s*\))?$/i.exec(part);
    const amount = m ? moneyOf(m[2]!) : null;
    const online = m?.[3] !== undefined ? moneyOf(m[3]) : undefined;
    if (!m || amount === null || online === null) {
      problems.push(`không hiểu “${part}” (viết: Lệ phí: 8.000 (trực tuyến: 4.000); Phí …: 3.000).`);
      continue;
    }
    const name = m[1]!.trim();
    if (name.length > 300) {
      problems.push(`tên phí dài quá 300 ký tự.`);
      continue;
    }
    fees.push(online === undefined ? { name, amount } : { name, amount, onlineAmount: online });
  }
  return { fees, problems };
}

function fees(v: unknown, errors: RowErrors): ProcedureFee[] | undefined {
  if (v === undefined) return undefined;
  if (v === null) return [];
  if (typeof v === 'string') {
    const r = parseFeesText(v);
    for (const p of r.problems) errors.add('fees', p);
    return r.problems.length ? undefined : r.fees;
  }
  if (!Array.isArray(v)) {
    errors.add('fees', `phải là danh sách [{"name": "Lệ phí", "amount": 8000}], không phải ${show(v)}.`);
    return undefined;
  }
  const out: ProcedureFee[] = [];
  v.forEach((f, i) => {
    const where = `mục ${i + 1}`;
    if (!f || typeof f !== 'object' || Array.isArray(f)) return errors.add('fees', `${where} phải có dạng {"name": "Lệ phí", "amount": 8000}.`);
    const o = f as Record<string, unknown>;
    const name = typeof o.name === 'string' ? o.name.trim() : '';
    const amount = moneyOf(o.amount);
    const online = o.onlineAmount === undefined || o.onlineAmount === null ? undefined : moneyOf(o.onlineAmount);
    if (!name) return errors.add('fees', `${where} thiếu tên (name).`);
    if (name.length > 300) return errors.add('fees', `${where}: tên dài quá 300 ký tự.`);
    if (amount === null) return errors.add('fees', `${where}: số tiền (amount) phải là số nguyên không âm, không phải ${show(o.amount)}.`);
    if (online === null) return errors.add('fees', `${where}: số tiền nộp trực tuyến (onlineAmount) phải là số nguyên không âm, không phải ${show(o.onlineAmount)}.`);
    out.push(online === undefined ? { name, amount } : { name, amount, onlineAmount: online });
  });
  return out;
}

const KIND_WORDS: [RegExp, ComponentKind][] = [
  [/^(ban )?chinh$|^original$/, 'original'],
  [/^(ban )?sao( chung thuc| hop le)?$|^copy$/, 'copy'],
  [/^xuat trinh$|^(ban chinh )?de (doi chieu|xuat trinh)$|^shown$/, 'shown'],
];

function kindOf(text: string): ComponentKind | null {
  const f = headerKey(text);
  for (const [re, kind] of KIND_WORDS) if (re.test(f)) return kind;
  return null;
}

/**
 * One component written as text: "Tờ khai (bản chính, 1 bản)", "Văn bản ủy quyền (bản sao, không
 * bắt buộc)", "Giấy tờ tùy thân (xuất trình)". The last parentheses hold its attributes when every
 * part of them is one; otherwise they are part of the name.
 */
export function parseComponentText(part: string): { component: CatalogComponent | null; problem: string | null } {
  const c: CatalogComponent = { name: part.trim(), required: true, copies: 1, kind: 'original' };
  const m = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(part.trim());
  if (m && m[1]) {
    const bits = m[2]!.split(',').map((b) => b.trim()).filter(Boolean);
    const unknown: string[] = [];
    let known = 0;
    const attrs = { ...c };
    for (const b of bits) {
      const f = headerKey(b);
      const kind = kindOf(b);
      const copies = /^(\d{1,2}) ban$|^so ban (\d{1,2})$/.exec(f);
      if (kind) attrs.kind = kind;
      else if (copies) attrs.copies = Number(copies[1] ?? copies[2]);
      else if (f === 'bat buoc') attrs.required = true;
      else if (/^(khong bat buoc|neu co|tuy chon|khong can)$/.test(f)) attrs.required = false;
      else {
        unknown.push(b);
        continue;
      }
      known++;
    }
    if (known > 0 && unknown.length > 0) {
      return { component: null, problem: `“${part.trim()}”: không hiểu “${unknown.join(', ')}” trong ngoặc (viết: bản chính/bản sao/xuất trình, N bản, bắt buộc/không bắt buộc).` };
    }
    if (known > 0) Object.assign(c, attrs, { name: m[1].trim() });
  }
  if (c.name.length > 500) return { component: null, problem: `tên giấy tờ dài quá 500 ký tự.` };
  return { component: c, problem: null };
}

function components(v: unknown, errors: RowErrors): CatalogComponent[] | undefined {
  if (v === undefined) return undefined;
  if (v === null) return [];
  if (typeof v === 'string') {
    const out: CatalogComponent[] = [];
    for (const part of splitList(v)) {
      const r = parseComponentText(part.normalize('NFC'));
      if (r.problem) errors.add('components', r.problem);
      else out.push(r.component!);
    }
    return out;
  }
  if (!Array.isArray(v)) {
    errors.add('components', `phải là danh sách [{"name": "Tờ khai", "required": true, "copies": 1, "kind": "original"}], không phải ${show(v)}.`);
    return undefined;
  }
  const out: CatalogComponent[] = [];
  v.forEach((x, i) => {
    const where = `mục ${i + 1}`;
    if (typeof x === 'string') {
      const r = parseComponentText(x.normalize('NFC'));
      return r.problem ? errors.add('components', r.problem) : out.push(r.component!);
    }
    if (!x || typeof x !== 'object' || Array.isArray(x)) return errors.add('components', `${where} phải có dạng {"name": "Tờ khai", "required": true}.`);
    const o = x as Record<string, unknown>;
    const name = typeof o.name === 'string' ? o.name.replace(/\s+/g, ' ').trim().normalize('NFC') : '';
    if (!name) return errors.add('components', `${where} thiếu tên giấy tờ (name).`);
    if (name.length > 500) return errors.add('components', `${where}: tên giấy tờ dài quá 500 ký tự.`);
    const c: CatalogComponent = { name, required: true, copies: 1, kind: 'original' };
    if (o.required !== undefined && o.required !== null) {
      if (typeof o.required !== 'boolean') return errors.add('components', `${where}: "required" là true hoặc false, không phải ${show(o.required)}.`);
      c.required = o.required;
    }
    if (o.copies !== undefined && o.copies !== null) {
      if (typeof o.copies !== 'number' || !Number.isInteger(o.copies) || o.copies < 0 || o.copies > 99) return errors.add('components', `${where}: số bản (copies) là số nguyên từ 0 đến 99, không phải ${show(o.copies)}.`);
      c.copies = o.copies;
    }
    if (o.kind !== undefined && o.kind !== null && o.kind !== '') {
      const kind = typeof o.kind === 'string' ? kindOf(o.kind) : null;
      if (!kind) return errors.add('components', `${where}: loại (kind) là "original" (bản chính), "copy" (bản sao) hoặc "shown" (xuất trình), không phải ${show(o.kind)}.`);
      c.kind = kind;
    }
    out.push(c);
  });
  return out;
}

/** Procedure codes: `1.001193`, a local variant `2.000884.000.00.00.H55`; no spaces. */
const CODE = /^[0-9A-Za-z][0-9A-Za-z._-]*$/;

/** A row to a patch, or the row's problems (every one, each naming its column). */
export function readRow(get: RawGet): { code: string | null; patch: CatalogPatch | null; errors: string[] } {
  const errors = new RowErrors();
  const rawCode = get('code');
  let code: string | null = null;
  if (typeof rawCode === 'number') {
    errors.add('code', `ghi dạng số (${rawCode}) thì mất số 0 ở cuối (1.001190 thành 1.00119): định dạng cột là Văn bản (Text) rồi gõ lại mã.`);
  } else {
    const before = errors.list.length;
    const c = text(rawCode, 'code', 64, errors);
    if (errors.list.length > before) code = null;
    else if (!c) errors.add('code', 'thiếu.');
    else if (!CODE.test(c)) errors.add('code', `“${c}” chỉ gồm chữ cái không dấu, chữ số và dấu chấm (ví dụ 1.001193).`);
    else code = c;
  }
  const beforeName = errors.list.length;
  const name = text(get('name'), 'name', 500, errors);
  if (!name && errors.list.length === beforeName) errors.add('name', 'thiếu.');

  const patch: Partial<CatalogPatch> = {};
  const field = text(get('field'), 'field', 200, errors);
  if (field !== undefined) patch.field = field;

  const levelText = text(get('level'), 'level', 40, errors);
  if (levelText !== undefined) {
    const level = procedureLevelOf(levelText);
    if (level === null) errors.add('level', `không rõ “${levelText}”: dùng ${PROCEDURE_LEVELS.map((l) => `“${l.code}”`).join(', ')} (hoặc ${PROCEDURE_LEVELS.map((l) => l.label.split(' (')[0]!.toLowerCase()).join(', ')}).`);
    else patch.level = level;
  }

  const days = amountOf(get('processingDays'), 'processingDays', 365, errors);
  const hours = amountOf(get('processingHours'), 'processingHours', 10_000, errors);
  if (typeof days === 'number' || typeof hours === 'number') {
    patch.time = { processingDays: typeof days === 'number' ? days : 0, processingHours: typeof hours === 'number' ? hours : null };
  }

  for (const key of ['after15hRule', 'fullyOnline', 'resultIsPaper', 'feeBearing'] as const) {
    const b = bool(get(key), key, errors);
    if (b !== undefined) patch[key] = b;
  }
  const f = fees(get('fees'), errors);
  if (f !== undefined) patch.fees = f;

  const url = text(get('portalUrl'), 'portalUrl', 1000, errors);
  if (url !== undefined) {
    if (url !== '' && !/^https?:\/\/[^\s]+$/i.test(url)) errors.add('portalUrl', `phải bắt đầu bằng http:// hoặc https://, không phải “${url}”.`);
    else patch.portalUrl = url;
  }
  const comps = components(get('components'), errors);
  if (comps !== undefined) {
    if (comps.length > 100) errors.add('components', `tối đa 100 giấy tờ, tệp ghi ${comps.length}.`);
    else patch.components = comps;
  }

  if (errors.list.length || !code || !name) return { code, patch: null, errors: errors.list };
  return { code, patch: { ...patch, code, name }, errors: [] };
}
