import { describe, expect, it } from 'vitest';
import { binarize, rotateRightAngle, type RawImage } from '../../../main/imaging/raw';

/** Straightforward quarter turn, pixel by pixel, to check the fast paths against. */
function turnedByHand(img: RawImage, degrees: 90 | 180 | 270): RawImage {
  const { width: w, height: h, channels: c } = img;
  const ow = degrees === 180 ? w : h;
  const out = new Uint8Array(img.data.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [nx, ny] = degrees === 90 ? [h - 1 - y, x] : degrees === 180 ? [w - 1 - x, h - 1 - y] : [y, w - 1 - x];
      for (let k = 0; k < c; k++) out[(ny * ow + nx) * c + k] = img.data[(y * w + x) * c + k]!;
    }
  }
  return { data: out, width: ow, height: degrees === 180 ? h : w, channels: c };
}

describe('raw pixel helpers', () => {
  it('turns one-band and colour images by quarter turns exactly', () => {
    for (const channels of [1, 3] as const) {
      const img: RawImage = { data: Uint8Array.from({ length: 7 * 5 * channels }, (_, i) => (i * 37) & 255), width: 7, height: 5, channels };
      for (const deg of [90, 180, 270] as const) {
        const got = rotateRightAngle(img, deg);
        const want = turnedByHand(img, deg);
        expect([got.width, got.height], `${channels} ${deg}`).toEqual([want.width, want.height]);
        expect(Array.from(got.data), `${channels} ${deg}`).toEqual(Array.from(want.data));
      }
      expect(rotateRightAngle(img, 0)).toBe(img);
    }
  });

  it('binarizes at the threshold inclusive, at both ends of the grey scale', () => {
    const data = Uint8Array.from({ length: 256 }, (_, v) => v);
    const grey: RawImage = { data, width: 16, height: 16, channels: 1 };
    for (const t of [0, 1, 127, 254, 255]) {
      expect(Array.from(binarize(grey, t)), `threshold ${t}`).toEqual(Array.from(data, (v) => (v <= t ? 1 : 0)));
    }
  });
});
