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

/** NFC is what users type and what PDF text extraction compares against. */
export function nfc(text: string): string {
  return text.normalize('NFC');
}
