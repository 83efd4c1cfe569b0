import { describe, expect, it } from 'vitest';
import { median3x3 } from '../../../main/imaging/normalize';

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
