import { describe, expect, it } from 'vitest';
import { DEFAULT_DOSSIER_CODE_PATTERN, dossierCounterScope, formatDossierCode } from '../../shared/domain/dossier-code';

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
