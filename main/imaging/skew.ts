// Text direction and skew from projection profiles: project the ink pixels of a binarized,
// downscaled page onto the axis perpendicular to a candidate line direction; when the direction
// matches the text lines, lines and the gaps between them produce a spiky profile, whose sum of
// squares is largest. Searching around 0° and around 90° also tells a page fed sideways apart
// from an upright one.

export interface InkPoints {
  xs: Float32Array;
  ys: Float32Array;
  count: number;
}

/** Coordinates of ink pixels, subsampled to at most `max` points (the estimate needs no more). */
export function inkPoints(ink: Uint8Array, w: number, h: number, max = 120_000): InkPoints {
  let total = 0;
  for (let i = 0; i < ink.length; i++) total += ink[i]!;
  const step = Math.max(1, Math.ceil(total / max));
  const n = Math.ceil(total / step);
  const xs = new Float32Array(n);
  const ys = new Float32Array(n);
  let k = 0;
  let seen = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (ink[y * w + x] !== 1) continue;
      if (seen++ % step === 0 && k < n) {
        xs[k] = x;
        ys[k] = y;
        k++;
      }
    }
  }
  return { xs, ys, count: k };
}

/**
 * Profile of ink along the direction perpendicular to lines at `deg` degrees (lines running
 * down to the right for positive angles, image y pointing down). Bin i holds r = y·cos − x·sin.
 */
export function profile(p: InkPoints, deg: number, w: number, h: number): { bins: Int32Array; offset: number } {
  const t = (deg * Math.PI) / 180;
  const c = Math.cos(t);
  const s = Math.sin(t);
  const corners = [0, -w * s, h * c, h * c - w * s];
  const lo = Math.floor(Math.min(...corners)) - 1;
  const hi = Math.ceil(Math.max(...corners)) + 1;
  // Counted in integers: a Float64Array increment per point costs several times more.
  const bins = new Int32Array(hi - lo + 1);
  for (let i = 0; i < p.count; i++) {
    const r = p.ys[i]! * c - p.xs[i]! * s - lo;
    bins[r | 0]!++;
  }
  return { bins, offset: lo };
}

export function profileScore(p: InkPoints, deg: number, w: number, h: number): number {
  const { bins } = profile(p, deg, w, h);
  let sum = 0;
  for (let i = 0; i < bins.length; i++) sum += bins[i]! * bins[i]!;
  return sum;
}

function searchAround(p: InkPoints, w: number, h: number, center: number, half: number, step: number): { angle: number; score: number } {
  let best = { angle: center, score: -1 };
  for (let a = center - half; a <= center + half + 1e-9; a += step) {
    const score = profileScore(p, a, w, h);
    if (score > best.score) best = { angle: a, score };
  }
  return best;
}

/** Every k-th point, at most `max` of them. */
function subsample(p: InkPoints, max: number): InkPoints {
  if (p.count <= max) return p;
  const step = Math.ceil(p.count / max);
  const n = Math.ceil(p.count / step);
  const xs = new Float32Array(n);
  const ys = new Float32Array(n);
  for (let i = 0, k = 0; k < n; i += step, k++) {
    xs[k] = p.xs[i]!;
    ys[k] = p.ys[i]!;
  }
  return { xs, ys, count: n };
}

/** Points used for the 0.5° sweep: enough to place the peak within one step, at an eighth of the cost. */
const COARSE_POINTS = 15_000;

/** Best line direction within ±`range` of `center` degrees, to about 0.05°. */
export function refineAngle(p: InkPoints, w: number, h: number, center: number, range: number): { angle: number; score: number } {
  const coarse = searchAround(subsample(p, COARSE_POINTS), w, h, center, range, 0.5);
  const mid = searchAround(p, w, h, coarse.angle, 0.5, 0.1);
  return searchAround(p, w, h, mid.angle, 0.1, 0.025);
}

export interface TextAxis {
  /** 0: text lines run left-right; 90: they run top-bottom (page fed sideways). */
  axis: 0 | 90;
  /** Line direction relative to the axis, degrees (positive: running down to the right). */
  skew: number;
  /** Best score of the chosen axis over the best of the other (≥ 1; near 1 means unsure). */
  ratio: number;
}

export function findTextAxis(p: InkPoints, w: number, h: number, maxSkew = 15): TextAxis {
  const horiz = refineAngle(p, w, h, 0, maxSkew);
  const vert = refineAngle(p, w, h, 90, maxSkew);
  // A sum of squares grows as the same ink spreads over fewer bins, and a portrait page has fewer
  // columns than rows: compare each against ink spread evenly over that many bins.
  const nh = (horiz.score * h) / (p.count * p.count);
  const nv = (vert.score * w) / (p.count * p.count);
  if (nh >= nv) return { axis: 0, skew: horiz.angle, ratio: nv > 0 ? nh / nv : Infinity };
  return { axis: 90, skew: vert.angle - 90, ratio: nh > 0 ? nv / nh : Infinity };
}
