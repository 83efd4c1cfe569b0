// Accent- and case-insensitive matching for Vietnamese. "Đăng ký khai sinh" and "dang ky khai sinh"
// fold to the same key. đ/Đ are letters of their own (not d + a mark), so NFD alone misses them.

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** Folds text to a search key: no diacritics, đ→d, lower case, runs of white space collapsed. */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Splits folded text into search terms (letters and digits only). */
export function foldedTerms(text: string): string[] {
  return foldVietnamese(text)
    .split(/[^\p{L}\p{N}.]+/u)
    .map((t) => t.replace(/^\.+|\.+$/g, ''))
    .filter((t) => t.length > 0);
}

// i and y: the same sound in many words, and both spellings are in use ("đăng kí"/"đăng ký", "lí
// lịch"/"lý lịch", "quí"/"quý"). Searches treat them as one letter. Stored keys keep the y (they are
// computed at write time, and an index keyed on them stays valid): the query side folds y to i and
// compares with the stored key's y folded too (`REPLACE(key, 'y', 'i')`), or, for the full-text
// index, tries each term's i/y spellings.

/** A search term in the i/y-insensitive form: folded, with every y written i. */
export function searchTerms(text: string): string[] {
  return foldedTerms(text).map(iy);
}

/** y → i, the comparison form of already folded text. */
export function iy(folded: string): string {
  return folded.replace(/y/g, 'i');
}

/**
 * Every spelling of a term (in `searchTerms` form) with each i as i or y, for an index whose keys
 * keep the y. Capped at `max` (a term with many i's keeps its first positions' variants).
 */
export function iyVariants(term: string, max = 16): string[] {
  let out = [''];
  for (const ch of term) {
    const next = ch === 'i' ? out.flatMap((v) => [`${v}i`, `${v}y`]) : out.map((v) => v + ch);
    out = next.length <= max ? next : out.map((v) => v + ch);
  }
  return out;
}

/** Folds one character for matching (no white-space collapsing, so positions map back). */
function foldChar(ch: string): string {
  return iy(ch.normalize('NFD').replace(COMBINING_MARKS, '').replace(/[đĐ]/g, 'd').toLowerCase());
}

/**
 * A stretch of the original `text` (accents and all) around the first match of any of `terms`
 * (in `searchTerms` form), every match in it marked `[[…]]`. `radius` characters either side.
 * Text without a match gives its beginning.
 */
export function markMatches(text: string, terms: readonly string[], radius = 70): string {
  const source = nfc(text).replace(/\s+/g, ' ').trim();
  const chars = Array.from(source);
  let folded = '';
  const at: number[] = []; // folded index → index into chars
  chars.forEach((ch, i) => {
    for (const f of foldChar(ch)) {
      folded += f;
      at.push(i);
    }
  });
  const ranges: [number, number][] = [];
  for (const term of terms.filter((t) => t.length > 0)) {
    for (let from = folded.indexOf(term); from >= 0; from = folded.indexOf(term, from + term.length)) {
      ranges.push([at[from]!, at[from + term.length - 1]! + 1]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const first = merged[0]?.[0] ?? 0;
  const start = Math.max(0, first - radius);
  const end = Math.min(chars.length, (merged[0]?.[1] ?? 0) + radius * 2);
  let out = start > 0 ? '…' : '';
  let pos = start;
  for (const [a, b] of merged) {
    if (b <= start || a >= end) continue;
    const s = Math.max(a, start);
    const e = Math.min(b, end);
    out += chars.slice(pos, s).join('') + '[[' + chars.slice(s, e).join('') + ']]';
    pos = e;
  }
  out += chars.slice(pos, end).join('');
  if (end < chars.length) out += '…';
  return out;
}

/** NFC is what users type and what PDF text extraction compares against. */
export function nfc(text: string): string {
  return text.normalize('NFC');
}
