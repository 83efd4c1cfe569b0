import { describe, expect, it } from 'vitest';
import { extractCardFront, frontFieldCount } from '../../shared/domain/card-front';

const NOW = Date.parse('2026-06-01T00:00:00Z');

describe('extractCardFront (fields of a card face read by OCR)', () => {
  it('matches the labels without accents or case, and maps O/0 and l/1 confusions in numbers and dates', () => {
    const text = [
      'CONG HOA XA HOI CHU NGHIA VIET NAM',
      'CAN CUOC CONG DAN',
      'SO / NO.: OO1O88Ol2345',
      'Ho va ten / Full name:',
      'NGUYEN VAN AN',
      'Ngay sinh / Date of birth: Ol/O1/l988',
      'Gioi tinh / Sex: Nam  Quoc tich / Nationality: Viet Nam',
      'Noi thuong tru / Place of residence: So 12 Ngo 34 Doi Can,',
      'Phuong Doi Can, Ha Noi',
      'Co gia tri den: 01/01/2028',
    ].join('\n');
    const r = extractCardFront(text, { now: NOW });
    expect(r.kind).toBe('cccd');
    expect(r.fields).toEqual({
      id: { value: '001088012345', problem: null },
      name: { value: 'Nguyễn Van An', problem: null },
      dob: { value: '1988-01-01', problem: null },
      sex: { value: 'Nam', problem: null },
      nationality: { value: 'Viet Nam', problem: null },
      address: { value: 'So 12 Ngo 34 Doi Can, Phuong Doi Can, Ha Noi', problem: null },
      expiry: { value: '2028-01-01', problem: null },
    });
  });

  it('reads "Số định danh cá nhân / Personal identification number" (Căn cước, 2024) and the value under its label', () => {
    const r = extractCardFront(['Số định danh cá nhân / Personal identification number:', '079 195 004 321', 'Họ, chữ đệm và tên khai sinh / Full name:', 'TRẦN THỊ BÍCH NGỌC', 'Ngày, tháng, năm sinh / Date of birth: 23/11/1995', 'Giới tính / Sex: Nữ'].join('\n'), { now: NOW });
    expect(r.fields.id).toEqual({ value: '079195004321', problem: null });
    expect(r.fields.dob).toEqual({ value: '1995-11-23', problem: null });
    expect(r.fields.sex).toEqual({ value: 'Nữ', problem: null });
  });

  it('keeps a value that fails a check, with the reason: ID against the sex and year read, a day that does not exist, a name with digits', () => {
    const r = extractCardFront(['Số / No.: 001088012345', 'Họ và tên / Full name:', 'NGUY3N V4N AN', 'Ngày sinh / Date of birth: 31/02/1990', 'Giới tính / Sex: Nữ'].join('\n'), { now: NOW });
    expect(r.fields.id?.value).toBe('001088012345');
    expect(r.fields.id?.problem).toMatch(/giới tính/);
    expect(r.fields.dob).toEqual({ value: '1990-02-31', problem: 'Ngày đọc được (31/02/1990) không phải một ngày có thật.' });
    expect(r.fields.name?.problem).toMatch(/không phải chữ cái/);
    const province = extractCardFront('Số / No.: 999088012345', { now: NOW });
    expect(province.fields.id?.problem).toMatch(/mã tỉnh/);
  });

  it('finds nothing in text that is not a card', () => {
    const r = extractCardFront('Biên bản họp tổ dân phố\nThời gian: 8 giờ ngày 15/06/2026\nĐịa điểm: nhà văn hóa', { now: NOW });
    expect(frontFieldCount(r)).toBe(0);
    expect(r.kind).toBe('unknown');
  });
});
