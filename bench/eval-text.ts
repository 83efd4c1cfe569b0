// Content of the synthetic Vietnamese administrative pages: what a one-stop-shop desk actually
// scans (receipts with a table of documents, citizens' applications, commune decisions), filled
// with seeded random names, places and dates so every page differs but can be regenerated exactly.

import { makeRng, type Rng } from '../test/helpers/rng';

export { makeRng, type Rng };

export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
export const between = (rng: Rng, lo: number, hi: number): number => lo + (hi - lo) * rng();
const int = (rng: Rng, lo: number, hi: number): number => Math.floor(between(rng, lo, hi + 1));
const pad2 = (n: number): string => String(n).padStart(2, '0');

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Ngọc', 'Thanh', 'Quốc', 'Xuân', 'Thu', 'Kim', 'Công', 'Thị Thu', 'Văn Đức'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hoa', 'Hùng', 'Hương', 'Khánh', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Nga', 'Phúc', 'Phương', 'Quân', 'Quỳnh', 'Sơn', 'Tâm', 'Thảo', 'Thắng', 'Trang', 'Trung', 'Tuấn', 'Việt', 'Yến', 'Đạt', 'Lộc', 'Nhung'];
const COMMUNES = ['An Bình', 'Tân Phú', 'Hòa Lợi', 'Phước Hưng', 'Đông Sơn', 'Quảng Điền', 'Thạnh Mỹ', 'Xuân Trường', 'Hiệp Hòa', 'Long Thạnh', 'Nghĩa Đồng', 'Ea Kly'];
const DISTRICTS = ['huyện Châu Thành', 'huyện Đức Hòa', 'thị xã Bến Cát', 'huyện Quảng Xương', 'huyện Krông Pắc', 'huyện Tân Kỳ', 'huyện Điện Bàn'];
const PROVINCES = ['tỉnh Long An', 'tỉnh Bình Dương', 'tỉnh Thanh Hóa', 'tỉnh Đắk Lắk', 'tỉnh Nghệ An', 'tỉnh Quảng Nam', 'tỉnh Tiền Giang'];
const STREETS = ['đường Lê Lợi', 'đường Trần Hưng Đạo', 'đường Nguyễn Huệ', 'đường Hùng Vương', 'đường Quang Trung', 'đường Võ Thị Sáu'];
const HAMLETS = ['ấp Bình Thạnh', 'thôn Đông', 'khu phố 3', 'tổ dân phố 7', 'ấp Hòa Thuận', 'thôn Phước Lộc', 'xóm Bàu'];

const PROCEDURES = [
  'Đăng ký khai sinh',
  'Đăng ký kết hôn',
  'Chứng thực bản sao từ bản chính',
  'Đăng ký thường trú',
  'Cấp giấy xác nhận tình trạng hôn nhân',
  'Đăng ký khai tử',
  'Xác nhận hộ gia đình nghèo',
  'Cấp giấy phép xây dựng nhà ở riêng lẻ',
  'Chuyển mục đích sử dụng đất',
  'Đăng ký hộ kinh doanh',
];

const DOCUMENTS = [
  'Tờ khai đăng ký khai sinh',
  'Giấy chứng sinh do cơ sở y tế cấp',
  'Căn cước công dân của người yêu cầu',
  'Giấy xác nhận tình trạng hôn nhân',
  'Giấy chứng nhận quyền sử dụng đất',
  'Bản vẽ thiết kế xây dựng công trình',
  'Đơn đề nghị cấp giấy phép xây dựng',
  'Giấy ủy quyền có chứng thực',
  'Biên lai thu phí, lệ phí',
  'Trích lục bản đồ địa chính thửa đất',
  'Hợp đồng thuê nhà ở',
  'Giấy khai sinh của con',
];
const FORMS = ['Bản chính', 'Bản sao', 'Bản sao chứng thực'];

const REASONS = [
  'sửa chữa, cải tạo nhà ở đã xuống cấp để bảo đảm an toàn cho các thành viên trong gia đình',
  'hoàn thiện hồ sơ nhập học cho con trong năm học mới',
  'bổ sung hồ sơ vay vốn sản xuất, kinh doanh tại Ngân hàng Chính sách xã hội',
  'làm thủ tục đăng ký kết hôn tại Ủy ban nhân dân nơi cư trú của bên nữ',
  'ổn định chỗ ở lâu dài sau khi chuyển về sinh sống cùng gia đình',
  'mở cửa hàng bán lẻ tạp hóa, văn phòng phẩm tại nhà',
];

export interface Person {
  name: string;
  dob: string;
  idNumber: string;
  phone: string;
  address: string;
}

export type BodyItem =
  | { type: 'para'; text: string; indent?: boolean; bold?: boolean; italic?: boolean; align?: 'left' | 'center' }
  | { type: 'field'; label: string; value: string }
  | { type: 'table'; header: string[]; rows: string[][]; widths: number[]; rulePt?: number; shadeHeader?: boolean };

export interface SignatureBlock {
  title: string[];
  hint: string | null;
  name: string;
  seal: boolean;
}

export interface DocSpec {
  kind: 'form' | 'letter' | 'decision' | 'register';
  /** Issuing body, upper case, left header; null for a citizen's application (motto centred). */
  agency: string[] | null;
  docNumber: string | null;
  sealText: string;
  dateLine: string;
  title: string[];
  body: BodyItem[];
  signLeft: SignatureBlock | null;
  signRight: SignatureBlock;
  recipients: string[] | null;
}

export function makePerson(rng: Rng, commune: string): Person {
  const name = `${pick(rng, SURNAMES)} ${pick(rng, MIDDLE)} ${pick(rng, GIVEN)}`;
  const dob = `${pad2(int(rng, 1, 28))}/${pad2(int(rng, 1, 12))}/${int(rng, 1950, 2004)}`;
  const idNumber = `0${int(rng, 10, 96)}${int(rng, 0, 1)}${pad2(int(rng, 50, 99))}${String(int(rng, 0, 999999)).padStart(6, '0')}`;
  const phone = `09${int(rng, 0, 9)}${int(rng, 1, 9)} ${String(int(rng, 0, 999)).padStart(3, '0')} ${String(int(rng, 0, 999)).padStart(3, '0')}`;
  const address = `Số ${int(rng, 1, 215)}, ${pick(rng, STREETS)}, ${pick(rng, HAMLETS)}, xã ${commune}`;
  return { name, dob, idNumber, phone, address };
}

function dateLine(rng: Rng, commune: string): { line: string; day: number; month: number; year: number } {
  const day = int(rng, 1, 28);
  const month = int(rng, 1, 12);
  const year = int(rng, 2022, 2025);
  return { line: `${commune}, ngày ${pad2(day)} tháng ${pad2(month)} năm ${year}`, day, month, year };
}

export function makeDocSpec(rng: Rng, kind: DocSpec['kind']): DocSpec {
  const commune = pick(rng, COMMUNES);
  const district = pick(rng, DISTRICTS);
  const province = pick(rng, PROVINCES);
  const person = makePerson(rng, commune);
  const officer = makePerson(rng, commune);
  const procedure = pick(rng, PROCEDURES);
  const date = dateLine(rng, commune);
  const agency = ['ỦY BAN NHÂN DÂN', `XÃ ${commune.toUpperCase()}`];
  const sealText = `ỦY BAN NHÂN DÂN XÃ ${commune.toUpperCase()} * ${district.toUpperCase()}`;

  if (kind === 'form') {
    const count = int(rng, 3, 6);
    const docs = [...DOCUMENTS].sort(() => rng() - 0.5).slice(0, count);
    const rows = docs.map((d, i) => [String(i + 1), d, pick(rng, FORMS), pad2(int(rng, 1, 3))]);
    return {
      kind,
      agency: [...agency, 'BỘ PHẬN MỘT CỬA'],
      docNumber: `Số: ${int(rng, 12, 980)}/GTN-BPMC`,
      sealText,
      dateLine: date.line,
      title: ['GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ'],
      body: [
        { type: 'para', text: `Bộ phận tiếp nhận và trả kết quả Ủy ban nhân dân xã ${commune}, ${district}, ${province} đã tiếp nhận hồ sơ của:`, indent: true },
        { type: 'field', label: 'Ông/bà:', value: person.name },
        { type: 'field', label: 'Địa chỉ:', value: person.address },
        { type: 'field', label: 'Số điện thoại:', value: person.phone },
        { type: 'field', label: 'Nội dung yêu cầu giải quyết:', value: procedure },
        { type: 'para', text: 'Thành phần hồ sơ nộp gồm:' },
        { type: 'table', header: ['STT', 'Tên giấy tờ', 'Hình thức', 'Số lượng'], rows, widths: [0.09, 0.55, 0.23, 0.13] },
        { type: 'field', label: 'Số lượng hồ sơ:', value: '01 (bộ)' },
        { type: 'para', text: `Thời gian giải quyết hồ sơ theo quy định là ${int(rng, 3, 15)} ngày làm việc.`, indent: true },
        { type: 'para', text: `Thời gian nhận hồ sơ: ${int(rng, 7, 16)} giờ ${pad2(int(rng, 0, 59))} phút, ngày ${pad2(date.day)}/${pad2(date.month)}/${date.year}.`, indent: true },
        { type: 'para', text: `Ngày hẹn trả kết quả: ngày ${pad2(Math.min(28, date.day + int(rng, 1, 10)))}/${pad2(date.month)}/${date.year}.`, indent: true },
      ],
      signLeft: { title: ['NGƯỜI NỘP HỒ SƠ'], hint: '(Ký và ghi rõ họ tên)', name: person.name, seal: false },
      signRight: { title: ['NGƯỜI TIẾP NHẬN HỒ SƠ'], hint: '(Ký và ghi rõ họ tên)', name: officer.name, seal: rng() < 0.5 },
      recipients: null,
    };
  }

  if (kind === 'register') {
    // A day's register of received dossiers: a full-width list table with heavier rules and a
    // shaded header, the layout tesseract's automatic segmentation is worst at.
    const n = int(rng, 6, 9);
    const rows = Array.from({ length: n }, (_, i) => {
      const p = makePerson(rng, commune);
      const d = `${pad2(date.day)}/${pad2(date.month)}`;
      return [String(i + 1), p.name, pick(rng, PROCEDURES).split(' ').slice(0, 3).join(' '), d, `${pad2(Math.min(28, date.day + int(rng, 2, 12)))}/${pad2(date.month)}`];
    });
    return {
      kind,
      agency: [...agency, 'BỘ PHẬN MỘT CỬA'],
      docNumber: `Số: ${int(rng, 12, 980)}/BK-BPMC`,
      sealText,
      dateLine: date.line,
      title: ['BẢNG KÊ HỒ SƠ TIẾP NHẬN', `Ngày ${pad2(date.day)} tháng ${pad2(date.month)} năm ${date.year}`],
      body: [
        { type: 'table', header: ['STT', 'Họ và tên', 'Thủ tục', 'Ngày nhận', 'Hẹn trả'], rows, widths: [0.08, 0.32, 0.32, 0.14, 0.14], rulePt: 1.4, shadeHeader: true },
        { type: 'para', indent: true, text: `Tổng số hồ sơ tiếp nhận trong ngày: ${pad2(n)} hồ sơ.` },
      ],
      signLeft: null,
      signRight: { title: ['NGƯỜI LẬP BẢNG'], hint: '(Ký và ghi rõ họ tên)', name: officer.name, seal: false },
      recipients: null,
    };
  }

  if (kind === 'letter') {
    const reason = pick(rng, REASONS);
    return {
      kind,
      agency: null,
      docNumber: null,
      sealText,
      dateLine: date.line,
      title: ['ĐƠN ĐỀ NGHỊ', `(V/v: ${procedure.toLowerCase()})`],
      body: [
        { type: 'para', text: `Kính gửi: Ủy ban nhân dân xã ${commune}, ${district}`, align: 'center', bold: true },
        { type: 'field', label: 'Tôi tên là:', value: person.name },
        { type: 'field', label: 'Sinh ngày:', value: person.dob },
        { type: 'field', label: 'Số định danh cá nhân:', value: person.idNumber },
        { type: 'field', label: 'Nơi thường trú:', value: `${person.address}, ${district}, ${province}` },
        { type: 'field', label: 'Số điện thoại liên hệ:', value: person.phone },
        {
          type: 'para',
          indent: true,
          text: `Tôi làm đơn này kính đề nghị Ủy ban nhân dân xã ${commune} xem xét, giải quyết thủ tục ${procedure.toLowerCase()} cho gia đình tôi. Lý do: gia đình tôi có nhu cầu ${reason}.`,
        },
        {
          type: 'para',
          indent: true,
          text: `Kèm theo đơn này, tôi xin nộp đầy đủ các giấy tờ theo quy định, gồm: ${pick(rng, DOCUMENTS).toLowerCase()}; ${pick(rng, DOCUMENTS).toLowerCase()} và các giấy tờ khác có liên quan.`,
        },
        {
          type: 'para',
          indent: true,
          text: 'Tôi xin cam đoan những nội dung khai trên đây là đúng sự thật và hoàn toàn chịu trách nhiệm trước pháp luật về lời khai của mình. Kính mong Ủy ban nhân dân xã quan tâm, giải quyết.',
        },
        { type: 'para', indent: true, text: 'Tôi xin chân thành cảm ơn!' },
      ],
      signLeft: null,
      signRight: { title: ['NGƯỜI LÀM ĐƠN'], hint: '(Ký và ghi rõ họ tên)', name: person.name, seal: false },
      recipients: null,
    };
  }

  const landArea = int(rng, 60, 480);
  return {
    kind,
    agency,
    docNumber: `Số: ${int(rng, 5, 450)}/QĐ-UBND`,
    sealText,
    dateLine: date.line,
    title: ['QUYẾT ĐỊNH', `Về việc giải quyết thủ tục ${procedure.toLowerCase()}`],
    body: [
      { type: 'para', text: `CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ ${commune.toUpperCase()}`, align: 'center', bold: true },
      { type: 'para', indent: true, italic: true, text: 'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;' },
      {
        type: 'para',
        indent: true,
        italic: true,
        text: 'Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính;',
      },
      {
        type: 'para',
        indent: true,
        italic: true,
        text: `Xét đơn đề nghị của ông (bà) ${person.name} và đề nghị của công chức Tư pháp - Hộ tịch xã tại Tờ trình số ${int(rng, 10, 99)}/TTr-TP ngày ${pad2(date.day)} tháng ${pad2(date.month)} năm ${date.year}.`,
      },
      { type: 'para', text: 'QUYẾT ĐỊNH:', align: 'center', bold: true },
      {
        type: 'para',
        indent: true,
        text: `Điều 1. Chấp thuận đề nghị của ông (bà) ${person.name}, sinh ngày ${person.dob}, số định danh cá nhân ${person.idNumber}, thường trú tại ${person.address}, ${district}, ${province} về việc ${procedure.toLowerCase()} đối với thửa đất có diện tích ${landArea} m2.`,
      },
      {
        type: 'para',
        indent: true,
        text: 'Điều 2. Quyết định này có hiệu lực kể từ ngày ký. Người được chấp thuận có trách nhiệm thực hiện đúng các quy định hiện hành của pháp luật.',
      },
      {
        type: 'para',
        indent: true,
        text: 'Điều 3. Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã, công chức chuyên môn có liên quan và ông (bà) có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.',
      },
    ],
    signLeft: null,
    signRight: { title: ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'], hint: null, name: officer.name, seal: true },
    recipients: ['Nơi nhận:', '- Như Điều 3;', '- Lưu: VT.'],
  };
}
