// An image kept as captured and laid upright by the PDF's image matrix must look exactly like the
// image turned by the clean-up would have: poppler's rendering of the page is compared with
// sharp's upright rendition, and the text layer (in upright page pixels) stays on its words.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { placedGeometry, renderPlaced, type ImagePlacement } from '../../../main/imaging/placement';
import { buildSearchablePdf } from '../../../main/pdf/searchable-pdf';
import { renderTextPage } from './fixtures';
import { pdftotextRaw, popplerGray, qpdfCheck } from './helpers';

const META = { title: 't', dossierCode: 'X-1', component: 'c', officer: 'o', createdAt: new Date(0) };

/** An asymmetric test card: a dark block top-left, a mid-grey bar along the bottom. */
async function card(): Promise<Buffer> {
  const w = 300;
  const h = 200;
  const px = Buffer.alloc(w * h, 255);
  for (let y = 10; y < 70; y++) for (let x = 15; x < 100; x++) px[y * w + x] = 0;
  for (let y = 160; y < 190; y++) for (let x = 20; x < 280; x++) px[y * w + x] = 128;
  return sharp(px, { raw: { width: w, height: h, channels: 1 } }).jpeg({ quality: 95 }).toBuffer();
}

describe('image placement', () => {
  it.each<[string, ImagePlacement]>([
    ['a quarter turn', { turn: 90, skew: 0 }],
    ['a half turn', { turn: 180, skew: 0 }],
    ['three quarters', { turn: 270, skew: 0 }],
    ['a deskew', { turn: 0, skew: 4 }],
    ['a turn and a deskew', { turn: 90, skew: -3 }],
  ])('draws the captured image in the PDF as clean-up would turn it: %s', async (_name, placement) => {
    const image = await card();
    const g = placedGeometry(300, 200, placement);
    const pdf = await buildSearchablePdf([{ image, mime: 'image/jpeg', width: g.width, height: g.height, dpi: 72, lines: [], placement }], META);
    expect(qpdfCheck(pdf).status).toBe(0);
    // The PDF image stream is the captured JPEG, untouched.
    expect(Buffer.from(pdf).includes(image)).toBe(true);
    const pgm = popplerGray(pdf, 72);
    const { data: expected, info } = await (await renderPlaced(image, placement)).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([g.width, g.height]);
    const pixels = pgm.subarray(pgm.length - expected.length);
    let diff = 0;
    for (let i = 0; i < expected.length; i++) diff += Math.abs(pixels[i]! - expected[i]!);
    // Resampling differs at edges (poppler vs libvips); a wrong turn or mirror gives > 40.
    expect(diff / expected.length).toBeLessThan(6);
  });

  it('keeps the text layer in upright page coordinates over a turned image', async () => {
    const upright = renderTextPage(['Giấy xác nhận cư trú', 'Nguyễn Văn Bình'], { dpi: 100, width: 600, height: 400, fontPx: 28 });
    // What a scanner delivered: the sheet upside down. Turned back by the placement.
    const captured = await sharp(upright.image).rotate(180).jpeg({ quality: 90 }).toBuffer();
    const pdf = await buildSearchablePdf([{ ...upright, image: captured, placement: { turn: 180, skew: 0 } }], META);
    expect(pdftotextRaw(pdf).split('\n').map((l) => l.trim()).filter((l) => l && l !== '\f')).toEqual(['Giấy xác nhận cư trú', 'Nguyễn Văn Bình']);
    const pgm = popplerGray(pdf, 100);
    const expected = await sharp(upright.image).toColourspace('b-w').raw().toBuffer();
    const pixels = pgm.subarray(pgm.length - expected.length);
    let diff = 0;
    for (let i = 0; i < expected.length; i++) diff += Math.abs(pixels[i]! - expected[i]!);
    expect(diff / expected.length).toBeLessThan(4);
  });

  it('makes small upright renditions (thumbnails) without decoding at full size first', async () => {
    const image = await card();
    const thumb = await (await renderPlaced(image, { turn: 90, skew: 0 }, 50)).png().toBuffer();
    const meta = await sharp(thumb).metadata();
    expect([meta.width, meta.height]).toEqual([50, 75]);
  });
});
