// The text in the QR code on the face of a chip citizen ID card (CCCD, and the 2024 "Căn cước"),
// as a camera decodes it or a handheld 2D scanner types it: seven fields separated by `|`:
//   12-digit ID | old 9-digit ID (may be empty) | full name | date of birth ddmmyyyy | sex (Nam/Nữ)
//   | permanent address | date of issue ddmmyyyy
// Parsed and checked here (pure: no I/O), text NFC-normalized, the ID number checked against the
// date of birth and sex with ./citizen-id. Text typed by a keyboard-mode scanner through the wrong
// keyboard layout or input method is recognised as mangled and refused with how to fix it: nothing
// mangled is ever returned as a card.

import { checkCitizenId, type Sex } from './citizen-id';
import { vietnamParts } from './vietnam-time';

export interface CitizenCard {
  /** 12-digit personal identification number. */
  id: string;
  /** The old 9-digit ID (CMND) printed in the QR, '' when the card has none. */
  oldId: string;
  name: string;
  /** yyyy-MM-dd */
  dob: string;
  sex: Sex;
  address: string;
  /** yyyy-MM-dd */
  issueDate: string;
}

/**
 * Why a text is not accepted as a card:
 *  - `not-card`: not a citizen card's QR at all (another QR, a web address…);
 *  - `invalid`: shaped like a card's but a field fails a check (ID number, dates, sex);
 *  - `mangled`: typed by a scanner through the wrong keyboard layout / input method.
 */
export type CardProblemKind = 'not-card' | 'invalid' | 'mangled';

export type CardParse = { ok: true; card: CitizenCard } | { ok: false; kind: CardProblemKind; message: string };

/** Sex as the card writes it → the domain's. */
const SEX: Record<string, Sex> = { nam: 'male', 'nữ': 'female' };

/** What the QR's text looks like before any check: 12 digits, then `|` separated fields. */
const CARD_SHAPE = /^\s*\d{12}\|/;

const HOW_TO_FIX_SCANNER =
  'Cách khắc phục: đặt máy quét ở chế độ xuất Unicode (UTF-8) theo sách hướng dẫn của máy, tắt bộ gõ tiếng Việt (Unikey/EVKey) và chuyển bàn phím về tiếng Anh (US) khi quét; hoặc đọc CCCD bằng camera/ảnh chụp.';

// ------------------------------------------------------------------ mangling

/** Windows-1252 characters 0x80–0x9F → their byte (the rest of Latin-1 maps to itself). */
const CP1252: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a, '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e,
  '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};

/**
 * UTF-8 read as Windows-1252/Latin-1 ("NguyÃªn", "Nguyá»…n"): the text that it was, or null when the
 * input is not that kind of mojibake.
 */
export function undoMojibake(text: string): string | null {
  if (!/[\u0080-\u00ff]/.test(text)) return null;
  const bytes: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x100) bytes.push(c);
    else if (CP1252[ch] !== undefined) bytes.push(CP1252[ch]);
    else return null;
  }
  try {
    const fixed = new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
    return fixed !== text && /[\u0080-\uffff]/.test(fixed) ? fixed.normalize('NFC') : null;
  } catch {
    return null;
  }
}

/**
 * A lead byte of a 2- or 3-byte UTF-8 sequence (Ã Ä Å Æ á) shown as Windows-1252 and followed by a
 * continuation byte shown the same way: never found in Vietnamese text, always in mojibake (also
 * when only part of a line went through the wrong code page).
 */
const CONT = '[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]';
const MOJIBAKE_PAIR = new RegExp(`[ÃÄÅÆ]${CONT}|á[º»¸¹]${CONT}`);

/** Digits as an AZERTY keyboard (French, Belgian) types them without Shift: & é " ' ( - è _ ç à. */
const AZERTY_DIGITS: Record<string, string> = { '&': '1', 'é': '2', '"': '3', "'": '4', '(': '5', '-': '6', '§': '6', 'è': '7', '_': '8', '!': '8', 'ç': '9', 'à': '0' };

function fromAzerty(s: string): string {
  return [...s].map((c) => AZERTY_DIGITS[c] ?? c).join('');
}

/** Letters only in Vietnamese with diacritics (the precomposed range and ă â đ ê ô ơ ư). */
const VIETNAMESE_MARKED = /[àáâãèéêìíòóôõùúýăđĩũơưạ-ỹÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĐĨŨƠƯẠ-Ỹ]/;

/**
 * Leftovers of Telex typing that the input method did not compose: a vowel doubled or followed by
 * w (aa, ee, oo, aw, ow, uw, dd) or a tone key (s f r x j) ending a word after a vowel.
 */
const TELEX_WORD = /^(?:.*(?:aa|ee|oo|aw|ow|uw|dd).*|.*[aeiouy][sfrxj])$/i;

/** Common Vietnamese syllables that look like Telex residue but are real words without marks. */
function telexRatio(text: string): number {
  const words = text.split(/[\s,.;/]+/).filter((w) => /^[a-z]{2,}$/i.test(w));
  if (words.length === 0) return 0;
  return words.filter((w) => TELEX_WORD.test(w)).length / words.length;
}

/**
 * A reason (in Vietnamese, with the fix) when the text was mangled on its way from a keyboard-mode
 * scanner, or null when it looks as the card wrote it.
 */
export function scannerMangling(raw: string): string | null {
  const text = raw.normalize('NFC').trim();
  if (/[\ufffd]/.test(text) || /\?[a-zA-Z]|[a-zA-Z]\?/.test(text)) {
    return `Chữ có dấu bị thay bằng "?" hoặc ký tự lạ: máy quét đang gõ theo bảng mã không có tiếng Việt. ${HOW_TO_FIX_SCANNER}`;
  }
  if (undoMojibake(text) || MOJIBAKE_PAIR.test(text)) {
    return `Chữ có dấu bị lỗi mã (ví dụ "NguyÃªn" thay cho "Nguyên"): máy quét gửi UTF-8 nhưng máy tính hiểu theo bảng mã khác. ${HOW_TO_FIX_SCANNER}`;
  }
  const first = text.split('|')[0] ?? '';
  if (!/^\d{12}$/.test(first) && /^\d{12}$/.test(fromAzerty(first)) && /[&é"'(\-§è_!çà]/.test(first)) {
    return `Các chữ số bị thay bằng ký hiệu (ví dụ "&é\\"'" thay cho "1234"): bàn phím đang ở kiểu AZERTY (Pháp/Bỉ). Chuyển bàn phím về tiếng Anh (US) rồi quét lại, hoặc đọc CCCD bằng camera/ảnh chụp.`;
  }
  if (/^\d{12}/.test(text) && !text.includes('|') && text.length > 40) {
    return `Không có dấu phân cách "|" giữa các trường: bàn phím hiện tại không gõ được ký tự "|". Chuyển bàn phím về tiếng Anh (US) rồi quét lại, hoặc đọc CCCD bằng camera/ảnh chụp.`;
  }
  const parts = text.split('|');
  if (parts.length >= 7) {
    const words = `${parts[2]} ${parts[5]}`;
    if (!VIETNAMESE_MARKED.test(words)) {
      const telex = telexRatio(words) >= 0.3;
      return telex
        ? `Họ tên và địa chỉ có dạng gõ Telex chưa thành dấu (ví dụ "Nguyeenx"): bộ gõ tiếng Việt đang bật khi máy quét gõ. ${HOW_TO_FIX_SCANNER}`
        : `Họ tên và địa chỉ không có dấu tiếng Việt: máy quét đã bỏ mất các chữ có dấu. ${HOW_TO_FIX_SCANNER}`;
    }
    if (!/^(nam|nữ)$/i.test(parts[4]!.normalize('NFC').trim()) && /^(nam|nu|nux|nuwx|n)$/i.test(parts[4]!.trim())) {
      return `Giới tính "${parts[4]!.trim()}" bị mất dấu. ${HOW_TO_FIX_SCANNER}`;
    }
  }
  return null;
}

// ------------------------------------------------------------------ parse

function isoDate(ddmmyyyy: string): string | null {
  const m = /^(\d{2})(\d{2})(\d{4})$/.exec(ddmmyyyy);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${m[3]}-${m[2]}-${m[1]}`;
}

function todayIso(now: number): string {
  const p = vietnamParts(now);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** Only letters (any script's, with their marks), spaces, and the few signs names carry. */
const NAME = /^[\p{L}\p{M}][\p{L}\p{M} .'-]*$/u;

/** Looks like the text of a citizen card's QR (12 digits then `|`), before any check. */
export function looksLikeCardText(text: string): boolean {
  return CARD_SHAPE.test(text);
}

/**
 * Parses and checks the QR text (or a line typed by a scanner). `now` (ms) fixes "today" for the
 * checks that dates are not in the future.
 */
export function parseCitizenCard(raw: string, opts: { now?: number } = {}): CardParse {
  const mangled = scannerMangling(raw);
  if (mangled) return { ok: false, kind: 'mangled', message: mangled };
  const text = raw.normalize('NFC').replace(/[\r\n]+$/, '').trim();
  if (!CARD_SHAPE.test(text)) {
    return { ok: false, kind: 'not-card', message: 'Nội dung mã QR không phải của thẻ căn cước công dân (thẻ có 12 chữ số định danh và các trường cách nhau bởi "|").' };
  }
  const parts = text.split('|').map((p) => p.trim().replace(/\s+/g, ' '));
  if (parts.length < 7) {
    return { ok: false, kind: 'not-card', message: `Mã QR chỉ có ${parts.length} trường, thẻ căn cước có 7 trường (số định danh, số CMND cũ, họ tên, ngày sinh, giới tính, nơi thường trú, ngày cấp).` };
  }
  const [id, oldId, name, dobRaw, sexRaw, address, issueRaw] = parts as [string, string, string, string, string, string, string];
  const invalid = (message: string): CardParse => ({ ok: false, kind: 'invalid', message });
  if (oldId !== '' && !/^\d{9}$|^\d{12}$/.test(oldId)) return invalid(`Số CMND cũ "${oldId}" phải gồm 9 chữ số (hoặc để trống).`);
  if (!name || !NAME.test(name)) return invalid('Họ và tên trên thẻ trống hoặc có ký tự không phải chữ cái.');
  const dob = isoDate(dobRaw);
  if (!dob) return invalid(`Ngày sinh "${dobRaw}" không phải ngày hợp lệ (ngày, tháng, năm: ddmmyyyy).`);
  const sex = SEX[sexRaw.toLowerCase()];
  if (!sex) return invalid(`Giới tính "${sexRaw}" không phải "Nam" hoặc "Nữ".`);
  if (!address) return invalid('Nơi thường trú trên thẻ để trống.');
  const issueDate = isoDate(issueRaw);
  if (!issueDate) return invalid(`Ngày cấp "${issueRaw}" không phải ngày hợp lệ (ddmmyyyy).`);
  const now = opts.now ?? Date.now();
  const today = todayIso(now);
  if (dob > today) return invalid(`Ngày sinh ${dob} ở tương lai.`);
  if (issueDate > today) return invalid(`Ngày cấp ${issueDate} ở tương lai.`);
  if (issueDate < dob) return invalid('Ngày cấp trước ngày sinh.');
  const check = checkCitizenId(id, { birthDate: dob, sex, currentYear: vietnamParts(now).year });
  if (!check.ok) return invalid(check.reason);
  return { ok: true, card: { id, oldId, name, dob, sex, address, issueDate } };
}

/** The card's sex as the card writes it. */
export function sexLabel(sex: Sex): 'Nam' | 'Nữ' {
  return sex === 'male' ? 'Nam' : 'Nữ';
}
