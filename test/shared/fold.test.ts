import { describe, expect, it } from 'vitest';
import { foldVietnamese, foldedTerms, nfc } from '../../shared/text/fold';

describe('foldVietnamese', () => {
  it('removes every Vietnamese diacritic and folds case', () => {
    expect(foldVietnamese('Đăng ký khai sinh')).toBe('dang ky khai sinh');
    expect(foldVietnamese('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')).toBe('cong hoa xa hoi chu nghia viet nam');
    expect(foldVietnamese('ưởng ỡ ặ ệ ộ ợ ụ ự ỷ')).toBe('uong o a e o o u u y');
  });
  it('treats đ/Đ as d, which NFD alone does not', () => {
    expect('đ'.normalize('NFD')).toBe('đ');
    expect(foldVietnamese('Đường Đồng Khởi')).toBe('duong dong khoi');
  });
  it('gives the same key for precomposed and decomposed input', () => {
    const composed = 'Hộ tịch';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(foldVietnamese(decomposed)).toBe(foldVietnamese(composed));
    expect(nfc(decomposed)).toBe(composed);
  });
  it('splits into terms, keeping procedure codes whole', () => {
    expect(foldedTerms('  Thủ tục 1.001193, hộ-tịch ')).toEqual(['thu', 'tuc', '1.001193', 'ho', 'tich']);
  });
});
