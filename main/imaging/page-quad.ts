// Finds the sheet of paper in a phone photo: the largest bright region that stands out against a
// darker surround (a desk), and its four corners from straight lines fitted to each edge, so the
// page can be cut out and its perspective undone.
import type { Point } from './homography';
import { otsuThreshold, type RawImage } from './raw';
import { release } from './release';

export interface PageQuad {
  /** TL, TR, BR, BL in pixels of the analysed image. */
  corners: Point[];
  /** Share of the image the page covers. */
  areaShare: number;
}

/** Largest 4-connected region of `mask` = 1; returns its labels as a mask and its size. */
function largestRegion(mask: Uint8Array, w: number, h: number): { region: Uint8Array; size: number } {
  const label = new Int32Array(w * h);
  const stack = new Int32Array(w * h);
  let best = 0;
  let bestSize = 0;
  let next = 1;
  for (let s = 0; s < mask.length; s++) {
    if (!mask[s] || label[s]) continue;
    let sp = 0;
    stack[sp++] = s;
    label[s] = next;
    let size = 0;
    while (sp) {
      const p = stack[--sp]!;
      size++;
      const x = p % w;
      if (x > 0 && mask[p - 1] && !label[p - 1]) (label[p - 1] = next), (stack[sp++] = p - 1);
      if (x < w - 1 && mask[p + 1] && !label[p + 1]) (label[p + 1] = next), (stack[sp++] = p + 1);
      if (p >= w && mask[p - w] && !label[p - w]) (label[p - w] = next), (stack[sp++] = p - w);
      if (p < w * (h - 1) && mask[p + w] && !label[p + w]) (label[p + w] = next), (stack[sp++] = p + w);
    }
    if (size > bestSize) {
      bestSize = size;
      best = next;
    }
    next++;
  }
  const region = new Uint8Array(w * h);
  for (let i = 0; i < region.length; i++) region[i] = label[i] === best ? 1 : 0;
  release(label, stack);
  return { region, size: bestSize };
}

/** Least-squares line through points as a·x + b·y = c (normalized), with one outlier-rejection pass. */
function fitLine(pts: Point[]): { a: number; b: number; c: number } | null {
  const fit = (ps: Point[]) => {
    const n = ps.length;
    let mx = 0;
    let my = 0;
    for (const p of ps) {
      mx += p.x;
      my += p.y;
    }
    mx /= n;
    my /= n;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (const p of ps) {
      sxx += (p.x - mx) ** 2;
      syy += (p.y - my) ** 2;
      sxy += (p.x - mx) * (p.y - my);
    }
    // Direction = principal axis; the normal is perpendicular to it.
    const theta = 0.5 * Math.atan2(2 * sxy, sxx - syy);
    const a = -Math.sin(theta);
    const b = Math.cos(theta);
    return { a, b, c: a * mx + b * my };
  };
  if (pts.length < 8) return null;
  const first = fit(pts);
  const dist = pts.map((p) => Math.abs(first.a * p.x + first.b * p.y - first.c));
  const sorted = [...dist].sort((x, y) => x - y);
  const cut = Math.max(1.5, sorted[Math.floor(sorted.length * 0.8)]! * 1.5);
  const kept = pts.filter((_, i) => dist[i]! <= cut);
  return kept.length >= 8 ? fit(kept) : first;
}

function intersect(l1: { a: number; b: number; c: number }, l2: { a: number; b: number; c: number }): Point | null {
  const det = l1.a * l2.b - l2.a * l1.b;
  if (Math.abs(det) < 1e-9) return null;
  return { x: (l1.c * l2.b - l2.c * l1.b) / det, y: (l1.a * l2.c - l2.a * l1.c) / det };
}

/**
 * Looks for a page photographed on a darker background. Returns null for ordinary scans (the
 * page fills the frame, or nothing bright stands out).
 */
export function findPageQuad(grey: RawImage): PageQuad | null {
  const { width: w, height: h, data } = grey;
  const t = otsuThreshold(data);
  const mask = new Uint8Array(w * h);
  for (let i = 0; i < mask.length; i++) mask[i] = data[i]! > t ? 1 : 0;
  const { region, size } = largestRegion(mask, w, h);
  release(mask);
  try {
    return quadOfRegion(grey, region, size);
  } finally {
    release(region);
  }
}

function quadOfRegion(grey: RawImage, region: Uint8Array, size: number): PageQuad | null {
  const { width: w, height: h, data } = grey;
  const share = size / (w * h);
  if (share < 0.2 || share > 0.97) return null;

  // The surround must be clearly darker than the page and must frame it: most of the image
  // border is background.
  let inSum = 0;
  let inN = 0;
  let outSum = 0;
  let outN = 0;
  for (let i = 0; i < region.length; i++) {
    if (region[i]) (inSum += data[i]!), inN++;
    else (outSum += data[i]!), outN++;
  }
  if (outN === 0 || inSum / inN - outSum / outN < 50) return null;
  let borderBg = 0;
  let border = 0;
  for (let x = 0; x < w; x++) {
    border += 2;
    borderBg += (region[x] ? 0 : 1) + (region[(h - 1) * w + x] ? 0 : 1);
  }
  for (let y = 0; y < h; y++) {
    border += 2;
    borderBg += (region[y * w] ? 0 : 1) + (region[y * w + w - 1] ? 0 : 1);
  }
  if (borderBg / border < 0.6) return null;

  // Edge points: first region pixel scanning in from each side, over the middle 70 % of the span
  // (corners may be rounded, folded or shadowed).
  const top: Point[] = [];
  const bottom: Point[] = [];
  const left: Point[] = [];
  const right: Point[] = [];
  let minX = w;
  let maxX = 0;
  let minY = h;
  let maxY = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!region[y * w + x]) continue;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  const x0 = Math.round(minX + (maxX - minX) * 0.15);
  const x1 = Math.round(maxX - (maxX - minX) * 0.15);
  const y0 = Math.round(minY + (maxY - minY) * 0.15);
  const y1 = Math.round(maxY - (maxY - minY) * 0.15);
  for (let x = x0; x <= x1; x++) {
    let y = 0;
    while (y < h && !region[y * w + x]) y++;
    if (y < h) top.push({ x, y });
    y = h - 1;
    while (y >= 0 && !region[y * w + x]) y--;
    if (y >= 0) bottom.push({ x, y: y + 1 });
  }
  for (let y = y0; y <= y1; y++) {
    let x = 0;
    while (x < w && !region[y * w + x]) x++;
    if (x < w) left.push({ x, y });
    x = w - 1;
    while (x >= 0 && !region[y * w + x]) x--;
    if (x >= 0) right.push({ x: x + 1, y });
  }
  const lt = fitLine(top);
  const lb = fitLine(bottom);
  const ll = fitLine(left);
  const lr = fitLine(right);
  if (!lt || !lb || !ll || !lr) return null;
  const corners = [intersect(lt, ll), intersect(lt, lr), intersect(lb, lr), intersect(lb, ll)];
  if (corners.some((c) => c === null || c.x < -0.05 * w || c.x > 1.05 * w || c.y < -0.05 * h || c.y > 1.05 * h)) return null;
  return { corners: corners as Point[], areaShare: share };
}
