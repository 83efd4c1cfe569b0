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
  it('refuses unknown placeholders, a missing sequence, unit or day, and stray braces, in Vietnamese', () => {
    expect(dossierCodePatternProblem('{unit}-{ngay}-{seq:4}')).toContain('không hỗ trợ: {ngay}');
    expect(dossierCodePatternProblem('{unit}-{yymmdd}')).toContain('số thứ tự');
    expect(dossierCodePatternProblem('{unit}-{yymmdd}-{seq:4}-{seq:2}')).toContain('đúng một số thứ tự');
    expect(dossierCodePatternProblem('{yymmdd}-{seq:4}')).toContain('{unit}');
    expect(dossierCodePatternProblem('{unit}-{mm}{dd}-{seq:4}')).toContain('ngày');
    expect(dossierCodePatternProblem('{unit}-{yymmdd-{seq:4}')).not.toBeNull();
    expect(dossierCodePatternProblem('{unit} {yymmdd} {seq:4}')).toContain('không dấu cách');
    expect(dossierCodePatternProblem('  ')).toContain('trống');
  });
});
