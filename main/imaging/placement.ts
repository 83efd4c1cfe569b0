// How a captured image is laid upright on its page without touching its bytes. A scanner's JPEG
// that only needs a quarter turn or a small deskew is archived as it came, and the turn is applied
// where the page is shown: in the PDF (an image matrix, which every viewer honours) and in the
// app's renditions. Decoding, rotating and re-encoding an A4 page at 300 dpi costs about 0.3 s of
// CPU per page and a generation of JPEG loss; a matrix costs nothing.
import sharp, { type Sharp } from 'sharp';

export type QuarterTurn = 0 | 90 | 180 | 270;

export interface ImagePlacement {
  /** Clockwise quarter turn that makes the text upright. */
  turn: QuarterTurn;
  /** Skew of the text lines in degrees (down to the right when positive), undone after the turn. */
  skew: number;
}

export const isUpright = (p: ImagePlacement | null | undefined): boolean => !p || (p.turn === 0 && p.skew === 0);

export interface PlacedGeometry {
  /** Upright page size in pixels: the turned image cut back to its own size around the centre. */
  width: number;
  height: number;
  /** Clockwise rotation in degrees applied to the image as a whole. */
  angle: number;
  /** Bounding box of the rotated image, before it is cut to width × height. */
  grownWidth: number;
  grownHeight: number;
}

/** The upright page an image of w × h pixels becomes under a placement. */
export function placedGeometry(w: number, h: number, p: ImagePlacement): PlacedGeometry {
  const turned = p.turn === 90 || p.turn === 270;
  const angle = p.turn - p.skew;
  const a = (Math.abs(angle) * Math.PI) / 180;
  const grownWidth = Math.floor(Math.abs(w * Math.cos(a)) + Math.abs(h * Math.sin(a)));
  const grownHeight = Math.floor(Math.abs(w * Math.sin(a)) + Math.abs(h * Math.cos(a)));
  if (p.skew === 0) return { width: turned ? h : w, height: turned ? w : h, angle, grownWidth: turned ? h : w, grownHeight: turned ? w : h };
  return { width: Math.min(turned ? h : w, grownWidth), height: Math.min(turned ? w : h, grownHeight), angle, grownWidth, grownHeight };
}

/**
 * Applies a placement to an image pipeline of w × h pixels: one rotation (quarter turn and deskew
 * together, white where the turned image leaves the page), then the cut back to the page size.
 */
export function placePipeline(pipe: Sharp, w: number, h: number, p: ImagePlacement, channels: 1 | 3): Sharp {
  if (isUpright(p)) return pipe;
  const g = placedGeometry(w, h, p);
  const rotated = pipe.rotate(g.angle, { background: channels === 1 ? '#ffffff' : { r: 255, g: 255, b: 255 } });
  if (p.skew === 0) return rotated;
  return rotated.extract({ left: Math.max(0, Math.floor((g.grownWidth - g.width) / 2)), top: Math.max(0, Math.floor((g.grownHeight - g.height) / 2)), width: g.width, height: g.height });
}

/**
 * An upright rendition of an encoded image, reduced so its width is at most `maxWidth` (the
 * reduction happens first, on decode where the format allows, so thumbnails stay cheap).
 */
export async function renderPlaced(image: Buffer, p: ImagePlacement | null, maxWidth?: number): Promise<Sharp> {
  const meta = await sharp(image).metadata();
  const w = meta.width ?? 1;
  const h = meta.height ?? 1;
  const channels: 1 | 3 = (meta.channels ?? 3) <= 2 ? 1 : 3;
  const place = p ?? { turn: 0, skew: 0 };
  const target = placedGeometry(w, h, place);
  const scale = maxWidth && target.width > maxWidth ? maxWidth / target.width : 1;
  if (scale === 1) return placePipeline(sharp(image), w, h, place, channels);
  if (isUpright(place)) return sharp(image).resize({ width: Math.round(w * scale) });
  // The reduction is rendered first: within one pipeline sharp would rotate before resizing.
  const { data, info } = await sharp(image)
    .resize(Math.max(1, Math.round(w * scale)), Math.max(1, Math.round(h * scale)), { fit: 'fill' })
    .toColourspace(channels === 1 ? 'b-w' : 'srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return placePipeline(sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }), info.width, info.height, place, channels);
}

/**
 * PDF image matrix [a b c d e f] that draws an iw × ih image with placement `p` on a page of
 * pageW × pageH points at `k` points per pixel. The image's unit square (origin bottom-left) goes
 * to image pixels (u, v) = (s·iw, (1 − t)·ih), which rotate clockwise by the placement's angle about
 * the image centre onto the page centre (pixels, y down), then to points (y up).
 */
export function pdfImageMatrix(iw: number, ih: number, p: ImagePlacement, k: number, pageW: number, pageH: number): [number, number, number, number, number, number] {
  const t = ((p.turn - p.skew) * Math.PI) / 180;
  // Exact zeros for quarter turns keep the matrix clean (cos 90° is 6e-17 in floating point).
  const round = (v: number) => (Math.abs(v) < 1e-12 ? 0 : v);
  const c = round(Math.cos(t));
  const s = round(Math.sin(t));
  const cx = pageW / k / 2;
  const cy = pageH / k / 2;
  return [
    k * c * iw,
    -k * s * iw,
    k * s * ih,
    k * c * ih,
    k * (cx - (c * iw) / 2 - (s * ih) / 2),
    pageH - k * (cy - (s * iw) / 2 + (c * ih) / 2),
  ];
}
