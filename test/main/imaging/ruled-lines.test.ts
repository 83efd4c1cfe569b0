import { describe, expect, it } from 'vitest';
import { clearLongRuns } from '../../../main/imaging/ruled-lines';

/** The definition: a pixel goes when it lies in a long enough horizontal or vertical run of the ink as given. */
function reference(ink: Uint8Array, w: number, h: number, minH: number, minV: number): Uint8Array {
  const out = Uint8Array.from(ink);
  const runAt = (x: number, y: number, dx: number, dy: number) => {
    let n = 1;
    for (let k = 1; ; k++) {
      const xx = x + dx * k;
      const yy = y + dy * k;
      if (xx >= w || yy >= h || ink[yy * w + xx] !== 1) break;
      n++;
    }
    for (let k = 1; ; k++) {
      const xx = x - dx * k;
      const yy = y - dy * k;
      if (xx < 0 || yy < 0 || ink[yy * w + xx] !== 1) break;
      n++;
    }
    return n;
  };
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (ink[y * w + x] === 1 && (runAt(x, y, 1, 0) >= minH || runAt(x, y, 0, 1) >= minV)) out[y * w + x] = 0;
  return out;
}

describe('clearLongRuns', () => {
  it('clears exactly the long horizontal and vertical runs, crossings and page edges included', () => {
    const w = 97;
    const h = 83;
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const ink = new Uint8Array(w * h);
    for (let i = 0; i < ink.length; i++) ink[i] = rnd() < 0.3 ? 1 : 0; // speckle and short runs
    for (let x = 5; x < 90; x++) ink[20 * w + x] = 1; // a rule
    for (let x = 0; x < w; x++) ink[(h - 1) * w + x] = 1; // a rule along the bottom edge
    for (let y = 0; y < h; y++) ink[y * w + 40] = 1; // a frame line crossing it, top to bottom
    for (let y = 10; y < 30; y++) ink[y * w + w - 1] = 1; // short on the right edge
    const expected = reference(ink, w, h, 12, 15);
    clearLongRuns(ink, w, h, 12, 15);
    expect(Array.from(ink)).toEqual(Array.from(expected));
  });
});
