// The catalog file readers: JSON, CSV and Excel, each bad-input class with where it is in the file.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { MAX_CATALOG_BYTES, readCatalogFile, toCatalogCsv, toCatalogJson, toCatalogXlsx, type CatalogFile } from '../../../main/catalog/read';
import { parseComponentText, parseFeesText } from '../../../main/catalog/fields';
import { parseCsv } from '../../../main/catalog/csv';
import { zipUnpackedSize } from '../../../main/catalog/xlsx';
import type { Procedure } from '../../../shared/domain/schemas';
import { procedureLevelOf } from '../../../shared/domain/procedure-catalog';

const enc = (s: string) => new TextEncoder().encode(s);
const read = (name: string, text: string | Uint8Array) => readCatalogFile(name, typeof text === 'string' ? enc(text) : text);
const errorsOf = (f: CatalogFile) => f.rows.filter((r) => r.errors.length).map((r) => `${r.where}: ${r.errors.join(' ')}`);

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected the file to be refused');
}

const KS: Procedure = {
  id: 'x',
  code: '1.001193',
  name: 'Đăng ký khai sinh',
  field: 'Hộ tịch',
  level: 'xa',
  processingDays: 0,
  processingHours: null,
  after15hRule: true,
  fullyOnline: false,
  resultIsPaper: true,
  feeBearing: true,
  fees: [{ name: 'Lệ phí', amount: 8000, onlineAmount: 4000 }],
  portalUrl: 'https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-nganh-doc.html?ma_thu_tuc=1.001193',
  retired: false,
  components: [
    { id: 'a', name: 'Tờ khai (theo mẫu)', required: true, copies: 1, kind: 'original' },
    { id: 'b', name: 'Giấy tờ tùy thân', required: true, copies: 1, kind: 'shown' },
    { id: 'c', name: 'Văn bản ủy quyền', required: false, copies: 2, kind: 'copy' },
  ],
};

describe('catalog JSON', () => {
  it('reads the documented form, every field optional but code and name', async () => {
    const f = await read('danh-muc.json', toCatalogJson([KS]));
    expect(f.format).toBe('json');
    expect(errorsOf(f)).toEqual([]);
    const { id: _id, components, retired: _r, processingDays: _d, processingHours: _h, ...rest } = KS;
    expect(f.rows[0]!.patch).toMatchObject({ ...rest, time: { processingDays: 0, processingHours: null } });
    expect(f.rows[0]!.patch!.components).toEqual(components.map(({ id: _x, ...c }) => c));
    const minimal = await read('a.json', '{"procedures": [{"code": "1.000656", "name": "Đăng ký khai tử"}]}');
    expect(minimal.rows[0]!.patch).toEqual({ code: '1.000656', name: 'Đăng ký khai tử' });
    // A bare array is read too.
    expect((await read('a.json', '[{"code": "1.1", "name": "A"}]')).rows).toHaveLength(1);
  });

  it('names each bad procedure by its place and line, and every problem of it', async () => {
    const text = `{
  "procedures": [
    {"code": "1.001193", "name": "Đăng ký khai sinh", "processingDays": 3},
    {"code": "1.000656", "name": "Đăng ký khai tử", "processingDays": -2, "level": "quận"},
    {"name": "Không có mã"},
    {"code": 1.00119, "name": "Mã là số"},
    {"code": "1.004873", "name": "Xác nhận", "fees": [{"name": "Lệ phí", "amount": "mười nghìn"}],
     "components": [{"name": "Tờ khai", "kind": "photocopy"}]},
    "chữ",
    {"code": "1.1 2", "name": "X", "portalUrl": "javascript:alert(1)", "fullyOnline": "có lẽ"}
  ]
}`;
    const f = await read('x.json', text);
    expect(errorsOf(f)).toEqual([
      'Thủ tục thứ 2 (dòng 4): Cấp thực hiện: không rõ “quận”: dùng “bo”, “tinh”, “huyen”, “xa” (hoặc cấp bộ, cấp tỉnh, cấp huyện, cấp xã). Số ngày giải quyết: phải là số không âm, không phải -2.',
      'Thủ tục thứ 3 (dòng 5): Mã thủ tục: thiếu.',
      'Thủ tục thứ 4 (dòng 6): Mã thủ tục: ghi dạng số (1.00119) thì mất số 0 ở cuối (1.001190 thành 1.00119): định dạng cột là Văn bản (Text) rồi gõ lại mã.',
      'Thủ tục thứ 5 (dòng 7): Phí và lệ phí: mục 1: số tiền (amount) phải là số nguyên không âm, không phải “mười nghìn”. Thành phần hồ sơ: mục 1: loại (kind) là "original" (bản chính), "copy" (bản sao) hoặc "shown" (xuất trình), không phải “photocopy”.',
      'Thủ tục thứ 6 (dòng 9): phải là một đối tượng {"code": "…", "name": "…", …}.',
      'Thủ tục thứ 7 (dòng 10): Mã thủ tục: “1.1 2” chỉ gồm chữ cái không dấu, chữ số và dấu chấm (ví dụ 1.001193). Toàn trình: ghi “có” hoặc “không”, không phải “có lẽ”. Trang trên cổng dịch vụ công: phải bắt đầu bằng http:// hoặc https://, không phải “javascript:alert(1)”.',
    ]);
    expect(f.rows[0]!.errors).toEqual([]);
  });

  it('refuses what is not JSON, with the line and column of the fault; an empty or shapeless file', async () => {
    expect(await failure(read('x.json', '{"procedures": [\n  {"code": "1.1", "name": "A"}\n  {"code": "1.2"}\n]}'))).toBe('Tệp không phải JSON hợp lệ (lỗi ở dòng 3, cột 3: thiếu dấu phẩy hoặc dấu ]). Không có gì được nhập.');
    expect(await failure(read('x.json', '{"procedures": [\n  {"code": "1.1", "name": "A"},\n]}'))).toMatch(/dòng 3, cột 1: dấu phẩy thừa trước dấu \]/);
    expect(await failure(read('x.json', '{"procedures": [{"code": 1.1, "name": Đăng ký}]}'))).toMatch(/dòng 1, cột 39: giá trị không hợp lệ \(chữ phải nằm trong dấu ngoặc kép\)/);
    expect(await failure(read('x.json', '{"procedures": [{"code": "1.1"'))).toMatch(/tệp kết thúc giữa chừng/);
    expect(await failure(read('x.json', ''))).toBe('Tệp trống. Không có gì được nhập.');
    expect(await failure(read('x.json', '  \n '))).toBe('Tệp trống. Không có gì được nhập.');
    expect(await failure(read('x.json', '{"procedures": []}'))).toBe('Tệp không có thủ tục nào. Không có gì được nhập.');
    expect(await failure(read('x.json', '{"thu_tuc": []}'))).toMatch(/phải có dạng \{"procedures"/);
  });

  it('warns about keys it does not use', async () => {
    const f = await read('x.json', '{"procedures": [{"code": "1.1", "name": "A", "mucDo": 4}]}');
    expect(f.warnings).toEqual(['Khóa “mucDo” không dùng tới, đã bỏ qua.']);
  });
});

describe('catalog CSV', () => {
  it('reads what Excel writes: BOM, CRLF, semicolons, quoted cells with commas, quotes and line breaks', async () => {
    const csv = '\uFEFFMã thủ tục;Tên thủ tục;Cấp thực hiện;Số ngày giải quyết;Phí và lệ phí;Thành phần hồ sơ;Sau 15 giờ tính ngày tiếp theo\r\n' +
      '1.001193;"Đăng ký khai sinh; ""đúng hạn""";Cấp xã;0,5;"Lệ phí: 8.000 (trực tuyến: 4.000); Phí bản sao: 3 000 đ";"Tờ khai (bản chính, 1 bản);\r\nGiấy tờ tùy thân (xuất trình)";có\r\n';
    const f = await read('dm.csv', csv);
    expect(errorsOf(f)).toEqual([]);
    expect(f.rows[0]!.patch).toEqual({
      code: '1.001193',
      name: 'Đăng ký khai sinh; "đúng hạn"',
      level: 'xa',
      time: { processingDays: 0.5, processingHours: null },
      after15hRule: true,
      fees: [{ name: 'Lệ phí', amount: 8000, onlineAmount: 4000 }, { name: 'Phí bản sao', amount: 3000 }],
      components: [
        { name: 'Tờ khai', required: true, copies: 1, kind: 'original' },
        { name: 'Giấy tờ tùy thân', required: true, copies: 1, kind: 'shown' },
      ],
    });
  });

  it('reports each broken row by its line: wrong number of cells, bad values, duplicated columns refused', async () => {
    const csv = [
      'Mã thủ tục,Tên thủ tục,Số ngày giải quyết,Cấp thực hiện',
      '1.001193,Đăng ký khai sinh,0,xã',
      '1.000656,Đăng ký khai tử, có dấu phẩy,3,xã',
      '',
      '1.000894,"Đăng ký kết hôn',
      'hai dòng",-1,huyện',
      '1.004873,Xác nhận,ba,tỉnh',
      '1.004884,Thiếu ô',
    ].join('\n');
    const f = await read('dm.csv', csv);
    expect(errorsOf(f)).toEqual([
      'Dòng 3: Dòng có 5 ô nhưng dòng tiêu đề có 4 ô: có thể một ô chứa dấu phẩy hoặc xuống dòng mà thiếu dấu ngoặc kép bao quanh.',
      'Dòng 5: Số ngày giải quyết: phải là số không âm, không phải “-1”.',
      'Dòng 7: Số ngày giải quyết: phải là số không âm (ví dụ 5), không phải “ba”.',
      'Dòng 8: Dòng có 2 ô nhưng dòng tiêu đề có 4 ô: có thể một ô chứa dấu phẩy hoặc xuống dòng mà thiếu dấu ngoặc kép bao quanh.',
    ]);
    expect(f.rows.map((r) => r.line)).toEqual([2, 3, 5, 7, 8]);
    expect(await failure(read('dm.csv', 'Mã thủ tục,Tên thủ tục,Tên TTHC\n1.1,A,B'))).toMatch(/hai cột cùng là “Tên thủ tục” \(dòng 1;/);
  });

  it('refuses an unclosed quote, a file not in UTF-8, a file without the header, a header only', async () => {
    expect(await failure(read('dm.csv', 'Mã thủ tục,Tên thủ tục\n1.1,"A\n1.2,B\n'))).toMatch(/Dấu ngoặc kép mở ở dòng 2 không được đóng/);
    const cp1258 = Uint8Array.from([...enc('Mã thủ tục,Tên thủ tục\n1.1,'), 0xd0, 0xe3, 0x6e, 0x67]);
    expect(await failure(read('dm.csv', cp1258))).toMatch(/không ở mã UTF-8.*CSV UTF-8/);
    expect(await failure(read('dm.csv', 'a,b\n1,2\n'))).toMatch(/Không thấy dòng tiêu đề có cột “Mã thủ tục” và “Tên thủ tục”/);
    expect(await failure(read('dm.csv', 'code,name\r\n'))).toBe('Tệp không có thủ tục nào. Không có gì được nhập.');
  });

  it('reads UTF-16 with BOM and tabs (Excel’s “Unicode Text”) and a title above the table', async () => {
    const text = 'DANH MỤC THỦ TỤC CẤP XÃ\r\n\r\nMã thủ tục\tTên thủ tục\r\n1.001193\tĐăng ký khai sinh\r\n';
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(text, 'utf16le'))]);
    const f = await read('dm.txt', utf16);
    expect(f.rows.map((r) => r.patch)).toEqual([{ code: '1.001193', name: 'Đăng ký khai sinh' }]);
    expect(f.rows[0]!.where).toBe('Dòng 4');
  });

  it('parses records with CRLF, LF and CR line ends and keeps their first line', () => {
    expect(parseCsv('a,b\r\n"x\ny",z\rp,q\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x\ny', 'z'] },
      { line: 4, cells: ['p', 'q'] },
    ]);
  });
});

describe('catalog Excel (.xlsx)', () => {
  async function workbook(rows: (string | number | boolean | null)[][], opts: { sheet?: string; textCodes?: boolean } = {}): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Ghi chú').addRow(['Trang khác']);
    const ws = wb.addWorksheet(opts.sheet ?? 'ThuTuc');
    for (const r of rows) ws.addRow(r);
    return new Uint8Array(await wb.xlsx.writeBuffer());
  }

  it('reads the ThuTuc sheet; a code Excel stored as a number is reported by its row', async () => {
    const bytes = await workbook([
      ['Mã thủ tục', 'Tên thủ tục', 'Số ngày giải quyết', 'Toàn trình', 'Phí và lệ phí'],
      ['1.001193', 'Đăng ký khai sinh', 0, false, 'Lệ phí: 8.000'],
      [1.00065, 'Đăng ký khai tử', 3, 'không', null],
      ['1.004873', 'Xác nhận tình trạng hôn nhân', -3, 'có', 'Lệ phí 10000'],
    ]);
    const f = await read('dm.xlsx', bytes);
    expect(f.format).toBe('xlsx');
    expect(f.rows[0]!.patch).toEqual({ code: '1.001193', name: 'Đăng ký khai sinh', time: { processingDays: 0, processingHours: null }, fullyOnline: false, fees: [{ name: 'Lệ phí', amount: 8000 }] });
    expect(errorsOf(f)).toEqual([
      'Hàng 3 (trang ThuTuc): Mã thủ tục: ghi dạng số (1.00065) thì mất số 0 ở cuối (1.001190 thành 1.00119): định dạng cột là Văn bản (Text) rồi gõ lại mã.',
      'Hàng 4 (trang ThuTuc): Số ngày giải quyết: phải là số không âm, không phải -3. Phí và lệ phí: không hiểu “Lệ phí 10000” (viết: Lệ phí: 8.000 (trực tuyến: 4.000); Phí …: 3.000).',
    ]);
  });

  it('round-trips the catalog the app writes (Excel, CSV and JSON give the same rows)', async () => {
    const expected = (await read('a.json', toCatalogJson([KS]))).rows.map((r) => r.patch);
    expect((await read('a.xlsx', await toCatalogXlsx([KS]))).rows.map((r) => r.patch)).toEqual(expected);
    expect((await read('a.csv', toCatalogCsv([KS]))).rows.map((r) => r.patch)).toEqual(expected);
  });

  it('refuses a damaged workbook, an old .xls, and a zip that would unpack beyond the limit', async () => {
    const good = await workbook([['Mã thủ tục', 'Tên thủ tục'], ['1.1', 'A']]);
    expect(await failure(read('dm.xlsx', good.subarray(0, good.length - 30)))).toMatch(/không phải bảng tính Excel \.xlsx hợp lệ|Không đọc được bảng tính/);
    expect(await failure(read('dm.xls', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])))).toMatch(/Tệp \.xls \(Excel 97–2003\)/);
    // A central directory that declares 300 MB unpacked.
    const bomb = Uint8Array.from(good);
    const view = new DataView(bomb.buffer);
    let eocd = bomb.length - 22;
    while (view.getUint32(eocd, true) !== 0x06054b50) eocd--;
    view.setUint32(view.getUint32(eocd + 16, true) + 24, 300 * 1024 * 1024, true);
    expect(zipUnpackedSize(bomb)).toBeGreaterThan(300 * 1024 * 1024);
    expect(await failure(read('dm.xlsx', bomb))).toMatch(/giải nén ra hơn 200 MB/);
  });
});

describe('file checks', () => {
  it('refuses a file above the limit before reading it, and a format it does not know', async () => {
    expect(await failure(read('to.json', new Uint8Array(MAX_CATALOG_BYTES + 1)))).toMatch(/quá giới hạn 20 MB/);
    expect(await failure(read('anh.png', Uint8Array.from([0x89, 0x50, 0x4e, 0x47])))).toMatch(/dùng tệp \.json, \.csv hoặc \.xlsx/);
  });

  it('reads levels, fees and components as desks write them', () => {
    expect(['xã', 'Cấp Xã', 'xa', 'CAP XA', 'commune'].map(procedureLevelOf)).toEqual(['xa', 'xa', 'xa', 'xa', 'xa']);
    expect(['tỉnh', 'Cấp huyện', 'bộ', '', 'quận'].map(procedureLevelOf)).toEqual(['tinh', 'huyen', 'bo', '', null]);
    expect(parseFeesText('Lệ phí: miễn; Phí: 1.200.000 đồng (trực tuyến: 600,000)')).toEqual({ fees: [{ name: 'Lệ phí', amount: 0 }, { name: 'Phí', amount: 1_200_000, onlineAmount: 600_000 }], problems: [] });
    // ";" inside parentheses and ":" in a name stay part of the name.
    expect(parseFeesText('Phí chứng thực (mỗi trang; tối đa 200.000 đ): 2.000; Phí: bản sao: 1.000').fees).toEqual([
      { name: 'Phí chứng thực (mỗi trang; tối đa 200.000 đ)', amount: 2000 },
      { name: 'Phí: bản sao', amount: 1000 },
    ]);
    expect(parseComponentText('Giấy chứng sinh (hoặc văn bản làm chứng)').component).toEqual({ name: 'Giấy chứng sinh (hoặc văn bản làm chứng)', required: true, copies: 1, kind: 'original' });
    expect(parseComponentText('Sổ hộ khẩu (bản sao, 2 bản, không bắt buộc)').component).toEqual({ name: 'Sổ hộ khẩu', required: false, copies: 2, kind: 'copy' });
    expect(parseComponentText('Tờ khai (bản chinh, 1 bnả)').problem).toMatch(/không hiểu “1 bnả” trong ngoặc/);
  });
});
