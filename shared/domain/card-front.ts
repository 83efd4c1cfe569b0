// The printed face of a citizen ID card read by OCR, when its QR cannot be read (a damaged card, an
// old 9- or 12-digit paper CMND): the fields are found by their printed labels (CCCD, Căn cước and
// CMND fronts), matched accents- and case-insensitively and tolerant of OCR noise (O/0, l/1, stray
// punctuation). Every value found is only a proposal: the officer checks it ("Cần kiểm tra"). A value
// that fails a check (the ID number's structure, a date that does not exist, a name with digits) is
// kept and shown with the reason, never silently accepted.
import { checkCitizenId } from './citizen-id';
import { isLocalDay } from './vietnam-time';
import { foldVietnamese } from '../text/fold';

export const FRONT_FIELDS = ['id', 'name', 'dob', 'sex', 'nationality', 'origin', 'address', 'expiry'] as const;
export type FrontField = (typeof FRONT_FIELDS)[number];

export interface FrontValue {
  /** As printed (dates yyyy-MM-dd, sex 'Nam'/'Nữ', ID digits only). */
  value: string;
  /** Why the value looks wrong, in Vietnamese; null when it passes the checks. */
  problem: string | null;
}

export interface CardFront {
  /** Which card the labels and the number say it is: 12-digit CCCD/Căn cước, 9-digit CMND, or not known. */
  kind: 'cccd' | 'cmnd' | 'unknown';
  fields: Partial<Record<FrontField, FrontValue>>;
}

/** Labels, folded (no accents, lower case); OCR may drop or swap a letter, so the shortest safe stems. */
const LABELS: Record<FrontField, RegExp[]> = {
  id: [/so dinh danh( ca nhan)?/, /personal ident\w*( number)?/, /\bs[o0]\s*[/|il1]?\s*n[o0]\b\.?/, /^\W*s[o0]\s*[:.]/, /\bs[o0] cmnd\b/, /\bso cccd\b/],
  name: [/h[o0] va ten( khai sinh)?/, /h[o0] ten( khai sinh)?/, /full\s*name/],
  dob: [/ngay[, ]*thang[, ]*nam sinh/, /ngay sinh/, /sinh ngay/, /date of birth/],
  sex: [/gi[o0]i tinh/, /\bsex\b/],
  nationality: [/qu[o0]c tich/, /nationality/],
  origin: [/que quan/, /nguyen quan/, /place of origin/, /place of birth/],
  address: [/noi (dkhk )?thuong tru/, /noi cu tru/, /place of residence/, /noi dang ky khai sinh/],
  expiry: [/co gia tri den/, /gia tri den/, /date of expiry/, /ngay het han/],
};

/** Label text that is not a value (the English half of a bilingual label, separators). */
const LABEL_NOISE = /^(?:[\s/|:;.,\-_]|personal identification number|identification|number|full name|date of birth|sex|nationality|place of origin|place of residence|date of expiry|no\b\.?)+/;

interface LabelHit {
  field: FrontField;
  line: number;
  /** Where the value starts in the original line (after the label and its English half). */
  rest: string;
}

/** Folds one line character by character, so that offsets in the folded line are offsets in the line. */
function foldAligned(line: string): string {
  let out = '';
  for (const c of line.split('')) {
    const f = foldVietnamese(c);
    out += f.length === 1 ? f : ' ';
  }
  return out;
}

export function findLabels(original: string, index: number): LabelHit[] {
  const line = original.replace(/\s+/g, ' ');
  const folded = foldAligned(line);
  const hits: { field: FrontField; start: number; end: number }[] = [];
  for (const field of FRONT_FIELDS) {
    for (const re of LABELS[field]) {
      const m = re.exec(folded);
      if (m) {
        hits.push({ field, start: m.index, end: m.index + m[0].length });
        break;
      }
    }
  }
  // One hit per field, ordered along the line; a value runs to the next field's label.
  hits.sort((a, b) => a.start - b.start);
  const out: LabelHit[] = [];
  for (let i = 0; i < hits.length; i++) {
    const h = hits[i]!;
    if (out.some((o) => o.field === h.field)) continue;
    const next = hits.slice(i + 1).find((n) => n.field !== h.field && n.start >= h.end);
    const stop = next ? next.start : line.length;
    const restFolded = folded.slice(h.end, stop);
    const noise = LABEL_NOISE.exec(restFolded)?.[0].length ?? 0;
    out.push({ field: h.field, line: index, rest: line.slice(h.end + noise, stop).trim() });
  }
  return out;
}

/** OCR's usual letter-for-digit confusions, in a token that is meant to be a number. */
function digitsOf(token: string): string {
  return token.replace(/[Oo°Q]/g, '0').replace(/[lIi|!]/g, '1').replace(/[Zz]/g, '2').replace(/[Ss]/g, '5').replace(/[B]/g, '8').replace(/[Gb]/g, '6').replace(/[T]/g, '7');
}

/** The longest run of 9 or 12 digits (spaces between groups allowed), confusions mapped. */
function idIn(text: string, minDigitShare = 0.6): string | null {
  const candidates = text.match(/[0-9OoQIl|!SZBbGT][0-9OoQIl|!SZBbGT ]{7,16}[0-9OoQIl|!SZBbGT]/g) ?? [];
  let best: string | null = null;
  for (const c of candidates) {
    // Mostly digits already: a word of letters is not a number with confusions.
    const raw = c.replace(/\s+/g, '');
    if ((raw.match(/\d/g)?.length ?? 0) < raw.length * minDigitShare) continue;
    const d = digitsOf(raw);
    if (/^\d{12}$/.test(d) || /^\d{9}$/.test(d)) {
      if (!best || d.length > best.length) best = d;
    }
  }
  return best;
}

/** dd/mm/yyyy (or dd-mm-yyyy, dd.mm.yyyy, ddmmyyyy) with confusions → yyyy-MM-dd, checked. */
function dateIn(text: string): FrontValue | null {
  const m = /([0-9OoIl|]{1,2})\s*[/.-]\s*([0-9OoIl|]{1,2})\s*[/.-]\s*([0-9OoIl|]{4})/.exec(text) ?? /\b([0-9OoIl|]{2})([0-9OoIl|]{2})([0-9OoIl|]{4})\b/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [digitsOf(m[1]!).padStart(2, '0'), digitsOf(m[2]!).padStart(2, '0'), digitsOf(m[3]!)];
  const value = `${y}-${mo}-${d}`;
  return { value, problem: isLocalDay(value) ? null : `Ngày đọc được (${d}/${mo}/${y}) không phải một ngày có thật.` };
}

function sexIn(text: string): FrontValue | null {
  const f = foldVietnamese(text);
  if (/\bnu\b|\bfemale\b/.test(f)) return { value: 'Nữ', problem: null };
  if (/\bnam\b|\bmale\b/.test(f)) return { value: 'Nam', problem: null };
  return null;
}

/**
 * The commonest family names, by their folded spelling: OCR often loses one of two stacked marks on
 * capitals ("NGUYỄN" read "NGUYÊN"); a first word that folds to one of these takes its spelling.
 */
const SURNAMES: Readonly<Record<string, string>> = Object.fromEntries(
  ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đoàn', 'Đinh', 'Trịnh', 'Trương', 'Lương', 'Mai', 'Lâm', 'Tạ', 'Cao', 'Hà', 'Thái', 'Tô', 'Quách', 'Lưu', 'Châu', 'Triệu', 'Vương', 'Đào', 'Chu', 'Tăng', 'Lại'].map((n) => [foldVietnamese(n), n]),
);

/** A person's name: letters and spaces, 2–7 words; printed in capitals on the cards. */
function nameValue(text: string): FrontValue | null {
  const v = text.replace(/^[\s:;.,|/\-_]+|[\s:;.,|/\-_]+$/g, '').replace(/\s+/g, ' ');
  if (!v) return null;
  const words = v.split(' ');
  const cased = words.map((w, i) => {
    if (i === 0 && SURNAMES[foldVietnamese(w)]) return SURNAMES[foldVietnamese(w)]!;
    return w === w.toUpperCase() ? w.charAt(0) + w.slice(1).toLowerCase() : w;
  });
  const problem = /[^\p{L}\s]/u.test(v)
    ? 'Họ tên đọc được có ký tự không phải chữ cái: kiểm tra lại với thẻ.'
    : words.length < 2 || words.length > 7
      ? 'Họ tên đọc được không giống một họ tên đầy đủ: kiểm tra lại với thẻ.'
      : null;
  return { value: cased.join(' ').normalize('NFC'), problem };
}

function textValue(text: string): FrontValue | null {
  const v = text.replace(/^[\s:;.,|/\-_]+|[\s:;.,|/\-_]+$/g, '').replace(/\s+/g, ' ');
  if (v.length < 2) return null;
  const letters = v.match(/\p{L}/gu)?.length ?? 0;
  return { value: v.normalize('NFC'), problem: letters < v.replace(/\s/g, '').length * 0.5 ? 'Nội dung đọc được có nhiều ký tự lạ: kiểm tra lại với thẻ.' : null };
}

const MULTI_LINE: ReadonlySet<FrontField> = new Set(['address', 'origin', 'name']);

/** Extracts the printed fields from the OCR text of a card's front (lines separated by "\n"). */
export function extractCardFront(text: string, opts: { now?: number } = {}): CardFront {
  const lines = text.normalize('NFC').split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  const hits = lines.map((l, i) => findLabels(l, i));
  const labelled = new Set(hits.flatMap((h, i) => (h.length ? [i] : [])));
  const raw: Partial<Record<FrontField, string>> = {};
  for (const lineHits of hits) {
    for (const h of lineHits) {
      if (raw[h.field] !== undefined) continue;
      let v = h.rest;
      // The value printed under its label (new cards), or continued on the next lines (addresses).
      const follow: string[] = [];
      for (let j = h.line + 1; j < lines.length && !labelled.has(j) && follow.length < 2; j++) {
        if (v && !MULTI_LINE.has(h.field)) break;
        if (h.field === 'name' && v) break;
        follow.push(lines[j]!);
        if (h.field !== 'address' && h.field !== 'origin') break;
      }
      v = [v, ...follow].filter(Boolean).join(' ');
      raw[h.field] = v;
    }
  }
  const fields: CardFront['fields'] = {};
  // The ID: after its label, else any 12- or 9-digit number on the card (not a date).
  const id = (raw.id !== undefined ? idIn(raw.id, 0.4) : null) ?? idIn(lines.filter((l) => !/\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}/.test(l)).join('\n'));
  if (raw.name !== undefined) {
    const n = nameValue(raw.name);
    if (n) fields.name = n;
  }
  if (raw.dob !== undefined) {
    const d = dateIn(raw.dob);
    if (d) fields.dob = d;
  }
  if (raw.sex !== undefined) {
    const s = sexIn(raw.sex);
    if (s) fields.sex = s;
  }
  for (const f of ['nationality', 'origin', 'address'] as const) {
    if (raw[f] === undefined) continue;
    const v = textValue(raw[f]);
    if (v) fields[f] = v;
  }
  if (raw.expiry !== undefined) {
    const e = dateIn(raw.expiry) ?? (/khong thoi han|unlimited/.test(foldVietnamese(raw.expiry)) ? { value: 'Không thời hạn', problem: null } : null);
    if (e) fields.expiry = e;
  }
  let kind: CardFront['kind'] = 'unknown';
  if (id) {
    if (id.length === 12) {
      kind = 'cccd';
      const currentYear = opts.now === undefined ? undefined : new Date(opts.now + 7 * 3600_000).getUTCFullYear();
      const check = checkCitizenId(id, {
        birthDate: fields.dob && !fields.dob.problem ? fields.dob.value : null,
        sex: fields.sex ? (fields.sex.value === 'Nam' ? 'male' : 'female') : null,
        currentYear,
      });
      fields.id = { value: id, problem: check.ok ? null : check.reason };
    } else {
      kind = 'cmnd';
      fields.id = { value: id, problem: null };
    }
  }
  return { kind, fields };
}

/** How many fields were found: 0 means the image held no readable card face. */
export function frontFieldCount(f: CardFront): number {
  return Object.keys(f.fields).length;
}
