// Dossier codes (Circular 01/2018 art. 19): `<unit code>-<YYMMDD>-<4-digit daily sequence>`.
// Circular 03/2025 shows longer forms (`G09.20-20260609-0092637`), so the pattern is a per-unit
// setting with placeholders:
//   {unit} unit code · {yy} {yyyy} {mm} {dd} date parts (Vietnam time, UTC+7) · {yymmdd} {yyyymmdd}
//   the whole day · {seq} four-digit sequence · {seq:N} or {seqN} a sequence of N digits (1–9).
// A pattern is checked when saved (dossierCodePatternProblem): only these placeholders, the unit and
// one sequence, so every code is unique (the sequence restarts when the pattern's date part changes:
// each day for {yymmdd}, each year for {yyyy}, never without a date).
import { vietnamDateParts } from './vietnam-time';

export const DEFAULT_DOSSIER_CODE_PATTERN = '{unit}-{yy}{mm}{dd}-{seq:4}';

/** Date parts in Vietnam's time zone (UTC+7): from ./vietnam-time, re-exported for existing callers. */
export { vietnamDateParts };

/**
 * The counter scope follows the date parts the pattern shows, so a sequence restarts exactly when
 * the code's date part changes: `{yy}{mm}{dd}` → one counter per day (key `U:20260102`, as before),
 * `{yyyy}` → per year (`U:y2026`), `{yyyy}{mm}` → per month (`U:y2026m01`), no date → one counter for
 * ever (`U:*`). A part shown without the larger ones (`{mm}` alone) keeps counting across years, so
 * a code never comes back.
 */
export function dossierCounterScope(unitCode: string, at: Date, pattern: string = DEFAULT_DOSSIER_CODE_PATTERN): string {
  const p = vietnamDateParts(at);
  const whole = /\{(yy|yyyy)mmdd\}/.test(pattern);
  const year = whole || /\{yy(yy)?\}/.test(pattern);
  const month = whole || pattern.includes('{mm}');
  const day = whole || pattern.includes('{dd}');
  if (year && month && day) return `${unitCode}:${p.yyyy}${p.mm}${p.dd}`;
  const key = `${year ? `y${p.yyyy}` : ''}${month ? `m${p.mm}` : ''}${day ? `d${p.dd}` : ''}`;
  return `${unitCode}:${key || '*'}`;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;
const KNOWN = /^(unit|yyyy|yy|mm|dd|yymmdd|yyyymmdd|seq(?::?([1-9]))?)$/;

export function formatDossierCode(pattern: string, unitCode: string, at: Date, sequence: number): string {
  const p = vietnamDateParts(at);
  return pattern.replace(PLACEHOLDER, (whole, key: string) => {
    const m = KNOWN.exec(key);
    if (!m) return whole;
    if (key === 'unit') return unitCode;
    if (key.startsWith('seq')) return String(sequence).padStart(Number(m[2] ?? 4), '0');
    if (key === 'yymmdd') return `${p.yy}${p.mm}${p.dd}`;
    if (key === 'yyyymmdd') return `${p.yyyy}${p.mm}${p.dd}`;
    return p[key as 'yyyy' | 'yy' | 'mm' | 'dd'];
  });
}

/** What is wrong with a dossier-code pattern, as a Vietnamese sentence; null when it can be used. */
export function dossierCodePatternProblem(pattern: string): string | null {
  const s = pattern.trim();
  if (!s) return 'Mẫu mã hồ sơ đang để trống. Ví dụ: {unit}-{yymmdd}-{seq:4}.';
  if (s.length > 100) return 'Mẫu mã hồ sơ dài quá 100 ký tự.';
  const keys = [...s.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  const unknown = keys.filter((k) => !KNOWN.test(k));
  if (unknown.length) {
    return `Mẫu mã hồ sơ có chỗ thay thế không hỗ trợ: ${unknown.map((k) => `{${k}}`).join(', ')}. Dùng được: {unit}, {yymmdd}, {yyyymmdd}, {yyyy}, {yy}, {mm}, {dd}, {seq:N}.`;
  }
  const literal = s.replace(PLACEHOLDER, '');
  if (/[{}]/.test(literal)) return 'Mẫu mã hồ sơ có dấu ngoặc nhọn { } không khớp.';
  if (!/^[A-Za-z0-9.\-_/]*$/.test(literal)) return 'Phần chữ cố định trong mẫu mã hồ sơ chỉ dùng chữ cái không dấu, chữ số và các dấu . - _ / (không dấu cách).';
  const count = (re: RegExp) => keys.filter((k) => re.test(k)).length;
  if (count(/^seq/) !== 1) return 'Mẫu mã hồ sơ phải có đúng một số thứ tự, ví dụ {seq:4}: thiếu nó thì các hồ sơ trùng mã.';
  if (count(/^unit$/) !== 1) return 'Mẫu mã hồ sơ phải có mã đơn vị {unit} (Thông tư 01/2018/TT-VPCP).';
  // The sequence restarts when the date part shown changes (dossierCounterScope): any date part, or
  // none, gives unique codes.
  return null;
}

/** The code the pattern gives for the first dossier of the day `at`: what Cài đặt shows as a preview. */
export function previewDossierCode(pattern: string, unitCode: string, at: Date): string {
  return formatDossierCode(pattern.trim(), unitCode, at, 1);
}
