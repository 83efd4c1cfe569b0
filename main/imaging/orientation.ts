// Cheap up/down test for Latin-script text (Vietnamese included): capitals, ascenders (b d h k l t)
// and the tone and vowel marks above the x-height put far more ink above each line's x-height
// band than descenders (g p q y) and the dot-below mark put under it. Turned upside down, the
// imbalance flips. This settles 0° vs 180° (and 90° vs 270° once the text axis is known) without
// running an OCR engine.
import type { QuarterTurn } from './placement';
import { toPgm } from './pgm';
import { rotateRightAngle, type RawImage } from './raw';
import { profile, type InkPoints } from './skew';

/**
 * Share of the ink outside the x-height bands that lies above them, for lines running at `deg`
 * degrees ("above" = towards smaller r = y·cos − x·sin). Upright text gives well over 0.5.
 * Returns null when there are too few text lines to judge.
 */
export function ascenderShare(p: InkPoints, w: number, h: number, deg: number): { share: number; lines: number } | null {
  const { bins } = profile(p, deg, w, h);
  let max = 0;
  for (let i = 0; i < bins.length; i++) if (bins[i]! > max) max = bins[i]!;
  if (max === 0) return null;
  // Text lines: runs of bins with ink, separated by (nearly) empty gaps.
  const floor = max * 0.02;
  let above = 0;
  let below = 0;
  let lines = 0;
  let i = 0;
  while (i < bins.length) {
    if (bins[i]! <= floor) {
      i++;
      continue;
    }
    const start = i;
    while (i < bins.length && bins[i]! > floor) i++;
    const end = i; // exclusive
    const height = end - start;
    if (height < 4) continue;
    let peak = 0;
    for (let k = start; k < end; k++) if (bins[k]! > peak) peak = bins[k]!;
    // The x-height band is where the line is dense: most letters pass through it.
    let c0 = start;
    while (c0 < end && bins[c0]! < peak * 0.45) c0++;
    let c1 = end - 1;
    while (c1 > c0 && bins[c1]! < peak * 0.45) c1--;
    if (c1 - c0 < 2) continue;
    let a = 0;
    let b = 0;
    for (let k = start; k < c0; k++) a += bins[k]!;
    for (let k = c1 + 1; k < end; k++) b += bins[k]!;
    above += a;
    below += b;
    lines++;
  }
  if (lines < 3 || above + below === 0) return null;
  return { share: above / (above + below), lines };
}

/** One candidate turn of a page and its densest band of lettering, turned by it. */
export interface OrientationStrip {
  /** Clockwise turn under test: the strip is upright if this turn makes the page upright. */
  degrees: QuarterTurn;
  /** Black lettering on white, 8-bit binary PGM. */
  image: Buffer;
}

/**
 * Share of the page, across its text lines, that a strip covers. Measured on two evaluation sets
 * (56 pages, every variant): a fifth gave the upright reading a lead of 43–69 confidence points over
 * the best wrong turn, about half a second of reading per turn; a tenth cut skewed pages' lines
 * short and the lead fell to 10 points on a skewed register; the whole page took 1–2 s per turn.
 */
export const STRIP_SHARE = 0.2;

/**
 * The band of `share` of the page's extent across its lines (rows for 0°/180° candidates, columns
 * for 90°/270°) holding the most lettering ink, turned by each candidate. Reading the same band at
 * each turn keeps the comparison fair; the densest band avoids blank margins and empty form space.
 * `ink`: 1 = lettering (rules and frames already cleared), `width` × `height`.
 */
export function letteringStrips(ink: Uint8Array, width: number, height: number, candidates: readonly QuarterTurn[], share = STRIP_SHARE): OrientationStrip[] {
  const bands = new Map<'rows' | 'cols', RawImage>();
  const band = (along: 'rows' | 'cols'): RawImage => {
    let b = bands.get(along);
    if (!b) {
      b = densestBand(ink, width, height, along, share);
      bands.set(along, b);
    }
    return b;
  };
  return candidates.map((degrees) => {
    const turned = rotateRightAngle(band(degrees % 180 === 0 ? 'rows' : 'cols'), degrees);
    return { degrees, image: toPgm(turned.data, turned.width, turned.height) };
  });
}

/** The densest band as grey (0 = ink, 255 = paper), cut across `along` (rows or columns). */
function densestBand(ink: Uint8Array, width: number, height: number, along: 'rows' | 'cols', share: number): RawImage {
  const n = along === 'rows' ? height : width;
  const counts = new Float64Array(n);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    if (along === 'rows') {
      let c = 0;
      for (let x = 0; x < width; x++) c += ink[row + x]!;
      counts[y] = c;
    } else {
      for (let x = 0; x < width; x++) counts[x] += ink[row + x]!;
    }
  }
  const size = Math.max(1, Math.min(n, Math.round(n * share)));
  let sum = 0;
  for (let i = 0; i < size; i++) sum += counts[i]!;
  let best = sum;
  let start = 0;
  for (let i = size; i < n; i++) {
    sum += counts[i]! - counts[i - size]!;
    if (sum > best) {
      best = sum;
      start = i - size + 1;
    }
  }
  const [w, h] = along === 'rows' ? [width, size] : [size, height];
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const src = along === 'rows' ? (start + y) * width + x : y * width + start + x;
      out[y * w + x] = ink[src] ? 0 : 255;
    }
  }
  return { data: out, width: w, height: h, channels: 1 };
}
