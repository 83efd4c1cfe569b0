import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import jsQR from 'jsqr';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { buildReceiptPdf, receiptQrText, type ReceiptData } from '../../../main/pdf/receipt-pdf';
import { tempDir } from '../../helpers/temp';

const RECEIPT: ReceiptData = {
  unitName: 'Trung tâm Phục vụ hành chính công xã Tân Phú',
  deskName: 'Quầy 2',
  dossierCode: '000.00.53.H48-261102-0007',
  procedureCode: '1.001193',
  procedureName: 'Đăng ký khai sinh',
  processingDays: 3,
  applicant: { name: 'Trần Văn Đức', idNumber: '079203001234', address: '12 Lê Lợi, phường Bến Thành', phone: '0903123456', email: '' },
  components: [
    { name: 'Tờ khai đăng ký khai sinh', copies: 1 },
    { name: 'Giấy chứng sinh', copies: 2 },
  ],
  receivedAt: new Date('2026-11-02T08:05:00+07:00'),
  dueAt: new Date('2026-11-05T17:00:00+07:00'),
  officerName: 'Nguyễn Thị Lan',
  issuedAt: new Date('2026-11-02T08:06:00+07:00'),
  systemName: 'Một Cửa Số — Trung tâm Phục vụ hành chính công xã Tân Phú',
};

async function written(data: ReceiptData): Promise<string> {
  const file = path.join(tempDir(), 'receipt.pdf');
  fs.writeFileSync(file, await buildReceiptPdf(data));
  return file;
}

describe('receipt (Form 01)', () => {
  it('is an A5 PDF of two copies with every field of the form, in Vietnamese text', async () => {
    const file = await written(RECEIPT);
    execFileSync('qpdf', ['--check', file]);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+2/);
    expect(info).toMatch(/Page size:\s+419\.53 x 595\.28 pts/);
    expect(info).toContain(`Title:           Giấy tiếp nhận hồ sơ và hẹn trả kết quả ${RECEIPT.dossierCode}`);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const [first, second] = text.split('\f');
    const onEveryCopy = [
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      `Mã hồ sơ: ${RECEIPT.dossierCode}`,
      'tiếp nhận hồ sơ của:',
      'Ông/Bà: Trần Văn Đức',
      'Số định danh cá nhân: 079203001234',
      'Nội dung yêu cầu giải quyết: Đăng ký khai sinh (mã 1.001193)',
      '2. Giấy chứng sinh — số lượng: 02',
      '3 ngày làm việc',
      'Thời gian nhận hồ sơ: 08 giờ 05 phút, ngày 02/11/2026',
      'Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 05/11/2026',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
      'Nguyễn Thị Lan',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    ];
    for (const copy of [first!, second!]) for (const field of onEveryCopy) expect(copy).toContain(field);
    expect(first).toContain('Liên 1: Lưu tại bộ phận tiếp nhận');
    expect(second).toContain('Liên 2: Giao người nộp hồ sơ');
  });

  it('carries a QR code top-left that a phone reads back as the dossier, procedure, applicant, issue time and due date', async () => {
    const file = await written(RECEIPT);
    const prefix = path.join(path.dirname(file), 'page');
    execFileSync('pdftoppm', ['-r', '200', '-f', '1', '-l', '1', '-png', file, prefix]);
    const png = fs.readdirSync(path.dirname(file)).find((f) => f.startsWith('page') && f.endsWith('.png'))!;
    const { data, info } = await sharp(path.join(path.dirname(file), png)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const code = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height);
    expect(code).not.toBeNull();
    expect(code!.data).toBe(receiptQrText(RECEIPT));
    expect(code!.data).toContain('Mã hồ sơ: 000.00.53.H48-261102-0007');
    expect(code!.data).toContain('Hẹn trả: 2026-11-05T17:00:00+07:00');
    // Top-left: the code's corners lie in the upper-left quarter of the page.
    expect(code!.location.topLeftCorner.x).toBeLessThan(info.width / 4);
    expect(code!.location.topLeftCorner.y).toBeLessThan(info.height / 4);
  });

  it('keeps a long checklist and long names on the page', async () => {
    const many = { ...RECEIPT, applicant: { ...RECEIPT.applicant, address: 'Tổ dân phố 12, khu phố Đông Hòa, phường Dĩ An, thành phố Dĩ An, tỉnh Bình Dương, một địa chỉ rất dài cần xuống dòng' }, components: Array.from({ length: 18 }, (_, i) => ({ name: `Thành phần hồ sơ số ${i + 1} có tên khá dài để kiểm tra xuống dòng`, copies: 1 })) };
    const file = await written(many);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const first = text.split('\f')[0]!;
    expect(first).toContain('18. Thành phần hồ sơ số 18');
    expect(first).toContain('NGƯỜI NỘP HỒ SƠ');
    // Nothing was drawn below the page's bottom edge.
    const bbox = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
    const yMax = Math.max(...[...bbox.matchAll(/yMax="([\d.]+)"/g)].map((m) => Number(m[1])));
    expect(yMax).toBeLessThan(595.28);
  });
});
