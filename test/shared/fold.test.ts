import { describe, expect, it } from 'vitest';
import { foldVietnamese, foldedTerms, iyVariants, markMatches, nfc, searchTerms } from '../../shared/text/fold';

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

describe('i and y are one letter in searches', () => {
  it('writes every y as i in search terms, so "kí" and "ký" meet', () => {
    expect(searchTerms('đăng kí')).toEqual(searchTerms('Đăng ký'));
    expect(searchTerms('Lý lịch tư pháp')).toEqual(['li', 'lich', 'tu', 'phap']);
  });
  it('spells a term every i/y way for an index that keeps the y', () => {
    expect(iyVariants('ki')).toEqual(['ki', 'ky']);
    expect(iyVariants('khai')).toEqual(['khai', 'khay']);
    expect(iyVariants('sinh')).toContain('sinh');
    expect(iyVariants('iiiiiiiiii').length).toBeLessThanOrEqual(16);
  });
});

describe('markMatches', () => {
  it('shows the original text, accents and all, with the match marked', () => {
    expect(markMatches('Họ, chữ đệm, tên; ngày, tháng, năm sinh: 01/01/1990', searchTerms('ngay thang'))).toBe('Họ, chữ đệm, tên; [[ngày]], [[tháng]], năm sinh: 01/01/1990');
  });
  it('finds "kí" in "ký" and keeps the original spelling', () => {
    expect(markMatches('Tờ khai đăng ký khai sinh', searchTerms('đăng kí'))).toBe('Tờ khai [[đăng]] [[ký]] khai sinh');
  });
  it('works on decomposed text and cuts long text around the first match', () => {
    const long = `${'Lorem ipsum dolor '.repeat(20)}Giấy chứng sinh ${'sit amet '.repeat(40)}`.normalize('NFD');
    const out = markMatches(long, searchTerms('chung sinh'), 20);
    expect(out).toContain('[[chứng]] [[sinh]]');
    expect(out.startsWith('…')).toBe(true);
    expect(out.endsWith('…')).toBe(true);
    expect(out.length).toBeLessThan(120);
  });
});
