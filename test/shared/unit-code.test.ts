import { describe, expect, it } from 'vitest';
import { normalizeUnitCode, unitCodeProblem } from '../../shared/domain/unit-code';

describe('unit codes', () => {
  it('accepts the national shapes: dot-separated groups of letters and digits', () => {
    for (const c of ['000.00.53.H48', 'G09.20', '000.21.40.H56', 'H29.25', '000.00.00.G09']) expect(unitCodeProblem(c), c).toBeNull();
    expect(normalizeUnitCode(' 000.00.53.h48 ')).toBe('000.00.53.H48');
    expect(unitCodeProblem('000.00.53.h48')).toBeNull();
  });
  it('refuses spaces, diacritics, a single group and empty groups, in Vietnamese', () => {
    expect(unitCodeProblem('abc xyz')).toContain('không có dấu cách');
    for (const c of ['ABC', 'Xã.Tân', '000..53', '.000.53', '000.53.', '000-00-53', 'UBND xa Tan Phu']) expect(unitCodeProblem(c), c).not.toBeNull();
    expect(unitCodeProblem('')).toContain('Chưa nhập');
  });
});
