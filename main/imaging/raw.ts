// Raw pixel buffers shared by the hand-written image steps (deskew, orientation, perspective,
// table detection). sharp does decoding, resizing and encoding; the geometry it cannot do is done
// here on plain interleaved 8-bit pixels.
import sharp, { type Sharp } from 'sharp';

export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

/** Decodes to 8-bit greyscale, optionally shrunk so the longer side is at most `maxSide`. */
export async function toGreyRaw(input: Sharp | Buffer, maxSide?: number): Promise<RawImage> {
  let pipe = Buffer.isBuffer(input) ? sharp(input, { failOn: 'none' }) : input.clone();
  if (maxSide) pipe = pipe.resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true, kernel: 'linear' });
  const { data, info } = await pipe.greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: 1 };
}

/** Otsu's threshold over a greyscale buffer. */
export function otsuThreshold(grey: Uint8Array): number {
  // Counted in integers (a Float64Array increment per pixel costs several times more).
  const counts = new Int32Array(256);
  for (let i = 0; i < grey.length; i++) counts[grey[i]!]!++;
  const hist = Float64Array.from(counts);
  const total = grey.length;
  let sumAll = 0;
  for (let t = 0; t < 256; t++) sumAll += t * hist[t]!;
  let wB = 0;
  let sumB = 0;
  let best = 0;
  let bestT = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      bestT = t;
    }
  }
  return bestT;
}

/** 1 where the pixel is ink (darker than the threshold), else 0. */
export function binarize(grey: RawImage, threshold = otsuThreshold(grey.data)): Uint8Array {
  const out = new Uint8Array(grey.width * grey.height);
  const d = grey.data;
  // Branch-free: (v - threshold - 1) is negative exactly when v <= threshold.
  for (let i = 0; i < out.length; i++) out[i] = (d[i]! - threshold - 1) >>> 31;
  return out;
}

/** Rotates an interleaved buffer by a multiple of 90° clockwise. */
export function rotateRightAngle(img: RawImage, degrees: 0 | 90 | 180 | 270): RawImage {
  if (degrees === 0) return img;
  const { width: w, height: h, channels: c, data } = img;
  const ow = degrees === 180 ? w : h;
  const oh = degrees === 180 ? h : w;
  const out = new Uint8Array(data.length);
  if (c === 1) {
    // One band (ink, grey analysis copies): each source row is written along one output column
    // (or reversed row), with the index stepped instead of recomputed per pixel.
    for (let y = 0; y < h; y++) {
      const row = y * w;
      if (degrees === 90) for (let x = 0, di = h - 1 - y; x < w; x++, di += ow) out[di] = data[row + x]!;
      else if (degrees === 270) for (let x = 0, di = (w - 1) * ow + y; x < w; x++, di -= ow) out[di] = data[row + x]!;
      else for (let x = 0, di = (h - 1 - y) * w + w - 1; x < w; x++, di--) out[di] = data[row + x]!;
    }
    return { data: out, width: ow, height: oh, channels: c };
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let nx: number;
      let ny: number;
      if (degrees === 90) {
        nx = h - 1 - y;
        ny = x;
      } else if (degrees === 180) {
        nx = w - 1 - x;
        ny = h - 1 - y;
      } else {
        nx = y;
        ny = w - 1 - x;
      }
      const si = (y * w + x) * c;
      const di = (ny * ow + nx) * c;
      for (let k = 0; k < c; k++) out[di + k] = data[si + k]!;
    }
  }
  return { data: out, width: ow, height: oh, channels: c };
}
