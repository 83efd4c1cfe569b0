import { describe, expect, it } from 'vitest';
import { applyHomography, solveHomography, warpQuadToRect } from '../../../main/imaging/homography';
import { findPageQuad } from '../../../main/imaging/page-quad';
import type { RawImage } from '../../../main/imaging/raw';
import { findRuledTables } from '../../../main/imaging/ruled-lines';
import { findTextAxis, inkPoints } from '../../../main/imaging/skew';

describe('homography', () => {
  it('maps the four corners exactly and straight lines to straight lines', () => {
    const from = [
      { x: 0, y: 0 },
      { x: 100, y: 0 },
      { x: 100, y: 140 },
      { x: 0, y: 140 },
    ];
    const to = [
      { x: 12, y: 20 },
      { x: 95, y: 8 },
      { x: 110, y: 150 },
      { x: 3, y: 131 },
    ];
    const h = solveHomography(from, to);
    from.forEach((p, i) => {
      const q = applyHomography(h, p);
      expect(q.x).toBeCloseTo(to[i]!.x, 6);
      expect(q.y).toBeCloseTo(to[i]!.y, 6);
    });
    // The midpoint of an edge stays on the mapped edge (collinearity).
    const a = applyHomography(h, { x: 0, y: 0 });
    const b = applyHomography(h, { x: 100, y: 0 });
    const m = applyHomography(h, { x: 50, y: 0 });
    const cross = (b.x - a.x) * (m.y - a.y) - (b.y - a.y) * (m.x - a.x);
    expect(Math.abs(cross)).toBeLessThan(1e-6);
  });

  it('warps as the exact per-pixel projective map does, within one grey level', () => {
    // A photo-like perspective (a 3000 × 4000 photo of a sheet held at an angle), on a textured
    // source where a position error of a tenth of a pixel would show.
    const sw = 3000;
    const sh = 4000;
    const data = new Uint8Array(sw * sh * 3);
    for (let y = 0; y < sh; y++) for (let x = 0; x < sw; x++) for (let k = 0; k < 3; k++) data[(y * sw + x) * 3 + k] = (128 + 120 * Math.sin(x * 0.7 + k) * Math.cos(y * 0.45)) | 0;
    const src: RawImage = { data, width: sw, height: sh, channels: 3 };
    const quad = [
      { x: 360, y: 320 },
      { x: 2622, y: 303 },
      { x: 2815, y: 3666 },
      { x: 232, y: 3718 },
    ];
    const outW = 2500;
    const outH = 3536;
    const out = warpQuadToRect(src, quad, outW, outH);
    const h = solveHomography(
      [
        { x: 0, y: 0 },
        { x: outW - 1, y: 0 },
        { x: outW - 1, y: outH - 1 },
        { x: 0, y: outH - 1 },
      ],
      quad,
    );
    let worst = 0;
    for (let y = 0; y < outH; y += 7) {
      for (let x = 0; x < outW; x += 3) {
        const p = applyHomography(h, { x, y });
        const x0 = Math.floor(p.x);
        const y0 = Math.floor(p.y);
        const fx = p.x - x0;
        const fy = p.y - y0;
        for (let k = 0; k < 3; k++) {
          const at = (xx: number, yy: number) => data[(yy * sw + xx) * 3 + k]!;
          const v = at(x0, y0) * (1 - fx) * (1 - fy) + at(x0 + 1, y0) * fx * (1 - fy) + at(x0, y0 + 1) * (1 - fx) * fy + at(x0 + 1, y0 + 1) * fx * fy;
          worst = Math.max(worst, Math.abs(out.data[(y * outW + x) * 3 + k]! - v));
        }
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('finds a bright sheet on a dark desk and warps it back to a rectangle', () => {
    const w = 400;
    const h = 500;
    const img: RawImage = { data: new Uint8Array(w * h).fill(50), width: w, height: h, channels: 1 };
    const quad = [
      { x: 80, y: 60 },
      { x: 330, y: 75 },
      { x: 350, y: 440 },
      { x: 55, y: 420 },
    ];
    // Paint the quadrilateral white (inside test by the sign of the four edge cross products).
    const inside = (x: number, y: number) =>
      quad.every((p, i) => {
        const q = quad[(i + 1) % 4]!;
        return (q.x - p.x) * (y - p.y) - (q.y - p.y) * (x - p.x) >= 0;
      });
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (inside(x, y)) img.data[y * w + x] = 235;
    const found = findPageQuad(img)!;
    expect(found).not.toBeNull();
    found.corners.forEach((c, i) => {
      expect(Math.abs(c.x - quad[i]!.x)).toBeLessThan(3);
      expect(Math.abs(c.y - quad[i]!.y)).toBeLessThan(3);
    });
    const flat = warpQuadToRect(img, found.corners, 200, 280);
    let dark = 0;
    for (const v of flat.data) if (v < 150) dark++;
    expect(dark / flat.data.length).toBeLessThan(0.01);
  });

  it('does not see a page quadrilateral in an ordinary scan', () => {
    const img: RawImage = { data: new Uint8Array(300 * 400).fill(240), width: 300, height: 400, channels: 1 };
    for (let i = 0; i < 2000; i++) img.data[(i * 7919) % img.data.length] = 20;
    expect(findPageQuad(img)).toBeNull();
  });
});

describe('layout analysis', () => {
  function lines(w: number, h: number, angleDeg: number): Uint8Array {
    const ink = new Uint8Array(w * h);
    const t = Math.tan((angleDeg * Math.PI) / 180);
    for (let row = 60; row < h - 60; row += 40) {
      for (let x = 40; x < w - 40; x++) {
        if ((x >> 3) % 3 === 0) continue; // word gaps
        const y = Math.round(row + x * t);
        for (let k = 0; k < 10; k++) if (y + k >= 0 && y + k < h) ink[(y + k) * w + x] = 1;
      }
    }
    return ink;
  }

  it('recovers the direction of text lines, including sideways pages', () => {
    const w = 600;
    const h = 800;
    const a = findTextAxis(inkPoints(lines(w, h, 3.2), w, h), w, h);
    expect(a.axis).toBe(0);
    expect(a.skew).toBeCloseTo(3.2, 0);
    expect(Math.abs(a.skew - 3.2)).toBeLessThan(0.2);
    // Transpose: the same lines running top to bottom.
    const src = lines(w, h, -2);
    const tr = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) tr[x * h + y] = src[y * w + x]!;
    expect(findTextAxis(inkPoints(tr, h, w), h, w).axis).toBe(90);
  });

  it('finds a ruled table but not an underline above it', () => {
    const w = 500;
    const h = 700;
    const ink = new Uint8Array(w * h);
    const hline = (y: number, x0: number, x1: number) => ink.fill(1, y * w + x0, y * w + x1);
    hline(100, 150, 400); // an underline
    for (let r = 0; r <= 4; r++) hline(250 + r * 40, 50, 450);
    for (const x of [50, 120, 300, 449]) for (let y = 250; y <= 410; y++) ink[y * w + x] = 1;
    const tables = findRuledTables(ink, w, h);
    expect(tables).toHaveLength(1);
    expect(tables[0]!.y0).toBeGreaterThan(200);
    expect(tables[0]!.y1).toBeGreaterThanOrEqual(410);
  });
});
