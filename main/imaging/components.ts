// Connected components of a binary image, reduced to the bounding-box statistics the layout
// heuristics need (text size, noise filtering).
import { release } from './release';

export interface ComponentBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  area: number;
}

/** 8-connected components of `ink` (1 = ink). Components larger than `maxArea` are still reported. */
export function connectedComponents(ink: Uint8Array, w: number, h: number): ComponentBox[] {
  const seen = new Uint8Array(ink.length);
  // Grown on demand: a stack as long as the page (4.4 MB for an analysis copy, zeroed on every
  // call) is only ever needed for a component that covers the whole page.
  let stack = new Int32Array(Math.min(ink.length, 1 << 16));
  const out: ComponentBox[] = [];
  for (let start = 0; start < ink.length; start++) {
    if (ink[start] !== 1 || seen[start]) continue;
    let sp = 0;
    stack[sp++] = start;
    seen[start] = 1;
    let x0 = w;
    let y0 = h;
    let x1 = 0;
    let y1 = 0;
    let area = 0;
    while (sp > 0) {
      const p = stack[--sp]!;
      const y = (p / w) | 0;
      const x = p - y * w;
      area++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          const q = yy * w + xx;
          if (ink[q] === 1 && !seen[q]) {
            seen[q] = 1;
            if (sp === stack.length) {
              const grown = new Int32Array(Math.min(ink.length, stack.length * 2));
              grown.set(stack);
              stack = grown;
            }
            stack[sp++] = q;
          }
        }
      }
    }
    out.push({ x0, y0, x1, y1, area });
  }
  release(seen, stack);
  return out;
}

/** Letter-like components: not specks, not rules or frames, not pictures or seals. */
export function letterLike(boxes: readonly ComponentBox[], maxHeight: number): ComponentBox[] {
  return boxes.filter((b) => {
    const bh = b.y1 - b.y0 + 1;
    const bw = b.x1 - b.x0 + 1;
    return b.area >= 6 && bh >= 3 && bh <= maxHeight && bw <= 4 * bh + 4;
  });
}

/**
 * Median height of letter-like components (not specks, not rules, not pictures): a robust
 * stand-in for the x-height, in pixels of the analysed image. Null when there is too little text.
 */
export function medianLetterHeight(letters: readonly ComponentBox[]): number | null {
  const hs = letters.map((b) => b.y1 - b.y0 + 1);
  if (hs.length < 30) return null;
  hs.sort((a, b) => a - b);
  return hs[hs.length >> 1]!;
}
