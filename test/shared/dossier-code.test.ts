import { describe, expect, it } from 'vitest';
import { DEFAULT_DOSSIER_CODE_PATTERN, dossierCodePatternProblem, dossierCounterScope, formatDossierCode, previewDossierCode } from '../../shared/domain/dossier-code';

describe('dossier codes', () => {
  it('follows Circular 01/2018: unit-YYMMDD-4 digit sequence', () => {
    const at = new Date('2022-09-21T03:00:00Z');
    expect(formatDossierCode(DEFAULT_DOSSIER_CODE_PATTERN, '000.00.53.H48', at, 99)).toBe('000.00.53.H48-220921-0099');
  });
  it('uses the Vietnamese calendar day, not the machine zone (UTC+7)', () => {
    // 18:30 UTC on 20 Sept is 01:30 on 21 Sept in Vietnam.
    const at = new Date('2022-09-20T18:30:00Z');
    expect(formatDossierCode(DEFAULT_DOSSIER_CODE_PATTERN, 'X', at, 1)).toBe('X-220921-0001');
    expect(dossierCounterScope('X', at)).toBe('X:20220921');
  });
  it('supports the longer Circular 03/2025 form through the pattern', () => {
    expect(formatDossierCode('{unit}-{yyyy}{mm}{dd}-{seq:7}', 'G09.20', new Date('2026-06-09T02:00:00Z'), 92637)).toBe('G09.20-20260609-0092637');
  });
  it('zero-pads the scope so day 1 and day 11 never share a counter', () => {
    expect(dossierCounterScope('U', new Date('2026-01-01T01:00:00Z'))).not.toBe(dossierCounterScope('U', new Date('2026-01-11T01:00:00Z')));
    expect(dossierCounterScope('U', new Date('2026-01-01T01:00:00Z'))).toBe('U:20260101');
  });
});

describe('the counter scope follows the pattern date part', () => {
  const d1 = new Date('2026-03-02T02:00:00Z');
  const d2 = new Date('2026-03-03T02:00:00Z');
  const nextMonth = new Date('2026-04-01T02:00:00Z');
  const nextYear = new Date('2027-01-05T02:00:00Z');
  it('per day when the code shows the day (the default, same keys as before)', () => {
    expect(dossierCounterScope('U', d1, DEFAULT_DOSSIER_CODE_PATTERN)).toBe('U:20260302');
    expect(dossierCounterScope('U', d1, '{unit}-{yymmdd}-{seq4}')).toBe('U:20260302');
    expect(dossierCounterScope('U', d1, '{unit}-{yyyymmdd}-{seq:7}')).toBe('U:20260302');
    expect(dossierCounterScope('U', d1, '{unit}-{yyyy}{mm}{dd}-{seq:7}')).toBe('U:20260302');
    expect(dossierCounterScope('U', d1, DEFAULT_DOSSIER_CODE_PATTERN)).not.toBe(dossierCounterScope('U', d2, DEFAULT_DOSSIER_CODE_PATTERN));
  });
  it('per year for a yearly pattern: two days of one year share a counter', () => {
    const p = '{unit}-{yyyy}-{seq:4}';
    expect(dossierCounterScope('U', d1, p)).toBe('U:y2026');
    expect(dossierCounterScope('U', d2, p)).toBe(dossierCounterScope('U', d1, p));
    expect(dossierCounterScope('U', nextYear, p)).toBe('U:y2027');
    expect(dossierCounterScope('U', d1, '{unit}/{yy}/{seq:5}')).toBe('U:y2026');
  });
  it('per month for a monthly pattern, for ever without a date', () => {
    const p = '{unit}-{yyyy}{mm}-{seq:4}';
    expect(dossierCounterScope('U', d1, p)).toBe(dossierCounterScope('U', d2, p));
    expect(dossierCounterScope('U', nextMonth, p)).not.toBe(dossierCounterScope('U', d1, p));
    expect(dossierCounterScope('U', d1, '{unit}-{seq:6}')).toBe('U:*');
    expect(dossierCounterScope('U', nextYear, '{unit}-{seq:6}')).toBe('U:*');
  });
  it('a month shown without its year keeps counting across years (the code never comes back)', () => {
    expect(dossierCounterScope('U', d1, '{unit}-{mm}-{seq:4}')).toBe(dossierCounterScope('U', new Date('2027-03-10T02:00:00Z'), '{unit}-{mm}-{seq:4}'));
  });
});

describe('dossier-code patterns', () => {
  const at = new Date('2026-06-09T02:00:00Z');
  it('understands the shorthands of the help text and the rules ({yymmdd}, {yyyymmdd}, {seq4})', () => {
    expect(formatDossierCode('{unit}-{yymmdd}-{seq4}', '000.21.40.H56', at, 7)).toBe('000.21.40.H56-260609-0007');
    expect(formatDossierCode('{unit}-{yyyymmdd}-{seq:7}', 'G09.20', at, 92637)).toBe('G09.20-20260609-0092637');
    expect(formatDossierCode('{unit}-{yy}{mm}{dd}-{seq}', 'X.1', at, 12)).toBe('X.1-260609-0012');
    for (const p of [DEFAULT_DOSSIER_CODE_PATTERN, '{unit}-{yymmdd}-{seq4}', '{unit}-{yyyymmdd}-{seq:7}', 'HS/{unit}-{yyyy}{mm}{dd}-{seq:5}']) {
      expect(dossierCodePatternProblem(p), p).toBeNull();
    }
    expect(previewDossierCode('{unit}-{yymmdd}-{seq4}', '000.00.53.H48', at)).toBe('000.00.53.H48-260609-0001');
  });
  it('refuses unknown placeholders, a missing sequence or unit, and stray braces, in Vietnamese; any date part is allowed', () => {
    expect(dossierCodePatternProblem('{unit}-{ngay}-{seq:4}')).toContain('không hỗ trợ: {ngay}');
    expect(dossierCodePatternProblem('{unit}-{yymmdd}')).toContain('số thứ tự');
    expect(dossierCodePatternProblem('{unit}-{yymmdd}-{seq:4}-{seq:2}')).toContain('đúng một số thứ tự');
    expect(dossierCodePatternProblem('{yymmdd}-{seq:4}')).toContain('{unit}');
    expect(dossierCodePatternProblem('{unit}-{yyyy}-{seq:4}')).toBeNull(); // yearly: the counter is per year
    expect(dossierCodePatternProblem('{unit}-{seq:6}')).toBeNull();
    expect(dossierCodePatternProblem('{unit}-{yymmdd-{seq:4}')).not.toBeNull();
    expect(dossierCodePatternProblem('{unit} {yymmdd} {seq:4}')).toContain('không dấu cách');
    expect(dossierCodePatternProblem('  ')).toContain('trống');
  });
});
