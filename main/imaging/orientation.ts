// Cheap up/down test for Latin-script text (Vietnamese included): capitals, ascenders (b d h k l t)
// and the tone and vowel marks above the x-height put far more ink above each line's x-height
// band than descenders (g p q y) and the dot-below mark put under it. Turned upside down, the
// imbalance flips. This settles 0° vs 180° (and 90° vs 270° once the text axis is known) without
// running an OCR engine.
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
