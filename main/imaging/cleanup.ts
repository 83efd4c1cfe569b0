// Turns a captured page (scan, copy or phone photo) into what we archive and what we OCR:
// EXIF orientation → cut the sheet out of a photo and undo its perspective → turn sideways or
// upside-down pages upright → deskew → flag blank pages (never drop them) → encode the archival
// image (colour JPEG when there is colour, e.g. a red seal; 1-bit PNG for bilevel scans; grey JPEG
// otherwise) → a separate background-normalized greyscale image for OCR.
import sharp, { type Metadata, type Sharp } from 'sharp';
import { AppError } from '../../shared/contract/errors';
import type { CleanPage, PageLayout } from '../ocr/types';
import { connectedComponents, letterLike, medianLetterHeight, type ComponentBox } from './components';
import { warpQuadToRect, type Point } from './homography';
import { MAX_INPUT_PIXELS, MAX_SIDE_PX } from './limits';
import { flattenColumnStreaks, median3x3, normalizeBackground } from './normalize';
import { toPgm } from './pgm';
import { ocrScaleFor } from '../ocr/ocr-scale';
import { ascenderShare, letteringStrips, type OrientationStrip } from './orientation';
import { findPageQuad } from './page-quad';
import { isUpright, placePipeline, placedGeometry, type ImagePlacement, type PlacedGeometry, type QuarterTurn } from './placement';
import { binarize, otsuThreshold, rotateRightAngle, type RawImage } from './raw';
import { clearLongRuns } from './ruled-lines';
import { release } from './release';
import { findTextAxis, inkPoints, refineAngle } from './skew';

export type { QuarterTurn } from './placement';

export interface CleanupOptions {
  /** Resolution of the source if known from elsewhere (scanner settings); else from metadata. */
  dpi?: number | null;
  /**
   * Second opinion on orientation (OcrPool.detectOrientation), asked only when the built-in
   * projection test is unsure. Resolves to the clockwise turn that makes the text upright, or null
   * when it cannot tell either.
   */
  orientation?: (question: OrientationQuestion) => Promise<{ degrees: QuarterTurn; confidence: number } | null>;
  /**
   * Encode archival JPEGs with mozjpeg (trellis quantisation): about 25 % smaller files for about
   * 7× the encoding CPU (0.6 s instead of 0.08 s for an A4 page at 300 dpi). Off by default
   * because on a two-core desk PC that time comes straight out of OCR throughput.
   */
  mozjpeg?: boolean;
}

/** What an unsure page offers a second opinion on its orientation. */
export interface OrientationQuestion {
  /** The page's densest band of lettering, turned by each candidate (the built-in answer first). */
  strips: OrientationStrip[];
  /** Resolution of the strips. */
  dpi: number;
  /**
   * The whole page as analysed (grey PNG), for engines that look at a whole page (tesseract OSD).
   * Only while the question is being answered: clean-up frees the page afterwards.
   */
  page(): Promise<Buffer>;
}

export interface CleanupReport {
  orientationSource: 'heuristic' | 'callback' | 'default';
  orientationConfidence: number;
  timings: Record<string, number>;
}

/**
 * Longer side of the reduced copy that page detection, orientation, skew, blank and letter-size
 * checks run on (about 125 dpi for A4). Measured on two evaluation sets against 1400 px: about
 * 10 % less clean-up CPU, every page turned right; at 1100 px the up/down test grew unsure on
 * small print (photocopied registers) and one page was turned wrong without tesseract's check.
 */
const ANALYSIS_SIDE = 1250;
/** Archival resolution cap: above this, pages are reduced to 300 dpi. */
const MAX_ARCHIVE_DPI = 320;
/** Smallest OCR copy of a scan: a quarter of its size (print of about 64 px at 300 dpi). */
const MIN_SCALE_OF_SCAN = 0.25;
const A4_ASPECT = 297 / 210;

const raw = (img: RawImage) => sharp(img.data, { raw: { width: img.width, height: img.height, channels: img.channels } });
const space = (channels: number) => (channels === 1 ? 'b-w' : 'srgb');

/** Runs a pipeline to raw pixels; `channels` sets the colourspace unless null (kept as it comes). */
async function toRaw(pipe: Sharp, channels: 1 | 3 | null): Promise<RawImage> {
  const { data, info } = await (channels === null ? pipe : pipe.toColourspace(space(channels))).raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: info.channels as 1 | 3 };
}

/**
 * A copy whose longer side is at most `side`: greyscale when asked (always a new buffer, which
 * callers write to), else with the channels kept (the image itself when already small enough).
 */
async function reduced(img: RawImage, side: number, grey = false): Promise<RawImage> {
  const scale = Math.min(1, side / Math.max(img.width, img.height));
  if (scale === 1 && !grey) return img;
  return toRaw(raw(img).resize(Math.max(1, Math.round(img.width * scale)), Math.max(1, Math.round(img.height * scale)), { kernel: 'linear' }), grey || img.channels === 1 ? 1 : 3);
}

function corruptOrTooLarge(err: unknown): AppError {
  const msg = String((err as Error)?.message ?? err);
  if (/pixel limit|too large|exceeds/i.test(msg)) return new AppError('IMAGE_TOO_LARGE');
  return new AppError('FILE_CORRUPT', undefined, { cause: msg });
}

interface Decoded {
  /** The page at full size; null when only a half-size copy was decoded (see `decode`). */
  img: RawImage | null;
  /** The page at `scale` of its full size: the full-size image itself, or a half-size copy. */
  base: RawImage;
  scale: 1 | 0.5;
  /** Full size as shown (EXIF orientation applied). */
  width: number;
  height: number;
  density: number | null;
  greySource: boolean;
  bilevel: boolean;
  /**
   * Channels of a plain 8-bit grey or sRGB JPEG shown as stored (no EXIF turn), which can go into
   * the PDF as it is; null for anything else.
   */
  plainJpeg: 1 | 3 | null;
  /** A 1-bit PNG (a bilevel scan as scanners save it), which can go into the PDF as it is. */
  oneBitPng: boolean;
  /**
   * The file as a fresh full-size pipeline (EXIF turn applied) when `img` is null: what needs full
   * resolution (an OCR copy of small print, a re-encoded archive) streams from it through libvips.
   */
  file: (() => Sharp) | null;
  /** Channels of `file`'s pixels. */
  fileChannels: 1 | 3;
}

/**
 * A scanner's plain 8-bit sRGB or grey JPEG at least this long is decoded straight to half size:
 * an A4 scan at 300 dpi needs nothing finer for analysis or (letters of about 25 px and more) for
 * OCR. libvips decodes and reduces in one streaming pass, and neither the 26 MB full-size page nor
 * the two passes over it that made the analysis and OCR copies are needed: 20–75 ms of CPU less
 * per scan (bench/exp runs on the evaluation set, photocopies gaining most). Camera photos are
 * decoded at full size as before: their sheet is warped from every pixel, and decoding twice cost
 * more than the half-size copy saves. A scan is told from a photo by the resolution its file
 * declares (scanners write theirs; cameras write 72 dpi, which `decode` discards).
 */
const HALF_DECODE_MIN_SIDE = 2 * ANALYSIS_SIDE;
const HALF_DECODE_MIN_DPI = 150;
/**
 * The half-size copy is reduced with lanczos3, not the linear kernel of the analysis copies: OCR
 * reads its copy made from it, and on photocopies (toner grain, faint strokes) the softer linear
 * reduction raised the error rate from 0.022 to 0.027 (8 pages, two seeds); with lanczos3 it stayed
 * 0.022, and every orientation decision on three evaluation sets was as before.
 */
const HALF_DECODE_KERNEL = 'lanczos3';

const NO_IMAGE: RawImage = { data: new Uint8Array(0), width: 0, height: 0, channels: 1 };

const openFile = (image: Buffer, autoOrient: boolean) => sharp(image, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS, autoOrient });

async function decode(image: Buffer): Promise<Decoded> {
  if (!image || image.length === 0) throw new AppError('FILE_EMPTY');
  let meta: Metadata;
  try {
    meta = await openFile(image, false).metadata();
  } catch (err) {
    throw corruptOrTooLarge(err);
  }
  if (!meta.width || !meta.height) throw new AppError('FILE_CORRUPT');
  if (Math.max(meta.width, meta.height) > MAX_SIDE_PX || meta.width * meta.height > MAX_INPUT_PIXELS) {
    throw new AppError('IMAGE_TOO_LARGE', `Ảnh có kích thước quá lớn (${meta.width}×${meta.height} điểm ảnh; tối đa ${MAX_SIDE_PX} điểm ảnh mỗi cạnh).`);
  }
  const sideways = (meta.orientation ?? 1) >= 5;
  const width = sideways ? meta.height : meta.width;
  const height = sideways ? meta.width : meta.height;
  let greySource = (meta.channels ?? 3) <= 2 || meta.space === 'b-w';
  const simpleJpeg = meta.format === 'jpeg' && (meta.channels === 1 || meta.channels === 3) && (meta.space === 'srgb' || meta.space === 'b-w') && meta.depth === 'uchar';
  const density = meta.density && meta.density >= 50 && meta.density <= 2400 ? meta.density : null;
  const half = simpleJpeg && Math.max(width, height) >= HALF_DECODE_MIN_SIDE && (density ?? 0) >= HALF_DECODE_MIN_DPI;
  let base: RawImage;
  try {
    const pipe = openFile(image, true).flatten({ background: '#ffffff' });
    base = await toRaw(half ? pipe.resize(Math.round(width / 2), Math.round(height / 2), { kernel: HALF_DECODE_KERNEL }) : pipe, greySource ? 1 : 3);
  } catch (err) {
    throw corruptOrTooLarge(err);
  }
  // Palette PNGs and "colour" files from grey scanners decode as RGB with R = G = B.
  if (!greySource && isNeutral(base)) {
    const rgb = base;
    base = channelOf(rgb, 1);
    release(rgb.data);
    greySource = true;
  }
  // A JPEG's compression always leaves grey around the edges of a two-level page.
  const bilevel = !half && greySource && isBilevel(base.data);
  const plainJpeg = simpleJpeg && (meta.orientation ?? 1) === 1 ? (meta.channels as 1 | 3) : null;
  const oneBitPng = meta.format === 'png' && meta.bitsPerSample === 1 && (meta.orientation ?? 1) === 1;
  return {
    img: half ? null : base,
    base,
    scale: half ? 0.5 : 1,
    width,
    height,
    density,
    greySource,
    bilevel,
    plainJpeg,
    oneBitPng,
    file: half ? () => openFile(image, true) : null,
    fileChannels: meta.channels === 1 ? 1 : 3,
  };
}

/**
 * The sheet of a phone photo cut out and laid flat (`corners` in full-size pixels), warped as one
 * grey band when it has no colour. A file decoded at half size is decoded again at full size here:
 * the archive needs every pixel of the sheet.
 */
async function flattenPhoto(d: Pick<Decoded, 'img' | 'file'>, grey: boolean, corners: Point[], size: { w: number; h: number }): Promise<RawImage> {
  let photo: RawImage;
  // A grey band of a colour photo is extracted by libvips (a third of the JavaScript loop's time).
  if (d.img) {
    photo = grey && d.img.channels === 3 ? await toRaw(raw(d.img).extractChannel(1), null) : d.img;
    // The colour photo (36 MB for 12 MP) is not needed once its grey band is out: not held through the warp.
    if (photo !== d.img) release(d.img.data);
  } else {
    try {
      photo = await toRaw(d.file!(), grey ? 1 : 3);
    } catch (err) {
      throw corruptOrTooLarge(err);
    }
  }
  const flat = warpQuadToRect(photo, corners, size.w, size.h, 255);
  if (photo !== d.img) release(photo.data);
  return flat;
}

function isNeutral(rgb: RawImage): boolean {
  const n = rgb.width * rgb.height;
  const step = Math.max(1, Math.floor(n / 300_000));
  for (let i = 0; i < n; i += step) {
    const r = rgb.data[i * 3]!;
    const g = rgb.data[i * 3 + 1]!;
    const b = rgb.data[i * 3 + 2]!;
    if (Math.abs(r - g) > 2 || Math.abs(g - b) > 2) return false;
  }
  return true;
}

function isBilevel(grey: Uint8Array): boolean {
  let mid = 0;
  const step = Math.max(1, Math.floor(grey.length / 200_000));
  let n = 0;
  for (let i = 0; i < grey.length; i += step, n++) if (grey[i]! > 8 && grey[i]! < 247) mid++;
  return mid / n < 0.002;
}

/** Corners → output size: the longer of each pair of opposite edges, snapped to A4 when close. */
function rectifiedSize(c: Point[]): { w: number; h: number } {
  const d = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);
  let w = Math.max(d(c[0]!, c[1]!), d(c[3]!, c[2]!));
  let h = Math.max(d(c[0]!, c[3]!), d(c[1]!, c[2]!));
  const aspect = Math.max(w, h) / Math.min(w, h);
  if (Math.abs(aspect - A4_ASPECT) / A4_ASPECT < 0.12) {
    if (h >= w) h = w * A4_ASPECT;
    else w = h * A4_ASPECT;
  }
  return { w: Math.round(w), h: Math.round(h) };
}

/** A pixel whose channels differ this much is colour (a red seal, blue ink), not grey paper or toner. */
const isColoured = (r: number, g: number, b: number): boolean => {
  const max = r > g ? (r > b ? r : b) : g > b ? g : b;
  const min = r < g ? (r < b ? r : b) : g < b ? g : b;
  return max - min > 60;
};
/**
 * A red seal covers about 1 % of an A4 page; a pen signature only 0.035–0.05 % (measured on the
 * evaluation sets at half resolution), so the share that makes a page colour sits well below that.
 * Grey content scanned in colour stays near 0: its channels differ by far less than 60.
 */
const COLOUR_SHARE = 0.00015;

/**
 * Whether the page has colour, looked for at half the scan's resolution or finer (every pixel of
 * a half-size copy, every other pixel of a full-size page in each direction): a signature's pen
 * stroke is a few pixels wide at 300 dpi, and reduced further it blends into the paper until it
 * no longer reads as coloured (on the evaluation sets, a 700-px copy missed about one blue
 * signature in four).
 */
function hasColour(rgb: RawImage): boolean {
  const step = Math.max(1, Math.round(Math.sqrt((rgb.width * rgb.height) / COLOUR_SAMPLE_PIXELS)));
  const d = rgb.data;
  let coloured = 0;
  let n = 0;
  for (let y = 0; y < rgb.height; y += step) {
    for (let x = 0, i = y * rgb.width * 3; x < rgb.width; x += step, i += step * 3, n++) {
      // isColoured, inlined and without branches (this runs for two million pixels a page): the
      // channels spread more than 60 exactly when some pair differs by more than 60, i.e. its
      // squared difference exceeds 3600, which makes (3600 − d²) negative (top bit set).
      const r = d[i]!;
      const g = d[i + 1]!;
      const b = d[i + 2]!;
      const rg = r - g;
      const gb = g - b;
      const rb = r - b;
      coloured += ((3600 - rg * rg) >>> 31) | ((3600 - gb * gb) >>> 31) | ((3600 - rb * rb) >>> 31);
    }
  }
  return coloured / n > COLOUR_SHARE;
}
/** About a half-size A4 page at 300 dpi. */
const COLOUR_SAMPLE_PIXELS = 2_500_000;

/**
 * hasColour over the part of a colour image inside a convex quadrilateral (pulled 3 % towards its
 * centre), on every other pixel of every other row: the share it estimates is of the order of 1 %.
 */
function hasColourInside(rgb: RawImage, corners: readonly Point[]): boolean {
  const cx = corners.reduce((a, p) => a + p.x, 0) / corners.length;
  const cy = corners.reduce((a, p) => a + p.y, 0) / corners.length;
  const q = corners.map((p) => ({ x: p.x + (cx - p.x) * 0.03, y: p.y + (cy - p.y) * 0.03 }));
  const x0 = Math.max(0, Math.floor(Math.min(...q.map((p) => p.x))));
  const x1 = Math.min(rgb.width - 1, Math.ceil(Math.max(...q.map((p) => p.x))));
  const y0 = Math.max(0, Math.floor(Math.min(...q.map((p) => p.y))));
  const y1 = Math.min(rgb.height - 1, Math.ceil(Math.max(...q.map((p) => p.y))));
  // Inside a convex polygon: on the same side of every edge as its centre.
  const side = (a: Point, b: Point, x: number, y: number) => (b.x - a.x) * (y - a.y) - (b.y - a.y) * (x - a.x);
  const sign = Math.sign(side(q[0]!, q[1]!, cx, cy));
  let total = 0;
  let coloured = 0;
  for (let y = y0; y <= y1; y += 2) {
    for (let x = x0; x <= x1; x += 2) {
      let inside = true;
      for (let e = 0; e < q.length && inside; e++) inside = Math.sign(side(q[e]!, q[(e + 1) % q.length]!, x, y)) === sign;
      if (!inside) continue;
      total++;
      const i = (y * rgb.width + x) * 3;
      if (isColoured(rgb.data[i]!, rgb.data[i + 1]!, rgb.data[i + 2]!)) coloured++;
    }
  }
  return total > 0 && coloured / total > COLOUR_SHARE;
}

/** One channel of an interleaved image as a new greyscale image (green ≈ luminance for text). */
function channelOf(img: RawImage, channel: number, into?: Uint8Array): RawImage {
  const n = img.width * img.height;
  const c = img.channels;
  const out = into ?? new Uint8Array(n);
  if (c === 1) out.set(img.data.subarray(0, n));
  else for (let i = 0, j = Math.min(channel, c - 1); i < n; i++, j += c) out[i] = img.data[j]!;
  return { data: out, width: img.width, height: img.height, channels: 1 };
}

/** Share of the page covered by real marks: components away from the edges, larger than specks. */
function inkShare(components: readonly ComponentBox[], w: number, h: number): number {
  const mx = Math.round(w * 0.03);
  const my = Math.round(h * 0.03);
  let area = 0;
  for (const c of components) {
    if (c.area < 6) continue;
    if (c.x0 < mx || c.y0 < my || c.x1 >= w - mx || c.y1 >= h - my) continue;
    area += c.area;
  }
  return area / (w * h);
}

/** Below this share of real ink the page is flagged blank (a short line of text is about 0.07 %). */
export const BLANK_INK_SHARE = 0.0004;

interface Orientation {
  rotation: QuarterTurn;
  confidence: number;
  source: CleanupReport['orientationSource'];
  /** Lettering ink of the page as given (before the turn), for the caller to reuse. */
  ink: Uint8Array;
  /** The grey level below which the page's pixels are ink. */
  threshold: number;
  /**
   * Skew of the text lines, found on the way (a line's angle is the same after any quarter turn);
   * null when the turn chosen is across the axis the lines were measured along.
   */
  skew: number | null;
  /**
   * The grey page turned by `angle` degrees (the quarter turn less the skew), when the up/down test
   * needed it straightened: the layout for OCR is cut from it instead of turning the page again.
   */
  straight: { img: RawImage; angle: number } | null;
}

/**
 * Below this skew, rules and frames are still cleared as long runs on the page as given, so the
 * up/down test can run on its ink directly instead of on a straightened copy.
 */
const LEVEL_ENOUGH_DEG = 0.5;

/** Ink of the lettering only: rules, frames and copier streaks would swamp the profiles. */
function letteringInk(grey: RawImage): { ink: Uint8Array; threshold: number } {
  const threshold = otsuThreshold(grey.data);
  const ink = binarize(grey, threshold);
  clearLongRuns(ink, grey.width, grey.height, Math.round(grey.width * 0.08), Math.round(grey.height * 0.06));
  return { ink, threshold };
}

async function decideOrientation(grey: RawImage, dpi: number, opts: CleanupOptions): Promise<Orientation> {
  const { ink, threshold } = letteringInk(grey);
  const pts = inkPoints(ink, grey.width, grey.height);
  if (pts.count < 500) return { rotation: 0, confidence: 0, source: 'default', ink, threshold, skew: 0, straight: null };
  const axis = findTextAxis(pts, grey.width, grey.height);
  const turn = axis.axis === 0 ? 0 : 90;
  let share: number;
  let straightened: Orientation['straight'] = null;
  let straightInk: Uint8Array | null = null;
  if (Math.abs(axis.skew) < LEVEL_ENOUGH_DEG) {
    // Profiles along the lines as they lie (for a sideways page, "above" is towards the left edge).
    share = ascenderShare(pts, grey.width, grey.height, axis.axis === 0 ? axis.skew : axis.skew - 90)?.share ?? 0.5;
  } else {
    // Judge up/down on a straightened copy: there, rules and frames are axis-aligned and removed
    // with the other long runs, and each text line's x-height band is level.
    const straight = await toRaw(raw(grey).rotate(turn - axis.skew, { background: '#ffffff' }), 1);
    straightInk = letteringInk(straight).ink;
    const sp = inkPoints(straightInk, straight.width, straight.height);
    share = ascenderShare(sp, straight.width, straight.height, 0)?.share ?? 0.5;
    straightened = { img: straight, angle: turn - axis.skew };
  }
  // Upright once turned by `turn` when ink sits above the x-height band, else upside down.
  const rotation = ((share >= 0.5 ? turn : turn + 180) % 360) as QuarterTurn;
  const axisSure = Math.min(1, (axis.ratio - 1) / 0.25);
  const confidence = Math.min(1, Math.abs(share - 0.5) / 0.12) * axisSure;
  const heuristic: Orientation = { rotation, confidence, source: 'heuristic', ink, threshold, skew: axis.skew, straight: straightened };
  if (confidence >= 0.5 || !opts.orientation) {
    release(straightInk);
    return heuristic;
  }
  try {
    return (await secondOpinion(opts.orientation)) ?? heuristic;
  } catch {
    // A failing second opinion must not fail the page; keep the heuristic answer.
    return heuristic;
  } finally {
    release(straightInk);
  }

  async function secondOpinion(ask: NonNullable<CleanupOptions['orientation']>): Promise<Orientation | null> {
    // Up/down only when the lines' direction is clear, read on the straightened lettering when
    // there is one (a strip across skewed lines cuts them short); all four turns when it is not.
    const upDown = axisSure >= 1;
    const candidates: QuarterTurn[] = upDown ? [rotation, ((rotation + 180) % 360) as QuarterTurn] : [0, 90, 180, 270].map((d) => ((rotation + d) % 360) as QuarterTurn);
    const strips = upDown && straightInk && straightened
      ? letteringStrips(straightInk, straightened.img.width, straightened.img.height, candidates.map((c) => ((c - turn + 360) % 360) as QuarterTurn)).map((s, i) => ({ ...s, degrees: candidates[i]! }))
      : letteringStrips(ink, grey.width, grey.height, candidates);
    const o = await ask({ strips, dpi: Math.round(dpi), page: () => raw(grey).png({ compressionLevel: 1 }).toBuffer() });
    if (!o) return null;
    const along = o.degrees % 180 === turn % 180;
    if (o.degrees !== rotation) release(straightened?.img.data);
    return { rotation: o.degrees, confidence: o.confidence, source: 'callback', ink, threshold, skew: along ? axis.skew : null, straight: o.degrees === rotation ? straightened : null };
  }
}

/** Skew of the text lines of an upright page's ink (0 with too little ink to tell). */
function uprightSkew(ink: RawImage): number {
  const pts = inkPoints(ink.data, ink.width, ink.height);
  return pts.count >= 500 ? refineAngle(pts, ink.width, ink.height, 0, 15).angle : 0;
}

/**
 * The page's layout in the geometry of the OCR copy (upright and deskewed) at analysis scale: ink
 * with its rules (found again from the analysis copy, now laid by the placement) and the letters
 * clean-up found on the upright page, moved with the deskew (centres turn; sizes stay).
 */
async function layoutFor(analysis: RawImage, threshold: number, upright: RawImage, letters: ComponentBox[], placement: ImagePlacement, turned: Orientation['straight']): Promise<PageLayout> {
  if (placement.skew === 0) {
    const level = binarize(analysis, threshold);
    const ink = rotateRightAngle({ data: level, width: analysis.width, height: analysis.height, channels: 1 }, placement.turn);
    if (ink.data !== level) release(level);
    return { ink: ink.data, width: ink.width, height: ink.height, letters };
  }
  // The same turn of the same page as the up/down test's straightened copy, cut the same way: reused.
  const straight =
    (turned && turned.angle === placement.turn - placement.skew ? cutPlaced(turned.img, placedGeometry(analysis.width, analysis.height, placement)) : null) ??
    (await toRaw(placePipeline(raw(analysis), analysis.width, analysis.height, placement, 1), 1));
  const t = (-placement.skew * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const moved = letters.map((b) => {
    const dx = (b.x0 + b.x1 + 1) / 2 - upright.width / 2;
    const dy = (b.y0 + b.y1 + 1) / 2 - upright.height / 2;
    const cx = straight.width / 2 + dx * cos - dy * sin;
    const cy = straight.height / 2 + dx * sin + dy * cos;
    const hw = (b.x1 - b.x0 + 1) / 2;
    const hh = (b.y1 - b.y0 + 1) / 2;
    return { x0: cx - hw, y0: cy - hh, x1: cx + hw - 1, y1: cy + hh - 1, area: b.area };
  });
  const ink = binarize(straight, threshold);
  release(straight.data);
  return { ink, width: straight.width, height: straight.height, letters: moved };
}

/**
 * placePipeline's cut back to the page size, of a grey image already turned by the placement's
 * angle; null if the turned image does not cover that cut (then the page is turned again).
 */
function cutPlaced(turned: RawImage, g: PlacedGeometry): RawImage | null {
  const left = Math.max(0, Math.floor((g.grownWidth - g.width) / 2));
  const top = Math.max(0, Math.floor((g.grownHeight - g.height) / 2));
  if (left + g.width > turned.width || top + g.height > turned.height) return null;
  const out = new Uint8Array(g.width * g.height);
  for (let y = 0; y < g.height; y++) out.set(turned.data.subarray((top + y) * turned.width + left, (top + y) * turned.width + left + g.width), y * g.width);
  return { data: out, width: g.width, height: g.height, channels: 1 };
}

/** Largest bytes per pixel at which a scanner's JPEG is kept as it is (about quality 90). */
const PASSTHROUGH_MAX_BYTES_PER_PIXEL = 0.4;

export async function cleanupPageWithReport(image: Buffer, opts: CleanupOptions = {}): Promise<{ page: CleanPage; report: CleanupReport }> {
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - t);
    t = now;
  };

  // Only `img` (full size, or null) and `base` hold the decoded page, so each stage is dropped as
  // soon as the next exists.
  let { img, base, scale: baseScale, width: fullWidth, height: fullHeight, file, ...src } = await decode(image);
  // `null` from the caller means "the file's resolution is missing or implausible" (decode rejects
  // 72/96 dpi defaults): do not fall back to the metadata the caller already ruled out.
  let dpi = opts.dpi === undefined ? src.density : opts.dpi;
  // One reduced copy (colour kept) serves page detection, orientation, skew, blank and colour
  // checks: reducing the page once instead of once per question.
  let small = await reduced(base, ANALYSIS_SIDE);
  lap('decode');

  // A phone photo: the page is a bright quadrilateral on a darker surround.
  let cropped = false;
  // Looked for on a 500-px copy first (a quarter of the work; a scan's paper fills the frame and
  // is rejected there), and fitted on a 1000-px copy only when a sheet stands out.
  let small0 = await reduced(small, 500, true);
  let quad = findPageQuad(small0);
  if (quad) {
    release(small0.data);
    small0 = await reduced(small, 1000, true);
    quad = findPageQuad(small0);
  }
  // Only its size is needed from here on.
  release(small0.data);
  if (quad) {
    const k = fullWidth / small0.width;
    // Pull the corners 0.4 % towards the centre: the fitted edges sit on the paper's border,
    // whose blurred transition to the desk would otherwise leave a dark rim.
    const cx = quad.corners.reduce((a, p) => a + p.x, 0) / 4;
    const cy = quad.corners.reduce((a, p) => a + p.y, 0) / 4;
    const corners = quad.corners.map((p) => ({ x: (p.x + (cx - p.x) * 0.008) * k, y: (p.y + (cy - p.y) * 0.008) * k }));
    const size = rectifiedSize(corners);
    // A photo of a page without colour is warped as one grey band: a third of the memory and the
    // CPU of warping a 12 MP colour photo. The colour test looks inside the sheet only (a desk or
    // a hand around it is often coloured).
    const greyPhoto = base.channels === 1 || !hasColourInside(small, quad.corners.map((p) => ({ x: p.x * (small.width / small0.width), y: p.y * (small.height / small0.height) })));
    // The reduced copies are dropped before the full-size photo is decoded and warped.
    if (small.data !== base.data) release(small.data);
    const photo = base;
    base = small = small0 = NO_IMAGE;
    img = await flattenPhoto({ img, file }, greyPhoto, corners, size);
    release(photo.data);
    base = img;
    baseScale = 1;
    fullWidth = img.width;
    fullHeight = img.height;
    file = null;
    small = await reduced(img, ANALYSIS_SIDE);
    cropped = true;
    // A photo's resolution is whatever the camera distance made it; assume an A4 sheet.
    if (!opts.dpi) dpi = Math.round(Math.min(size.w, size.h) / (210 / 25.4));
  }
  // Unknown resolution: take the page for an A4 sheet, the desk's usual paper, so the PDF page has
  // a real-world size instead of a 72-dpi poster.
  if (!dpi) dpi = Math.round(Math.min(fullWidth, fullHeight) / (210 / 25.4));
  lap('crop');

  const analysis = await reduced(small, ANALYSIS_SIDE, true);
  if (small.data !== base.data) release(small.data);
  const paperNotWhite = normalizeBackground(analysis.data, analysis.width, analysis.height);
  // A faint copier streak binarizes into a dotted column of ink, too broken for the long-run
  // clearing, that looked like text lines standing on end or set the up/down test against the
  // lettering: photocopied registers were turned 90° or 180°, some with confidence enough not to
  // ask OSD. Flattened before anything reads the page.
  if (paperNotWhite) flattenColumnStreaks(analysis.data, analysis.width, analysis.height);
  const orient = await decideOrientation(analysis, dpi * (analysis.width / fullWidth), opts);
  // Quarter turns commute with binarizing and clearing rules: turn the ink already found.
  const upright = rotateRightAngle({ data: orient.ink, width: analysis.width, height: analysis.height, channels: 1 }, orient.rotation);
  if (upright.data !== orient.ink) release(orient.ink);
  const ink = upright.data;
  let skew = orient.skew ?? uprightSkew(upright);
  if (Math.abs(skew) < 0.15) skew = 0;
  const components = connectedComponents(ink, upright.width, upright.height);
  const blank = inkShare(components, upright.width, upright.height) < BLANK_INK_SHARE;
  if (blank) skew = 0;
  // The OCR copy is made at the scale OCR reads at (TARGET_LETTER_PX), not full size.
  const letters = letterLike(components, Math.round(upright.height / 20));
  const letterA = medianLetterHeight(letters);
  const ocrScale = blank ? 1 : Math.min(1, ocrScaleFor(letterA === null ? null : letterA / (analysis.width / fullWidth), MIN_SCALE_OF_SCAN));
  lap('analyse');

  const color = !src.greySource && base.channels === 3 && hasColour(base);
  lap('colour');

  const quarter = orient.rotation;
  const placement: ImagePlacement = { turn: quarter, skew };
  const straighten = async (im: RawImage): Promise<RawImage> =>
    isUpright(placement) ? im : toRaw(placePipeline(raw(im), im.width, im.height, placement, im.channels === 1 ? 1 : 3), im.channels === 1 ? 1 : 3);
  const archiveScale = dpi > MAX_ARCHIVE_DPI ? 300 / dpi : 1;
  const finalDpi = Math.round(archiveScale === 1 ? dpi : 300);

  // OCR copy: red channel on colour pages (drops red seals), else luminance, reduced in the same
  // libvips pass to the scale OCR reads at (no full-size grey copy), then turned upright. It comes
  // from the half-size copy when that is fine enough, else from the full-size page or the file.
  // (No colourspace step after extractChannel: sharp would convert before extracting the band.)
  let band: Sharp;
  let bandChannels: number;
  let bandScale: number;
  if (ocrScale <= baseScale) {
    [band, bandChannels, bandScale] = [raw(base), base.channels, ocrScale / baseScale];
  } else if (img) {
    [band, bandChannels, bandScale] = [raw(img), img.channels, ocrScale];
  } else {
    [band, bandChannels, bandScale] = [file!(), src.fileChannels, ocrScale];
  }
  if (bandChannels !== 1) band = band.extractChannel(color ? 0 : 1);
  if (bandScale < 1) band = band.resize(Math.round(fullWidth * ocrScale), Math.round(fullHeight * ocrScale), { kernel: 'lanczos3' });
  // A one-band source is named grey (sharp would otherwise turn it into sRGB).
  let ocrGrey = await toRaw(band, bandChannels === 1 ? 1 : null);
  if (ocrGrey.channels !== 1) throw new Error(`OCR copy has ${ocrGrey.channels} channels`);
  // Copier streaks are exactly vertical only before the page is turned.
  if (paperNotWhite) flattenColumnStreaks(ocrGrey.data, ocrGrey.width, ocrGrey.height);
  const unturned = ocrGrey;
  ocrGrey = await straighten(ocrGrey);
  if (ocrGrey !== unturned) release(unturned.data);
  if (normalizeBackground(ocrGrey.data, ocrGrey.width, ocrGrey.height)) {
    // Paper that was not white (copies, photos) also brings toner specks and grain; a 3×3 median
    // takes out what tesseract would otherwise read as punctuation.
    median3x3(ocrGrey.data, ocrGrey.width, ocrGrey.height);
  }
  // OCR would otherwise analyse its copy again (letter sizes, ruled tables, coverage).
  const layout = blank ? null : await layoutFor(analysis, orient.threshold, upright, letters, placement, orient.straight);
  release(analysis.data, upright.data, orient.straight?.img.data);
  lap('ocr-image');

  // A scanner's JPEG or 1-bit PNG that needs no crop or reduction is archived as it came, with the
  // turn and deskew as a placement applied where it is shown (PDF matrix, renditions):
  // re-encoding would cost time (and, for JPEG, quality) for nothing.
  const untouched = !cropped && archiveScale === 1;
  // A colour JPEG of grey content is kept too: a scanner's chroma-subsampled JPEG re-encoded as
  // grey came out no smaller on the evaluation set (411 → 422 KB, 1.58 → 1.69 MB at quality 82).
  const keepJpeg = untouched && src.plainJpeg !== null && image.length <= fullWidth * fullHeight * PASSTHROUGH_MAX_BYTES_PER_PIXEL;
  const keepPng = untouched && src.oneBitPng && src.bilevel && !color;
  let encoded: Buffer;
  let mime: CleanPage['mime'];
  let width = fullWidth;
  let height = fullHeight;
  let placed: ImagePlacement | null = null;
  if (keepJpeg || keepPng) {
    encoded = image;
    mime = keepJpeg ? 'image/jpeg' : 'image/png';
    if (!isUpright(placement)) {
      placed = placement;
      ({ width, height } = placedGeometry(fullWidth, fullHeight, placement));
    }
  } else {
    // The archive is turned upright in one libvips pass from the full-size page, or streamed from
    // the file when only a half-size copy was decoded.
    const channels: 1 | 3 = img ? (img.channels === 1 ? 1 : 3) : src.fileChannels;
    let pipe = placePipeline(img ? raw(img) : file!(), fullWidth, fullHeight, placement, channels);
    ({ width, height } = placedGeometry(fullWidth, fullHeight, placement));
    img = null;
    if (archiveScale < 1) {
      // sharp resizes before it rotates within one pipeline: the page is laid upright first.
      const upright = isUpright(placement) ? null : await toRaw(pipe, channels);
      width = Math.round(width * archiveScale);
      height = Math.round(height * archiveScale);
      pipe = (upright ? raw(upright) : pipe).resize(width, height, { kernel: 'lanczos3' });
    }
    lap('rotate');
    const jpegOptions = opts.mozjpeg ? { quality: 82, mozjpeg: true } : { quality: 82, optimiseCoding: true };
    if (color) {
      encoded = await pipe.toColourspace('srgb').withDensity(finalDpi).jpeg(jpegOptions).toBuffer();
      mime = 'image/jpeg';
    } else if (src.bilevel && !cropped && skew === 0) {
      encoded = await pipe.toColourspace('b-w').threshold(128).withDensity(finalDpi).png({ palette: true, colours: 2, effort: 1, dither: 0 }).toBuffer();
      mime = 'image/png';
    } else {
      // Continuous-tone grey (photocopies, photos): JPEG is 5–10× smaller than PNG here.
      encoded = await pipe.toColourspace('b-w').withDensity(finalDpi).jpeg(jpegOptions).toBuffer();
      mime = 'image/jpeg';
    }
  }
  lap('encode');

  // The OCR copy names the page size it stands for, so word boxes land on the archived image.
  const ocrImage = toPgm(ocrGrey.data, ocrGrey.width, ocrGrey.height, { width, height });
  // Every libvips pipeline reading them has finished.
  release(ocrGrey.data, base.data, img?.data);
  return {
    page: { image: encoded, mime, width, height, dpi: finalDpi, color, rotation: quarter, skewDegrees: Math.round(skew * 100) / 100, cropped, blank, ocrImage, ocrHints: { dpi: finalDpi, deskew: false, layout }, placement: placed },
    report: { orientationSource: orient.source, orientationConfidence: orient.confidence, timings },
  };
}

export async function cleanupPage(image: Buffer, opts: CleanupOptions = {}): Promise<CleanPage> {
  return (await cleanupPageWithReport(image, opts)).page;
}
