import { describe, expect, it } from 'vitest';
import { parseCitizenCard, scannerMangling, undoMojibake } from '../../shared/domain/citizen-card';

const NOW = { now: Date.UTC(2026, 0, 15) };
const LINE = '001088012345|012345678|Nguyễn Văn An|01011988|Nam|Số 12 Ngõ 34 Đội Cấn, Phường Đội Cấn, Quận Ba Đình, Hà Nội|15062021';

/** UTF-8 bytes read back as Windows-1252, as a scanner in keyboard mode through the wrong code page. */
function mojibake(s: string): string {
  const cp = new TextDecoder('windows-1252');
  return cp.decode(new TextEncoder().encode(s));
}

describe('citizen card QR text', () => {
  it('parses the seven fields with ISO dates and NFC text', () => {
    expect(parseCitizenCard(LINE, NOW)).toEqual({
      ok: true,
      card: { id: '001088012345', oldId: '012345678', name: 'Nguyễn Văn An', dob: '1988-01-01', sex: 'male', address: 'Số 12 Ngõ 34 Đội Cấn, Phường Đội Cấn, Quận Ba Đình, Hà Nội', issueDate: '2021-06-15' },
    });
    // Decomposed (NFD) input, an empty old ID, a trailing newline from the scanner.
    const nfd = '079195004321||Trần Thị Bích Ngọc|23111995|Nữ|Phường Bến Nghé, Quận 1, Hồ Chí Minh|02032022\r\n'.normalize('NFD');
    const r = parseCitizenCard(nfd, NOW);
    expect(r).toMatchObject({ ok: true, card: { oldId: '', name: 'Trần Thị Bích Ngọc', sex: 'female', dob: '1995-11-23' } });
    if (r.ok) expect(r.card.name).toBe(r.card.name.normalize('NFC'));
  });

  it('refuses texts that are not a card', () => {
    expect(parseCitizenCard('https://dichvucong.gov.vn/p/home', NOW)).toMatchObject({ ok: false, kind: 'not-card' });
    expect(parseCitizenCard('001088012345|012345678|Nguyễn Văn An', NOW)).toMatchObject({ ok: false, kind: 'not-card' });
  });

  it('checks the ID number against the date of birth and sex', () => {
    const swap = (i: number, v: string) => LINE.split('|').map((p, j) => (j === i ? v : p)).join('|');
    expect(parseCitizenCard(swap(0, '003088012345'), NOW)).toMatchObject({ ok: false, kind: 'invalid', message: expect.stringContaining('mã tỉnh') });
    expect(parseCitizenCard(swap(4, 'Nữ'), NOW)).toMatchObject({ ok: false, kind: 'invalid', message: expect.stringContaining('giới tính') });
    expect(parseCitizenCard(swap(3, '01012088'), NOW)).toMatchObject({ ok: false, kind: 'invalid' });
    expect(parseCitizenCard(swap(3, '01011989'), NOW)).toMatchObject({ ok: false, kind: 'invalid', message: expect.stringContaining('5–6') });
    expect(parseCitizenCard(swap(3, '31021988'), NOW)).toMatchObject({ ok: false, kind: 'invalid', message: expect.stringContaining('Ngày sinh') });
    expect(parseCitizenCard(swap(6, '15062027'), NOW)).toMatchObject({ ok: false, kind: 'invalid', message: expect.stringContaining('tương lai') });
    expect(parseCitizenCard(swap(4, 'Khác'), NOW)).toMatchObject({ ok: false, kind: 'invalid' });
    expect(parseCitizenCard(swap(1, '12345'), NOW)).toMatchObject({ ok: false, kind: 'invalid' });
    // Century digit: 2 (male, 2000s) with a 1988 birth.
    expect(parseCitizenCard(swap(0, '001288012345'), NOW)).toMatchObject({ ok: false, kind: 'invalid' });
    // The 2000s: 3 = female.
    expect(parseCitizenCard('048303000777||Phạm Ngọc Ánh|05092003|Nữ|Hải Châu, Đà Nẵng|21122021', NOW)).toMatchObject({ ok: true });
  });

  it('detects UTF-8 read as Windows-1252 (mojibake) and says how to fix it', () => {
    const bad = mojibake(LINE);
    expect(bad).toContain('Nguyá»…n');
    expect(undoMojibake(bad)).toBe(LINE);
    expect(parseCitizenCard(bad, NOW)).toMatchObject({ ok: false, kind: 'mangled', message: expect.stringContaining('Unicode') });
    expect(parseCitizenCard(LINE.replace('Nguyễn', 'NguyÃªn'), NOW)).toMatchObject({ ok: false, kind: 'mangled' });
  });

  it('detects lost diacritics, Telex leftovers, question marks, AZERTY digits and a missing separator', () => {
    const ascii = '001088012345|012345678|Nguyen Van An|01011988|Nam|So 12 Ngo 34 Doi Can, Phuong Doi Can, Quan Ba Dinh, Ha Noi|15062021';
    expect(parseCitizenCard(ascii, NOW)).toMatchObject({ ok: false, kind: 'mangled', message: expect.stringContaining('không có dấu') });
    const telex = '001088012345|012345678|Nguyeenx Vawn An|01011988|Nam|Soos 12 Ngox 34 DDooij Caans, Phuwowngf DDooij Caans, Quaajn Ba DDinhf, Haf Nooij|15062021';
    expect(parseCitizenCard(telex, NOW)).toMatchObject({ ok: false, kind: 'mangled', message: expect.stringContaining('Telex') });
    expect(parseCitizenCard(LINE.replace('Nguyễn', 'Nguy?n'), NOW)).toMatchObject({ ok: false, kind: 'mangled', message: expect.stringContaining('?') });
    expect(parseCitizenCard(LINE.replace('Nguyễn', 'Nguy\ufffdn'), NOW)).toMatchObject({ ok: false, kind: 'mangled' });
    const azerty = LINE.replace('001088012345', 'àà&à__à&é"\'(');
    expect(parseCitizenCard(azerty, NOW)).toMatchObject({ ok: false, kind: 'mangled', message: expect.stringContaining('AZERTY') });
    expect(parseCitizenCard(LINE.replaceAll('|', ''), NOW)).toMatchObject({ ok: false, kind: 'mangled', message: expect.stringContaining('|') });
    expect(scannerMangling(LINE)).toBeNull();
  });
});
