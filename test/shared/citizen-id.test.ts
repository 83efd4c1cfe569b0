import { describe, expect, it } from 'vitest';
import { CCCD_PROVINCES, checkCitizenId, decodeCenturySex } from '../../shared/domain/citizen-id';
import { api } from '../../shared/contract/api';
import { ApplicantSchema, DossierSchema } from '../../shared/domain/schemas';

const NOW = { currentYear: 2026 };

describe('citizen ID (CCCD) check', () => {
  it('accepts a valid number and reads province, sex and century', () => {
    expect(checkCitizenId('079203001234', NOW)).toEqual({ ok: true, provinceCode: '079', provinceName: 'Hồ Chí Minh', sex: 'male', century: 21, birthYear: 2003 });
    expect(checkCitizenId('001 188 456789', NOW)).toMatchObject({ ok: true, provinceName: 'Hà Nội', sex: 'female', century: 20, birthYear: 1988 });
    expect(checkCitizenId('096326000001', NOW)).toMatchObject({ ok: true, provinceName: 'Cà Mau', sex: 'female', birthYear: 2026 });
  });

  it('holds the 63 province codes of Circular 07/2016', () => {
    expect(Object.keys(CCCD_PROVINCES)).toHaveLength(63);
    expect(CCCD_PROVINCES['046']).toBe('Thừa Thiên Huế');
    expect(CCCD_PROVINCES['077']).toBe('Bà Rịa - Vũng Tàu');
  });

  it('decodes the century and sex digit as the Circular does', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => decodeCenturySex(d))).toEqual([
      { centuryStart: 1900, sex: 'male' },
      { centuryStart: 1900, sex: 'female' },
      { centuryStart: 2000, sex: 'male' },
      { centuryStart: 2000, sex: 'female' },
      { centuryStart: 2100, sex: 'male' },
      { centuryStart: 2100, sex: 'female' },
      { centuryStart: 2200, sex: 'male' },
      { centuryStart: 2200, sex: 'female' },
      { centuryStart: 2300, sex: 'male' },
      { centuryStart: 2300, sex: 'female' },
    ]);
  });

  it('refuses a wrong length or non-digits', () => {
    for (const bad of ['12345', '0792030012345', '07920300123a', '']) {
      expect(checkCitizenId(bad, NOW)).toEqual({ ok: false, reason: 'Số căn cước công dân phải gồm đúng 12 chữ số.' });
    }
  });

  it('refuses a province code that does not exist', () => {
    const r = checkCitizenId('003203001234', NOW);
    expect(r).toEqual({ ok: false, reason: 'Ba chữ số đầu (003) không phải mã tỉnh, thành phố nơi đăng ký khai sinh.' });
    expect(checkCitizenId('097203001234', NOW).ok).toBe(false);
  });

  it('refuses a year of birth still to come', () => {
    expect(checkCitizenId('079230001234', NOW)).toMatchObject({ ok: false, reason: expect.stringContaining('năm sinh 2030, là năm chưa đến') });
    expect(checkCitizenId('079403001234', NOW).ok).toBe(false); // 2103
    expect(checkCitizenId('079803001234', NOW).ok).toBe(false); // 2303
  });

  it('checks the sex digit against the declared sex', () => {
    expect(checkCitizenId('079203001234', { ...NOW, sex: 'male' }).ok).toBe(true);
    expect(checkCitizenId('079203001234', { ...NOW, sex: 'female' })).toEqual({ ok: false, reason: 'Chữ số thứ 4 (2) là mã giới tính nam, khác giới tính đã khai (nữ).' });
  });

  it('checks the century digit against the date of birth', () => {
    expect(checkCitizenId('079203001234', { ...NOW, birthDate: '2003-05-17' }).ok).toBe(true);
    expect(checkCitizenId('079003001234', { ...NOW, birthDate: '2003-05-17' })).toEqual({ ok: false, reason: 'Chữ số thứ 4 (0) dành cho người sinh từ năm 1900 đến 1999, khác năm sinh đã khai (2003).' });
  });

  it('checks the year digits against the date of birth', () => {
    expect(checkCitizenId('079203001234', { ...NOW, birthDate: '2004' })).toEqual({ ok: false, reason: 'Chữ số thứ 5–6 (03) phải là hai số cuối của năm sinh đã khai (2004).' });
  });
});

describe('the contract uses the check', () => {
  const applicant = { name: 'Trần Văn Đức', idNumber: '079203001234', address: '', phone: '', email: '' };
  it('accepts an empty or valid ID number', () => {
    expect(ApplicantSchema.safeParse(applicant).success).toBe(true);
    expect(ApplicantSchema.safeParse({ ...applicant, idNumber: '' }).success).toBe(true);
  });
  it('refuses "12345" and an invalid CCCD with a Vietnamese reason on idNumber', () => {
    const short = ApplicantSchema.safeParse({ ...applicant, idNumber: '12345' });
    expect(short.success).toBe(false);
    expect(short.error!.issues[0]).toMatchObject({ path: ['idNumber'], message: 'Số định danh phải là số căn cước công dân gồm 12 chữ số (hoặc để trống).' });
    const province = api['dossiers.create'].input.safeParse({ procedureId: 'p', applicant: { ...applicant, idNumber: '003203001234' }, components: [] });
    expect(province.success).toBe(false);
    expect(province.error!.issues[0]!.message).toContain('không phải mã tỉnh');
  });
  it('still reads dossiers stored before the check', () => {
    const shape = DossierSchema.shape.applicant;
    expect(shape.safeParse({ ...applicant, idNumber: '12345' }).success).toBe(true);
  });
});
