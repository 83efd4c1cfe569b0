import sharp from 'sharp';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { checkComplete } from '../../../main/capture/completeness';

describe('checkComplete: a file written to the end', () => {
  it('JPEG needs its EOI, PNG its IEND', async () => {
    const jpg = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#fff' } }).jpeg().toBuffer();
    expect(checkComplete(jpg)).toEqual({ complete: true });
    expect(checkComplete(Buffer.concat([jpg, Buffer.alloc(16)]))).toEqual({ complete: true }); // zero padding
    expect(checkComplete(jpg.subarray(0, jpg.length - 10))).toMatchObject({ complete: false, reason: expect.stringContaining('EOI') });
    const png = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#fff' } }).png().toBuffer();
    expect(checkComplete(png)).toEqual({ complete: true });
    expect(checkComplete(png.subarray(0, png.length - 5))).toMatchObject({ complete: false, reason: expect.stringContaining('IEND') });
  });

  it('PDF needs %%EOF and a startxref that points at its xref (table or stream)', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const table = Buffer.from(await doc.save({ useObjectStreams: false }));
    const stream = Buffer.from(await doc.save({ useObjectStreams: true }));
    expect(checkComplete(table)).toEqual({ complete: true });
    expect(checkComplete(stream)).toEqual({ complete: true });
    for (const cut of [0.3, 0.9]) expect(checkComplete(table.subarray(0, Math.floor(table.length * cut)))).toMatchObject({ complete: false });
    // %%EOF present but the xref offset points nowhere useful: an earlier incremental save's tail.
    const bad = Buffer.from(table.toString('latin1').replace(/startxref\s+\d+/, 'startxref\n9'), 'latin1');
    expect(checkComplete(bad)).toMatchObject({ complete: false, reason: expect.stringContaining('xref') });
  });

  it('TIFF needs every page of its chain and their strips inside the file', async () => {
    const imgs = await Promise.all([0, 1, 2, 3].map((i) => sharp({ create: { width: 300, height: 400, channels: 3, background: { r: 60 * i, g: 90, b: 200 } } }).png().toBuffer()));
    const tif = await sharp(imgs, { join: { animated: true } }).tiff({ compression: 'lzw' }).toBuffer();
    expect(checkComplete(tif)).toEqual({ complete: true });
    for (const cut of [0.1, 0.3, 0.55, 0.8, 0.99]) {
      expect(checkComplete(tif.subarray(0, Math.floor(tif.length * cut))), String(cut)).toMatchObject({ complete: false, reason: expect.stringContaining('TIFF') });
    }
  });

  it('other kinds are left to the quiet time', () => {
    expect(checkComplete(Buffer.from('PK\x03\x04 a docx'))).toEqual({ complete: true });
  });
});
