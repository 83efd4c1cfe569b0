import { describe, expect, it } from 'vitest';
import { ProcedureSearchIndex, type ProcedureUsage } from '../../shared/text/procedure-search';

const P = (id: string, code: string, name: string, field = 'Hộ tịch', retired = false) => ({ id, code, name, field, retired });

const catalog = [
  P('ks', '1.001193', 'Đăng ký khai sinh'),
  P('ksnn', '1.001695', 'Đăng ký khai sinh có yếu tố nước ngoài'),
  P('lks', '1.004884', 'Đăng ký lại khai sinh'),
  P('kh', '1.000894', 'Đăng ký kết hôn'),
  P('kt', '1.000656', 'Đăng ký khai tử'),
  P('tths', '1.004873', 'Cấp Giấy xác nhận tình trạng hôn nhân'),
  P('ct', '2.000908', 'Chứng thực bản sao từ bản chính giấy tờ, văn bản', 'Chứng thực'),
  P('ck', '2.000884', 'Chứng thực chữ ký trong các giấy tờ, văn bản', 'Chứng thực'),
  P('tt', '1.004194', 'Đăng ký thường trú', 'Cư trú'),
  P('old', '1.000001', 'Đăng ký khai sinh lưu động (đã bãi bỏ)', 'Hộ tịch', true),
  P('ttks', '1.009999', 'Thủ tục liên thông đăng ký khai sinh, đăng ký thường trú'),
];

const none = new Map<string, ProcedureUsage>();
const index = new ProcedureSearchIndex(catalog);
const search = (q: string, usage = none, includeRetired = false) => index.search(q, usage, { limit: 50, includeRetired });

describe('procedure search', () => {
  it('ignores accents, case and i/y, and ranks the name equal to the query first', () => {
    for (const q of ['khai sinh', 'đăng ký khai sinh', 'dang ky khai sinh', 'DANG KI KHAI SINH', 'Đăng Kí Khai Sinh']) {
      const r = search(q);
      expect(r, q).toEqual(expect.arrayContaining(['ks', 'ksnn', 'lks', 'ttks']));
      expect(r).not.toContain('kh');
    }
    expect(search('dang ky khai sinh')[0]).toBe('ks');
    // "khai sinh" starts no name: whole words in order (a phrase) come before the rest, then by name.
    expect(search('khai sinh').slice(0, 2).sort()).toEqual(['ks', 'ksnn']);
  });

  it('finds as the officer types, letter by letter', () => {
    const typed = 'dang ky khai sinh';
    for (let n = 1; n <= typed.length; n++) {
      const q = typed.slice(0, n);
      if (q.trim() === '') continue;
      expect(search(q), q).toContain('ks');
    }
    expect(search('dang ky khai s')[0]).toBe('ks');
  });

  it('knows initials: dkks, DKKS, đkks; a run inside longer names; a word skipped as a weaker match', () => {
    for (const q of ['dkks', 'DKKS', 'đkks', 'ĐKKS']) expect(search(q)[0], q).toBe('ks');
    const r = search('dkks');
    // Initials of the whole name, then their beginning, then a run inside, then one word skipped.
    expect(r.indexOf('ks')).toBeLessThan(r.indexOf('ksnn'));
    expect(r.indexOf('ksnn')).toBeLessThan(r.indexOf('ttks'));
    expect(r).toContain('lks'); // đăng ký (lại) khai sinh
    expect(r.indexOf('ttks')).toBeLessThan(r.indexOf('lks'));
    expect(search('dkkh')[0]).toBe('kh');
    expect(search('ctbs')[0]).toBe('ct');
    // Two letters only match the initials as they stand (no skipping).
    expect(search('dt')).not.toContain('kh');
  });

  it('does not treat the words of a longer query as initials', () => {
    // "dang ki kdkks": no procedure has "kdkks" in it; initials are for a one-word query.
    expect(search('dang ki kdkks')).toEqual([]);
  });

  it('matches codes: exact first, whatever the use; a prefix while typing', () => {
    const usage = new Map([['kh', { dossiers: 500, lastReceivedAt: '2026-01-01T00:00:00.000Z' }]]);
    expect(search('1.001193', usage)[0]).toBe('ks');
    expect(search('2.000', usage).sort()).toEqual(['ck', 'ct']);
    expect(search('1.00')).toHaveLength(8); // the retired 1.000001 is left out
  });

  it('ranks by the desk use (dossiers received), then the latest receipt, then the match', () => {
    const usage = new Map<string, ProcedureUsage>([
      ['lks', { dossiers: 12, lastReceivedAt: '2026-03-01T02:00:00.000Z' }],
      ['ksnn', { dossiers: 3, lastReceivedAt: '2026-03-02T02:00:00.000Z' }],
      ['ttks', { dossiers: 3, lastReceivedAt: '2026-03-05T02:00:00.000Z' }],
    ]);
    expect(search('khai sinh', usage).slice(0, 4)).toEqual(['lks', 'ttks', 'ksnn', 'ks']);
    // An empty query lists the catalog, most used first.
    expect(search('', usage).slice(0, 3)).toEqual(['lks', 'ttks', 'ksnn']);
    // A weak (skipped-word) abbreviation stays below real matches, however much it is used.
    expect(search('dkks', usage)).toEqual(['ttks', 'ksnn', 'ks', 'lks']);
  });

  it('leaves retired procedures out unless asked', () => {
    expect(search('luu dong')).toEqual([]);
    expect(search('luu dong', none, true)).toEqual(['old']);
    expect(search('', none)).not.toContain('old');
  });

  it('searches 5,000 procedures per keystroke well within a frame', () => {
    const big = Array.from({ length: 5000 }, (_, i) => P(`p${i}`, `1.${String(i).padStart(6, '0')}`, `Thủ tục số ${i} đăng ký ${['khai sinh', 'kết hôn', 'thường trú', 'chứng thực'][i % 4]}`));
    const idx = new ProcedureSearchIndex(big);
    const started = performance.now();
    for (const q of ['d', 'da', 'dan', 'dang', 'dang k', 'dang ky', 'dang ky k', 'dang ky khai', 'dang ky khai sinh', 'dkks', '1.00']) idx.search(q, none, { limit: 50 });
    // 11 queries; the bench (bench/catalog.ts) measures properly, this only catches a blow-up.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
