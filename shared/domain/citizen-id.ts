// The 12-digit personal identification number printed on the citizen identity card (số định danh
// cá nhân / số căn cước công dân, CCCD), as Decree 137/2015/ND-CP art. 13 and Circular
// 07/2016/TT-BCA art. 7 build it:
//   digits 1–3  the province (or country) where the birth was registered (Appendix 1 of the Circular)
//   digit  4    century of birth and sex: 0/1 1900–1999 male/female, 2/3 2000–2099, 4/5 2100–2199,
//               6/7 2200–2299, 8/9 2300–2399 (the Circular's 24th century; no one alive carries it)
//   digits 5–6  the last two digits of the year of birth
//   digits 7–12 a random sequence
// The number has no check digit, so this is what can be verified offline: the shape, a province
// code that exists, a year of birth that is not in the future, and agreement with a date of birth
// and a sex when the caller knows them.
// Province codes: the 63 provinces before the 2025 mergers (Circular 07/2016/TT-BCA, Appendix 1, and
// its amendments). A number keeps the code of the province where the birth was registered, so these
// codes stay valid after the mergers. Not covered: citizens whose birth was registered abroad carry a
// country code (Appendix 2), which this list does not hold.

import { vietnamParts } from './vietnam-time';

/** Province codes → names (Circular 07/2016/TT-BCA, Appendix 1). */
export const CCCD_PROVINCES: Readonly<Record<string, string>> = {
  '001': 'Hà Nội',
  '002': 'Hà Giang',
  '004': 'Cao Bằng',
  '006': 'Bắc Kạn',
  '008': 'Tuyên Quang',
  '010': 'Lào Cai',
  '011': 'Điện Biên',
  '012': 'Lai Châu',
  '014': 'Sơn La',
  '015': 'Yên Bái',
  '017': 'Hòa Bình',
  '019': 'Thái Nguyên',
  '020': 'Lạng Sơn',
  '022': 'Quảng Ninh',
  '024': 'Bắc Giang',
  '025': 'Phú Thọ',
  '026': 'Vĩnh Phúc',
  '027': 'Bắc Ninh',
  '030': 'Hải Dương',
  '031': 'Hải Phòng',
  '033': 'Hưng Yên',
  '034': 'Thái Bình',
  '035': 'Hà Nam',
  '036': 'Nam Định',
  '037': 'Ninh Bình',
  '038': 'Thanh Hóa',
  '040': 'Nghệ An',
  '042': 'Hà Tĩnh',
  '044': 'Quảng Bình',
  '045': 'Quảng Trị',
  '046': 'Thừa Thiên Huế',
  '048': 'Đà Nẵng',
  '049': 'Quảng Nam',
  '051': 'Quảng Ngãi',
  '052': 'Bình Định',
  '054': 'Phú Yên',
  '056': 'Khánh Hòa',
  '058': 'Ninh Thuận',
  '060': 'Bình Thuận',
  '062': 'Kon Tum',
  '064': 'Gia Lai',
  '066': 'Đắk Lắk',
  '067': 'Đắk Nông',
  '068': 'Lâm Đồng',
  '070': 'Bình Phước',
  '072': 'Tây Ninh',
  '074': 'Bình Dương',
  '075': 'Đồng Nai',
  '077': 'Bà Rịa - Vũng Tàu',
  '079': 'Hồ Chí Minh',
  '080': 'Long An',
  '082': 'Tiền Giang',
  '083': 'Bến Tre',
  '084': 'Trà Vinh',
  '086': 'Vĩnh Long',
  '087': 'Đồng Tháp',
  '089': 'An Giang',
  '091': 'Kiên Giang',
  '092': 'Cần Thơ',
  '093': 'Hậu Giang',
  '094': 'Sóc Trăng',
  '095': 'Bạc Liêu',
  '096': 'Cà Mau',
};

export type Sex = 'male' | 'female';

const SEX_LABEL: Record<Sex, string> = { male: 'nam', female: 'nữ' };

/** The fourth digit: the first year of the century of birth and the sex (even male, odd female). */
export function decodeCenturySex(digit: number): { centuryStart: number; sex: Sex } {
  return { centuryStart: 1900 + Math.floor(digit / 2) * 100, sex: digit % 2 === 0 ? 'male' : 'female' };
}

export interface CitizenIdFacts {
  /** Date of birth yyyy-MM-dd, or only the year (yyyy), when known. */
  birthDate?: string | null;
  sex?: Sex | null;
  /** The current year in Vietnam (a year of birth after it is refused); defaults to today's. */
  currentYear?: number;
}

export type CitizenIdCheck =
  | {
      ok: true;
      provinceCode: string;
      provinceName: string;
      sex: Sex;
      /** The century as Vietnamese count it: 20 = 1900–1999. */
      century: number;
      birthYear: number;
    }
  | { ok: false; reason: string };

const thisYear = () => vietnamParts(Date.now()).year;

/** Checks a CCCD number (spaces ignored) and, when given, its agreement with a date of birth and sex. */
export function checkCitizenId(input: string, facts: CitizenIdFacts = {}): CitizenIdCheck {
  const id = input.replace(/\s+/g, '');
  if (!/^\d{12}$/.test(id)) return { ok: false, reason: 'Số căn cước công dân phải gồm đúng 12 chữ số.' };
  const provinceCode = id.slice(0, 3);
  const provinceName = CCCD_PROVINCES[provinceCode];
  if (!provinceName) return { ok: false, reason: `Ba chữ số đầu (${provinceCode}) không phải mã tỉnh, thành phố nơi đăng ký khai sinh.` };
  const digit = Number(id[3]);
  const { centuryStart, sex } = decodeCenturySex(digit);
  const yy = id.slice(4, 6);
  const birthYear = centuryStart + Number(yy);
  const currentYear = facts.currentYear ?? thisYear();
  if (birthYear > currentYear) {
    return { ok: false, reason: `Chữ số thứ 4 (${digit}) và chữ số thứ 5–6 (${yy}) cho năm sinh ${birthYear}, là năm chưa đến.` };
  }
  if (facts.sex && facts.sex !== sex) {
    return { ok: false, reason: `Chữ số thứ 4 (${digit}) là mã giới tính ${SEX_LABEL[sex]}, khác giới tính đã khai (${SEX_LABEL[facts.sex]}).` };
  }
  if (facts.birthDate) {
    const declared = /^(\d{4})(?:-\d{2}-\d{2})?$/.exec(facts.birthDate.trim());
    if (declared) {
      const year = Number(declared[1]);
      if (year < centuryStart || year > centuryStart + 99) {
        return { ok: false, reason: `Chữ số thứ 4 (${digit}) dành cho người sinh từ năm ${centuryStart} đến ${centuryStart + 99}, khác năm sinh đã khai (${year}).` };
      }
      if (year % 100 !== Number(yy)) {
        return { ok: false, reason: `Chữ số thứ 5–6 (${yy}) phải là hai số cuối của năm sinh đã khai (${year}).` };
      }
    }
  }
  return { ok: true, provinceCode, provinceName, sex, century: centuryStart / 100 + 1, birthYear };
}

/** The reason a value typed as an applicant's ID number is refused, or null when it is accepted. */
export function citizenIdProblem(value: string): string | null {
  const r = checkCitizenId(value);
  return r.ok ? null : r.reason;
}
