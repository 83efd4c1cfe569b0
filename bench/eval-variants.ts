// The ways a page reaches the desk: flatbed scans (clean, skewed, 1-bit, fed sideways or upside
// down), tired photocopies, and phone photos on a desk. Each variant keeps what the pipeline must
// undo in `meta`, so tests can check the correction, not just the OCR.
import sharp from 'sharp';
import { warpWith, solveHomography, type Point } from '../main/imaging/homography';
import type { RawImage } from '../main/imaging/raw';
import type { RenderedPage } from './eval-render';
import { between, type Rng } from './eval-text';

export const VARIANTS = ['clean', 'skewed', 'bilevel', 'rot90', 'rot180', 'photocopy', 'photo'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface VariantMeta {
  /** Clockwise skew applied to the page, degrees. */
  skewDegrees?: number;
  /** Clockwise quarter turn applied; the pipeline must turn it back. */
  rotation?: 0 | 90 | 180 | 270;
  /** Page corners (TL, TR, BR, BL) in the photo. */
  quad?: Point[];
}

export interface VariantImage {
  image: Buffer;
  mime: 'image/jpeg' | 'image/png';
  meta: VariantMeta;
}

function gauss(rng: Rng): number {
  const u = Math.max(rng(), 1e-9);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

const base = (p: RenderedPage) => sharp(p.rgba, { raw: { width: p.width, height: p.height, channels: 4 } }).removeAlpha();

async function photocopy(p: RenderedPage, rng: Rng): Promise<VariantImage> {
  const skew = between(rng, 0.3, 1.2) * (rng() < 0.5 ? -1 : 1);
  const { data, info } = await base(p)
    .greyscale()
    .blur(0.8)
    .rotate(skew, { background: '#ffffff' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const w = info.width;
  const h = info.height;
  const lo = between(rng, 95, 125);
  const hi = between(rng, 188, 208);
  const streaks = Array.from({ length: 2 + Math.floor(rng() * 3) }, () => ({ x: Math.floor(rng() * w), width: 3 + Math.floor(rng() * 10), dark: between(rng, 25, 60) }));
  const streakDark = new Float32Array(w);
  for (const s of streaks) for (let x = s.x; x < Math.min(w, s.x + s.width); x++) streakDark[x] = s.dark;
  // Uneven toner: the copy fades towards one side.
  const fadeFrom = between(rng, -12, 12);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const v = lo + (data[i]! * (hi - lo)) / 255 + (fadeFrom * x) / w - streakDark[x]! + gauss(rng) * 9;
      data[i] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  for (let k = 0; k < 2500; k++) {
    const x = Math.floor(rng() * (w - 3));
    const y = Math.floor(rng() * (h - 3));
    const r = rng() < 0.8 ? 1 : 2;
    for (let dy = 0; dy <= r; dy++) for (let dx = 0; dx <= r; dx++) data[(y + dy) * w + x + dx] = Math.floor(lo * 0.6);
  }
  const image = await sharp(data, { raw: { width: w, height: h, channels: 1 } }).withDensity(300).jpeg({ quality: 85, mozjpeg: true }).toBuffer();
  return { image, mime: 'image/jpeg', meta: { skewDegrees: skew } };
}

async function phonePhoto(p: RenderedPage, rng: Rng): Promise<VariantImage> {
  const W = 3000;
  const H = 4000;
  const j = (s: number) => between(rng, -s, s);
  const tilt = between(rng, 40, 140); // camera tilted back: far (top) edge shorter
  const quad: Point[] = [
    { x: 330 + tilt + j(90), y: 300 + j(90) },
    { x: W - 330 - tilt + j(90), y: 300 + j(90) },
    { x: W - 230 + j(80), y: H - 260 + j(80) },
    { x: 230 + j(80), y: H - 260 + j(80) },
  ];
  const pageCorners = [
    { x: 0, y: 0 },
    { x: p.width - 1, y: 0 },
    { x: p.width - 1, y: p.height - 1 },
    { x: 0, y: p.height - 1 },
  ];
  const src: RawImage = { data: p.rgba, width: p.width, height: p.height, channels: 4 };
  const warped = warpWith(src, solveHomography(quad, pageCorners), W, H, 0);
  const out = Buffer.alloc(W * H * 3);
  const desk = [between(rng, 45, 75), between(rng, 35, 55), between(rng, 28, 42)];
  const lx = between(rng, 0, W);
  const ly = between(rng, 0, H * 0.5);
  const diag = Math.hypot(W, H);
  const cast = [1, between(rng, 0.94, 0.98), between(rng, 0.84, 0.92)];
  for (let y = 0; y < H; y++) {
    const grain = Math.sin(y / between(rng, 6, 9)) * 6;
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const a = warped.data[i * 4 + 3]! / 255;
      const light = 1.05 - 0.38 * (Math.hypot(x - lx, y - ly) / diag);
      for (let c = 0; c < 3; c++) {
        const bg = desk[c]! + grain;
        const v = (warped.data[i * 4 + c]! * a + bg * (1 - a)) * light * cast[c]! + gauss(rng) * 3;
        out[i * 3 + c] = v < 0 ? 0 : v > 255 ? 255 : v;
      }
    }
  }
  const image = await sharp(out, { raw: { width: W, height: H, channels: 3 } }).blur(between(rng, 0.9, 1.4)).jpeg({ quality: 85, mozjpeg: true }).toBuffer();
  return { image, mime: 'image/jpeg', meta: { quad } };
}

export async function makeVariant(p: RenderedPage, variant: Variant, rng: Rng): Promise<VariantImage> {
  switch (variant) {
    case 'clean':
      return { image: await base(p).withDensity(300).jpeg({ quality: 90, mozjpeg: true }).toBuffer(), mime: 'image/jpeg', meta: {} };
    case 'skewed': {
      const skew = between(rng, 2, 7) * (rng() < 0.5 ? -1 : 1);
      const image = await base(p).rotate(skew, { background: '#ffffff' }).withDensity(300).jpeg({ quality: 90, mozjpeg: true }).toBuffer();
      return { image, mime: 'image/jpeg', meta: { skewDegrees: skew } };
    }
    case 'bilevel': {
      const image = await base(p).greyscale().threshold(150).withDensity(300).png({ palette: true, colours: 2 }).toBuffer();
      return { image, mime: 'image/png', meta: {} };
    }
    case 'rot90': {
      const rotation = rng() < 0.5 ? 90 : 270;
      return { image: await base(p).rotate(rotation).withDensity(300).jpeg({ quality: 90, mozjpeg: true }).toBuffer(), mime: 'image/jpeg', meta: { rotation } };
    }
    case 'rot180':
      return { image: await base(p).rotate(180).withDensity(300).jpeg({ quality: 90, mozjpeg: true }).toBuffer(), mime: 'image/jpeg', meta: { rotation: 180 } };
    case 'photocopy':
      return photocopy(p, rng);
    case 'photo':
      return phonePhoto(p, rng);
  }
}
