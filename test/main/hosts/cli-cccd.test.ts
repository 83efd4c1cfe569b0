import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { motcua } from '../../helpers/cli';
import { tempDir } from '../../helpers/temp';
import { SAMPLE_CARDS, cardFront, cardOnA4, cardQrText, degrade, otherQr, phonePhoto } from '../../helpers/cccd-card';

async function pdfOf(jpeg: Buffer): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const img = await doc.embedJpg(jpeg);
  const page = doc.addPage([595, 842]);
  page.drawImage(img, { x: 0, y: 0, width: 595, height: 842 });
  return Buffer.from(await doc.save());
}

describe('motcua cccd', () => {
  it('prints one JSON object per file: the card, or the reason in Vietnamese', async () => {
    const dir = tempDir();
    const [a, b, c] = SAMPLE_CARDS as [(typeof SAMPLE_CARDS)[0], (typeof SAMPLE_CARDS)[0], (typeof SAMPLE_CARDS)[0]];
    const files: Record<string, Buffer> = {
      // Small and rotated on a 300-dpi A4 scan, blurred, JPEG, an unrelated QR right beside it.
      'a4.jpg': await cardOnA4(cardQrText(a), { angle: 17, at: [0.62, 0.7], otherQr: true }).then((p) => degrade(p, { blur: 1.2, jpeg: 70, dpi: 300 })),
      'photo.png': await phonePhoto(cardQrText(b)).then((j) => sharp(j).png().toBuffer()),
      'scan.tif': await cardOnA4(cardQrText(c), { dpi: 200, angle: -95 }).then((p) => sharp(p).tiff({ compression: 'lzw' }).toBuffer()),
      'scan.pdf': await pdfOf(await cardOnA4(cardQrText(a), { dpi: 300, angle: 4 }).then((p) => degrade(p, { jpeg: 80 }))),
      'other.png': await otherQr(),
      'blank.png': await sharp({ create: { width: 800, height: 600, channels: 3, background: '#ffffff' } }).png().toBuffer(),
      // The ID says female (digit 1) but the card says Nam.
      'bad.png': await cardOnA4(cardQrText({ ...a, id: '001188012345' }), { dpi: 200 }),
    };
    for (const [name, data] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), data);
    const r = motcua(['cccd', ...Object.keys(files).map((f) => path.join(dir, f))]);
    expect(r.code, r.stderr).toBe(1);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(7);
    expect(out[0]).toEqual({ id: '001088012345', old_id: '012345678', name: 'Nguyễn Văn An', dob: '1988-01-01', sex: 'Nam', address: a.address, issue_date: '2021-06-15' });
    expect(Object.keys(out[0])).toEqual(['id', 'old_id', 'name', 'dob', 'sex', 'address', 'issue_date']);
    expect(out[1]).toMatchObject({ id: b.id, old_id: '', name: 'Trần Thị Bích Ngọc', sex: 'Nữ', dob: '1995-11-23' });
    expect(out[2]).toMatchObject({ id: c.id, name: 'Lê Hoàng Đức', dob: '2001-04-30' });
    expect(out[3]).toMatchObject({ id: a.id });
    expect(out[4]).toMatchObject({ error: 'not-card', message: expect.stringContaining('không phải mã QR trên thẻ') });
    expect(out[5]).toMatchObject({ error: 'no-qr', message: expect.stringContaining('Không tìm thấy mã QR') });
    expect(out[6]).toMatchObject({ error: 'invalid', message: expect.stringContaining('giới tính') });
    for (const o of out) for (const v of Object.values(o)) expect(v).toBe((v as string).normalize('NFC'));

    const missing = motcua(['cccd']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Thiếu tệp');
  }, 120_000);
});

describe('motcua cccd --ocr', () => {
  it('keeps "no-qr" without --ocr; with it, reads the printed fields of a card with no QR, each one to check', async () => {
    const dir = tempDir();
    const card = SAMPLE_CARDS[0]!;
    fs.writeFileSync(path.join(dir, 'front.png'), await cardFront(card, { origin: 'Xã Tân Lập, Huyện Đan Phượng, Hà Nội' }));
    fs.writeFileSync(path.join(dir, 'cmnd.png'), await cardFront({ ...card, oldId: '012345678' }, { kind: 'cmnd' }));
    fs.writeFileSync(path.join(dir, 'blank.png'), await sharp({ create: { width: 800, height: 600, channels: 3, background: '#ffffff' } }).png().toBuffer());
    fs.writeFileSync(path.join(dir, 'qr.png'), await cardOnA4(cardQrText(card), { dpi: 200 }));
    const files = ['front.png', 'cmnd.png', 'blank.png', 'qr.png'].map((f) => path.join(dir, f));

    const plain = motcua(['cccd', files[0]!]);
    expect(plain.code).toBe(1);
    expect(JSON.parse(plain.stdout.trim())).toMatchObject({ error: 'no-qr' });

    const r = motcua(['cccd', '--ocr', '--data-dir', path.join(dir, 'data'), ...files]);
    expect(r.code, r.stderr).toBe(1);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(4);
    expect(out[0]).toEqual({
      source: 'ocr',
      to_check: true,
      kind: 'cccd',
      id: '001088012345',
      name: 'Nguyễn Văn An',
      dob: '1988-01-01',
      sex: 'Nam',
      nationality: 'Việt Nam',
      origin: 'Xã Tân Lập, Huyện Đan Phượng, Hà Nội',
      address: card.address,
      expiry: '2036-06-15',
      problems: {},
    });
    expect(out[1]).toMatchObject({ source: 'ocr', to_check: true, kind: 'cmnd', id: '012345678', name: 'Nguyễn Văn An', dob: '1988-01-01', problems: {} });
    expect(out[2]).toMatchObject({ error: 'no-fields', message: expect.stringContaining('Không nhận ra') });
    // A card whose QR is read is printed as before, never through OCR.
    expect(out[3]).toEqual({ id: '001088012345', old_id: '012345678', name: 'Nguyễn Văn An', dob: '1988-01-01', sex: 'Nam', address: card.address, issue_date: '2021-06-15' });
  }, 180_000);
});
