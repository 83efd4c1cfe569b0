import { describe, expect, it } from 'vitest';
import { flattenColumnStreaks, flattenShading, median3x3 } from '../../../main/imaging/normalize';

/** Straightforward 3×3 median with repeated edge pixels, to check the fast one against. */
function bruteMedian(src: Uint8Array, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h);
  const clamp = (v: number, max: number) => Math.max(0, Math.min(max, v));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const win: number[] = [];
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) win.push(src[clamp(y + dy, h - 1) * w + clamp(x + dx, w - 1)]!);
      win.sort((a, b) => a - b);
      out[y * w + x] = win[4]!;
    }
  }
  return out;
}

describe('median3x3', () => {
  it('equals the 3×3 median everywhere, edges included', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed & 0xff);
    for (const [w, h] of [[3, 3], [17, 11], [64, 40]] as const) {
      const img = Uint8Array.from({ length: w * h }, rand);
      const expected = bruteMedian(img, w, h);
      median3x3(img, w, h);
      expect(Array.from(img)).toEqual(Array.from(expected));
    }
  });

  it('removes an isolated speck and keeps a 2-pixel stroke', () => {
    const w = 20;
    const h = 20;
    const img = new Uint8Array(w * h).fill(255);
    img[5 * w + 5] = 0; // speck
    for (let y = 2; y < 18; y++) img[y * w + 12] = img[y * w + 13] = 0; // vertical stroke
    median3x3(img, w, h);
    expect(img[5 * w + 5]).toBe(255);
    for (let y = 3; y < 17; y++) expect([img[y * w + 12], img[y * w + 13]]).toEqual([0, 0]);
  });
});

describe('flattenColumnStreaks', () => {
  // Grey paper (220) with lines of "text" (dark strokes at x = 20, 26, …), a faint copier streak
  // down columns 44–46 from top to bottom (40 levels darker), and a table rule (30) down column
  // 100 over 80 % of the height, as in a long register: not a streak, since it stops short of the
  // margins.
  function page(): { img: Uint8Array; w: number; h: number } {
    const w = 160;
    const h = 120;
    const img = new Uint8Array(w * h).fill(220);
    for (let line = 0; line < 5; line++) for (let y = 10 + line * 20; y < 16 + line * 20; y++) for (let x = 20; x < 140; x += 6) img[y * w + x] = img[y * w + x + 1] = 40;
    for (let y = 0; y < h; y++) for (let x = 44; x < 47; x++) img[y * w + x] = Math.max(0, img[y * w + x]! - 40);
    for (let y = 10; y < 106; y++) img[y * w + 100] = 30;
    return { img, w, h };
  }

  it('brightens a faint streak back to the paper and keeps the ink crossing it', () => {
    const { img, w, h } = page();
    expect(flattenColumnStreaks(img, w, h)).toBe(3);
    for (const y of [0, 5, 60, 119]) for (const x of [44, 45, 46]) expect(img[y * w + x]).toBe(220);
    // Text strokes crossing the streak are brightened by the same amount: as dark as elsewhere.
    expect(img[10 * w + 44]).toBe(40);
    expect(img[10 * w + 45]).toBe(40);
  });

  it('leaves a long rule that stops short of the margins, and a page without streaks as it is', () => {
    const { img, w, h } = page();
    flattenColumnStreaks(img, w, h);
    for (const y of [10, 50, 105]) expect(img[y * w + 100]).toBe(30);
    const clean = new Uint8Array(w * h).fill(220);
    for (let y = 10; y < 16; y++) for (let x = 20; x < 140; x += 6) clean[y * w + x] = 40;
    const before = clean.slice();
    expect(flattenColumnStreaks(clean, w, h)).toBe(0);
    expect(clean).toEqual(before);
  });
});

describe('flattenShading', () => {
  // Paper (250), a shaded header cell (190, rows 10–29, columns 20–139) with bold strokes (30)
  // in it, and thin strokes (40) on the paper below.
  function table(): { img: Uint8Array; w: number; h: number } {
    const w = 160;
    const h = 60;
    const img = new Uint8Array(w * h).fill(250);
    for (let y = 10; y < 30; y++) for (let x = 20; x < 140; x++) img[y * w + x] = 190;
    for (let y = 14; y < 26; y++) for (let x = 30; x < 130; x += 8) for (let d = 0; d < 3; d++) img[y * w + x + d] = 30;
    for (let y = 40; y < 52; y++) for (let x = 30; x < 130; x += 8) img[y * w + x] = 40;
    return { img, w, h };
  }

  it('lifts a shaded cell to white up to its edges and keeps the lettering on it dark', () => {
    const { img, w, h } = table();
    expect(flattenShading(img, w, h, 4)).toBe(true);
    for (const [x, y] of [[20, 10], [21, 12], [139, 29], [60, 20], [27, 20]]) expect(img[y! * w + x!]).toBe(255);
    for (const x of [30, 31, 32, 70]) expect(img[20 * w + x]).toBeLessThan(60);
    // Strokes on the paper keep their contrast (background 250 → 255).
    expect(img[45 * w + 30]).toBe(41);
    expect(img[45 * w + 35]).toBe(255);
  });

  it('equals dividing by the closing computed the slow way, edges and odd sizes included', () => {
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed & 0xff);
    for (const [w, h, r] of [[23, 17, 2], [40, 9, 3], [7, 31, 5]] as const) {
      // Dark enough everywhere to count as shaded, with random texture.
      const img = Uint8Array.from({ length: w * h }, () => 60 + (rand() % 120));
      const rank = (src: Uint8Array, max: boolean) =>
        Uint8Array.from(src, (_, i) => {
          const x = i % w;
          const y = Math.floor(i / w);
          let m = max ? 0 : 255;
          for (let yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++)
            for (let xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) m = max ? Math.max(m, src[yy * w + xx]!) : Math.min(m, src[yy * w + xx]!);
          return m;
        });
      const bg = rank(rank(img, true), false);
      const expected = Uint8Array.from(img, (v, i) => Math.min(255, Math.round((255 * v) / bg[i]!)));
      expect(flattenShading(img, w, h, r)).toBe(true);
      expect(Array.from(img)).toEqual(Array.from(expected));
    }
  });

  it('leaves a table without dark shading exactly as it was', () => {
    const { img, w, h } = table();
    for (let i = 0; i < img.length; i++) if (img[i] === 190) img[i] = 232;
    const before = img.slice();
    expect(flattenShading(img, w, h, 4)).toBe(false);
    expect(img).toEqual(before);
  });
});
