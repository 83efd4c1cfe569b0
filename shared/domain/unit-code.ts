// Unit codes (mã định danh đơn vị, Decision 20/2020/QĐ-TTg and the national list of codes):
// groups of Latin letters and digits separated by dots, e.g. `000.00.53.H48` (a commune) or `G09.20`
// (Circular 03/2025 examples). No spaces, no diacritics: the code is the prefix of every dossier code.
export const UNIT_CODE_RE = /^[A-Z0-9]{1,6}(?:\.[A-Z0-9]{1,6}){1,5}$/;

/** A typed code as stored: trimmed, upper case (`000.00.53.h48` → `000.00.53.H48`). */
export function normalizeUnitCode(code: string): string {
  return code.trim().toUpperCase();
}

/** What is wrong with a unit code, as a Vietnamese sentence; null when it has the national shape. */
export function unitCodeProblem(code: string): string | null {
  const c = normalizeUnitCode(code);
  if (!c) return 'Chưa nhập mã đơn vị.';
  if (/\s/.test(c)) return 'Mã đơn vị không có dấu cách, ví dụ 000.00.53.H48.';
  if (!UNIT_CODE_RE.test(c)) {
    return 'Mã đơn vị gồm các nhóm chữ cái không dấu và chữ số, ngăn cách bằng dấu chấm, ví dụ 000.00.53.H48 hoặc G09.20 (theo danh mục mã định danh đơn vị).';
  }
  return null;
}
