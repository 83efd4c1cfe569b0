import { describe, expect, it } from 'vitest';
import { connectedComponents } from '../../../main/imaging/components';

describe('connectedComponents', () => {
  it('finds 8-connected components with their boxes and areas, however large', () => {
    const w = 400;
    const h = 320;
    const ink = new Uint8Array(w * h);
    // A filled block far larger than the stack the search starts with (90 000 pixels).
    for (let y = 10; y < 310; y++) for (let x = 20; x < 320; x++) ink[y * w + x] = 1;
    // A diagonal stroke: connected only through corners.
    for (let i = 0; i < 30; i++) ink[(i + 5) * w + 350 + i] = 1;
    // A single speck.
    ink[2 * w + 390] = 1;
    const boxes = connectedComponents(ink, w, h).sort((a, b) => b.area - a.area);
    expect(boxes).toEqual([
      { x0: 20, y0: 10, x1: 319, y1: 309, area: 90_000 },
      { x0: 350, y0: 5, x1: 379, y1: 34, area: 30 },
      { x0: 390, y0: 2, x1: 390, y1: 2, area: 1 },
    ]);
  });
});
