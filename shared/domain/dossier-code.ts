// Dossier codes (Circular 01/2018 art. 19): `<unit code>-<YYMMDD>-<4-digit daily sequence>`.
// Circular 03/2025 shows longer forms, so the pattern is a per-unit setting with placeholders:
//   {unit} unit code · {yy} {yyyy} {mm} {dd} date parts (local time, UTC+7) · {seq:N} zero-padded sequence.
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
  const year = /\{yy(yy)?\}/.test(pattern);
  const month = pattern.includes('{mm}');
  const day = pattern.includes('{dd}');
  if (year && month && day) return `${unitCode}:${p.yyyy}${p.mm}${p.dd}`;
  const key = `${year ? `y${p.yyyy}` : ''}${month ? `m${p.mm}` : ''}${day ? `d${p.dd}` : ''}`;
  return `${unitCode}:${key || '*'}`;
}

export function formatDossierCode(pattern: string, unitCode: string, at: Date, sequence: number): string {
  const p = vietnamDateParts(at);
  return pattern.replace(/\{(unit|yyyy|yy|mm|dd|seq(?::(\d))?)\}/g, (_m, key: string, width?: string) => {
    if (key === 'unit') return unitCode;
    if (key.startsWith('seq')) return String(sequence).padStart(Number(width ?? 4), '0');
    return p[key as 'yyyy' | 'yy' | 'mm' | 'dd'];
  });
}
