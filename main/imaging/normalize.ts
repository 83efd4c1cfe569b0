// The greyscale image handed to OCR: paper made uniformly white (uneven phone lighting, grey
// photocopy background, toner fade) by dividing by a smooth estimate of the local background, then
// the ink stretched to full black. On colour pages the red channel is used, which makes red seals
// and stamps nearly vanish while black and blue ink stay dark.

/**
 * In place: grey = 255·grey / background, then stretch so the darkest ink reaches black. Pages
 * whose paper is already white everywhere are left as they are.
 */
export function normalizeBackground(grey: Uint8Array, w: number, h: number): boolean {
  const tile = 32;
  const tw = Math.ceil(w / tile);
  const th = Math.ceil(h / tile);
  const bg = new Float32Array(tw * th);
  const hist = new Uint32Array(256);
  for (let ty = 0; ty < th; ty++) {
    for (let tx = 0; tx < tw; tx++) {
      hist.fill(0);
      let n = 0;
      for (let y = ty * tile; y < Math.min(h, (ty + 1) * tile); y += 2) {
        for (let x = tx * tile; x < Math.min(w, (tx + 1) * tile); x += 2) {
          hist[grey[y * w + x]!]!++;
          n++;
        }
      }
      // 90th percentile: the paper, even in a tile that is half ink.
      let acc = 0;
      let v = 255;
      for (let k = 255; k >= 0; k--) {
        acc += hist[k]!;
        if (acc >= n * 0.1) {
          v = k;
          break;
        }
      }
      bg[ty * tw + tx] = v;
    }
  }
  // Tiles covered by a picture or a bold block read dark; take the brighter of the neighbourhood,
  // then smooth, so the estimate follows lighting, not content.
  const grown = new Float32Array(bg.length);
  for (let ty = 0; ty < th; ty++) {
    for (let tx = 0; tx < tw; tx++) {
      let m = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = ty + dy;
          const xx = tx + dx;
          if (yy >= 0 && yy < th && xx >= 0 && xx < tw) m = Math.max(m, bg[yy * tw + xx]!);
        }
      }
      grown[ty * tw + tx] = m;
    }
  }
  const smooth = new Float32Array(bg.length);
  for (let ty = 0; ty < th; ty++) {
    for (let tx = 0; tx < tw; tx++) {
      let s = 0;
      let n = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = ty + dy;
          const xx = tx + dx;
          if (yy >= 0 && yy < th && xx >= 0 && xx < tw) {
            s += grown[yy * tw + xx]!;
            n++;
          }
        }
      }
      smooth[ty * tw + tx] = Math.max(40, s / n);
    }
  }
  // A flatbed scan of clean paper is already uniform: dividing would change nothing visible and
  // costs a pass over every pixel.
  let darkest = 255;
  for (let i = 0; i < smooth.length; i++) if (smooth[i]! < darkest) darkest = smooth[i]!;
  if (darkest >= 235) return false;
  // Divide by the bilinearly interpolated background and collect the histogram of the result.
  // Column weights are computed once; each row first blends its two tile rows.
  const cx0 = new Int32Array(w);
  const cx1 = new Int32Array(w);
  const cwx = new Float32Array(w);
  for (let x = 0; x < w; x++) {
    const fx = Math.min(tw - 1, Math.max(0, (x + 0.5) / tile - 0.5));
    cx0[x] = Math.floor(fx);
    cx1[x] = Math.min(tw - 1, cx0[x]! + 1);
    cwx[x] = fx - cx0[x]!;
  }
  const rowBg = new Float32Array(tw);
  const out = new Uint32Array(256);
  for (let y = 0; y < h; y++) {
    const fy = Math.min(th - 1, Math.max(0, (y + 0.5) / tile - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(th - 1, y0 + 1);
    const wy = fy - y0;
    for (let t = 0; t < tw; t++) rowBg[t] = smooth[y0 * tw + t]! * (1 - wy) + smooth[y1 * tw + t]! * wy;
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const b0 = rowBg[cx0[x]!]!;
      const b = b0 + (rowBg[cx1[x]!]! - b0) * cwx[x]!;
      const v = (grey[row + x]! * 255) / b;
      const q = v >= 255 ? 255 : v | 0;
      grey[row + x] = q;
      out[q]!++;
    }
  }
  // Ink level: the 0.5th percentile of the page, or the darkest quarter of it if the page is
  // almost empty. Stretch [ink, 255] to [0, 255] when the ink is washed out.
  const total = w * h;
  let acc = 0;
  let ink = 0;
  for (let k = 0; k < 256; k++) {
    acc += out[k]!;
    if (acc >= total * 0.005) {
      ink = k;
      break;
    }
  }
  if (ink > 20 && ink < 200) {
    const lut = new Uint8Array(256);
    for (let k = 0; k < 256; k++) lut[k] = k <= ink ? 0 : Math.min(255, Math.round(((k - ink) * 255) / (255 - ink)));
    for (let i = 0; i < grey.length; i++) grey[i] = lut[grey[i]!]!;
  }
  return true;
}

/**
 * In place: removes copier streaks, the full-height darker bands a dirty drum or scanner glass
 * leaves. Text never darkens a whole column, so each column's median is its paper level; columns
 * whose paper is darker than their neighbourhood's are brightened by the difference. Ink crossing
 * a streak keeps its contrast, unlike erasing the streak would. A streak runs the whole length of
 * the sheet, margins included; a rule down most of a long register does not, so a column must
 * also be darker than its neighbours in the top and bottom margin bands to count as a streak.
 * (Rows are not flattened: brightening whole rows skews the row profiles that the up/down test
 * reads, and made it less sure of photocopied registers.)
 */
export function flattenColumnStreaks(grey: Uint8Array, w: number, h: number): number {
  const band = Math.max(4, Math.round(h * 0.03));
  const med = columnMedians(grey, w, 0, h, Math.max(1, Math.floor(h / 600)));
  const top = columnMedians(grey, w, 0, band, 1);
  const bottom = columnMedians(grey, w, h - band, h, 1);
  const radius = Math.max(8, Math.round(w / 120));
  const darker = (m: Float32Array, x: number): number => {
    let ref = 0;
    for (let k = Math.max(0, x - radius); k <= Math.min(w - 1, x + radius); k++) if (m[k]! > ref) ref = m[k]!;
    return ref - m[x]!;
  };
  let fixed = 0;
  for (let x = 0; x < w; x++) {
    const delta = darker(med, x);
    if (delta < 6 || darker(top, x) < 6 || darker(bottom, x) < 6) continue;
    fixed++;
    for (let y = 0; y < h; y++) {
      const i = y * w + x;
      const v = grey[i]! + delta;
      grey[i] = v > 255 ? 255 : v;
    }
  }
  return fixed;
}

/** Median grey level of each column over rows y0 ≤ y < y1, every `step`-th row. */
function columnMedians(grey: Uint8Array, w: number, y0: number, y1: number, step: number): Float32Array {
  const med = new Float32Array(w);
  const hist = new Uint32Array(256);
  for (let x = 0; x < w; x++) {
    hist.fill(0);
    let n = 0;
    for (let y = y0; y < y1; y += step, n++) hist[grey[y * w + x]!]!++;
    let acc = 0;
    let k = 0;
    for (; k < 255; k++) {
      acc += hist[k]!;
      if (acc * 2 >= n) break;
    }
    med[x] = k;
  }
  return med;
}

/**
 * In place: 3×3 median (borders repeat the edge pixels). libvips' general rank filter took about
 * 0.65 s on a 300-dpi page; this uses the sorted-columns form (each column of three is sorted once
 * and shared by the three windows that contain it; the median of nine is then the median of the
 * largest low, the median middle and the smallest high).
 */
export function median3x3(grey: Uint8Array, w: number, h: number): void {
  if (w < 3 || h < 3) return;
  const lo = new Uint8Array(w);
  const mid = new Uint8Array(w);
  const hi = new Uint8Array(w);
  // The rows above and at y as they were before this pass wrote them (the row below is still
  // untouched in `grey`): two rows instead of a copy of the whole page.
  let above = grey.slice(0, w);
  let current = grey.slice(0, w);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    const below = y === h - 1 ? current : grey.subarray(row + w, row + 2 * w);
    for (let x = 0; x < w; x++) {
      let a = above[x]!;
      let b = current[x]!;
      let c = below[x]!;
      let t: number;
      if (a > b) (t = a), (a = b), (b = t);
      if (b > c) (t = b), (b = c), (c = t);
      if (a > b) (t = a), (a = b), (b = t);
      lo[x] = a;
      mid[x] = b;
      hi[x] = c;
    }
    for (let x = 0; x < w; x++) {
      const l = x === 0 ? 0 : x - 1;
      const r = x === w - 1 ? x : x + 1;
      // Largest of the lows, smallest of the highs, median of the middles.
      let maxLo = lo[l]!;
      if (lo[x]! > maxLo) maxLo = lo[x]!;
      if (lo[r]! > maxLo) maxLo = lo[r]!;
      let minHi = hi[l]!;
      if (hi[x]! < minHi) minHi = hi[x]!;
      if (hi[r]! < minHi) minHi = hi[r]!;
      let p = mid[l]!;
      let q = mid[x]!;
      let s = mid[r]!;
      let t: number;
      if (p > q) (t = p), (p = q), (q = t);
      if (q > s) (t = q), (q = s), (s = t);
      if (p > q) (t = p), (p = q), (q = t);
      // q is the median of the middles; the median of nine is the median of (maxLo, q, minHi).
      let m0 = maxLo;
      let m1 = q;
      let m2 = minHi;
      if (m0 > m1) (t = m0), (m0 = m1), (m1 = t);
      if (m1 > m2) (t = m1), (m1 = m2), (m2 = t);
      if (m0 > m1) (t = m0), (m0 = m1), (m1 = t);
      grey[row + x] = m1;
    }
    if (y < h - 1) {
      const spare = above;
      above = current;
      current = spare;
      current.set(grey.subarray(row + w, row + 2 * w));
    }
  }
}

/**
 * In place: lifts shaded areas (a table's grey header row, a tinted box) to white, keeping the
 * lettering on them dark. The background is the page closed by a square `radius` wider than any
 * stroke (a maximum, then a minimum filter): lettering disappears from it, a shaded cell keeps its
 * edges; each pixel is then divided by it. Tesseract binarizes a table with one global threshold,
 * which on a photocopy fell between the shading and the paper and turned shaded header cells into
 * black boxes (the header row read as noise). Nothing is changed when less than 1 % of the area is
 * shaded that dark; returns whether the image was changed.
 */
export function flattenShading(grey: Uint8Array, w: number, h: number, radius: number): boolean {
  const bg = new Uint8Array(w * h);
  rankFilter(grey, bg, w, h, radius, true);
  rankFilter(bg, bg, w, h, radius, false);
  let shaded = 0;
  for (let i = 0; i < bg.length; i++) if (bg[i]! < SHADED_BELOW) shaded++;
  if (shaded < bg.length * 0.01) return false;
  for (let i = 0; i < grey.length; i++) {
    const v = Math.round((255 * grey[i]!) / (bg[i]! || 1));
    grey[i] = v > 255 ? 255 : v;
  }
  return true;
}

/** Paper whose closed background is darker than this is shaded (lighter tints do not trouble a global threshold). */
const SHADED_BELOW = 215;

/**
 * Square maximum (`max`) or minimum filter of half-width `r`, rows then columns, clamped at the
 * edges; `out` may be `src`. Van Herk / Gil-Werman: three comparisons per pixel whatever `r`.
 */
function rankFilter(src: Uint8Array, out: Uint8Array, w: number, h: number, r: number, max: boolean): void {
  const n = Math.max(w, h);
  const k = 2 * r + 1;
  const p = new Uint8Array(n + 2 * r);
  const g = new Uint8Array(n + 2 * r);
  const f = new Uint8Array(n + 2 * r);
  const line = new Uint8Array(n);
  // On values flipped for a minimum, so one maximum routine serves both; padding is neutral (0).
  const flip = max ? 0 : 255;
  const run = (len: number): void => {
    p.fill(0);
    for (let i = 0; i < len; i++) p[r + i] = line[i]! ^ flip;
    const mm = len + 2 * r;
    for (let i = 0; i < mm; i++) g[i] = i % k === 0 ? p[i]! : Math.max(g[i - 1]!, p[i]!);
    for (let i = mm - 1; i >= 0; i--) f[i] = i === mm - 1 || (i + 1) % k === 0 ? p[i]! : Math.max(f[i + 1]!, p[i]!);
    for (let x = 0; x < len; x++) line[x] = Math.max(f[x]!, g[x + 2 * r]!) ^ flip;
  };
  const tmp = out === src ? new Uint8Array(w * h) : out;
  for (let y = 0; y < h; y++) {
    line.set(src.subarray(y * w, y * w + w));
    run(w);
    tmp.set(line.subarray(0, w), y * w);
  }
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; y++) line[y] = tmp[y * w + x]!;
    run(h);
    for (let y = 0; y < h; y++) out[y * w + x] = line[y]!;
  }
}
