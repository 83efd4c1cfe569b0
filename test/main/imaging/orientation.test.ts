import { describe, expect, it } from 'vitest';
import { letteringStrips } from '../../../main/imaging/orientation';
import { parsePgm } from '../../../main/imaging/pgm';

/** 100 × 60 ink page: a dense block in rows 40–49 (columns 10–89), a thin line at row 5. */
function page(): { ink: Uint8Array; width: number; height: number } {
  const width = 100;
  const height = 60;
  const ink = new Uint8Array(width * height);
  for (let y = 40; y < 50; y++) for (let x = 10; x < 90; x += y % 2 ? 1 : 2) ink[y * width + x] = 1;
  for (let x = 0; x < 30; x++) ink[5 * width + x] = 1;
  return { ink, width, height };
}

describe('letteringStrips', () => {
  it('cuts the densest band across the lines and turns it by each candidate', () => {
    const { ink, width, height } = page();
    const strips = letteringStrips(ink, width, height, [0, 180], 0.2);
    expect(strips.map((s) => s.degrees)).toEqual([0, 180]);
    const up = parsePgm(strips[0]!.image)!;
    const down = parsePgm(strips[1]!.image)!;
    // A fifth of the 60 rows, placed over the dense block (rows 38–49 hold it whole).
    expect([up.width, up.height]).toEqual([100, 12]);
    let inkRows = 0;
    for (let y = 0; y < up.height; y++) if (up.data.subarray(y * 100, y * 100 + 100).includes(0)) inkRows++;
    expect(inkRows).toBe(10);
    // Black on white, and the 180° strip is the same band turned half round.
    for (let i = 0; i < up.data.length; i++) expect(down.data[up.data.length - 1 - i]).toBe(up.data[i]);
    expect(new Set(up.data)).toEqual(new Set([0, 255]));
  });

  it('cuts columns for the quarter turns, so the lines of a sideways page run across the strip', () => {
    const { ink, width, height } = page();
    const [r90, r270] = letteringStrips(ink, width, height, [90, 270], 0.2).map((s) => parsePgm(s.image)!);
    // A fifth of the 100 columns, the page's full height, turned: 60 wide, 20 high.
    expect([r90!.width, r90!.height]).toEqual([60, 20]);
    expect([r270!.width, r270!.height]).toEqual([60, 20]);
    for (let i = 0; i < r90!.data.length; i++) expect(r270!.data[r90!.data.length - 1 - i]).toBe(r90!.data[i]);
  });

  it('gives a blank strip for a blank page rather than failing', () => {
    const strips = letteringStrips(new Uint8Array(50 * 40), 50, 40, [0, 90, 180, 270]);
    expect(strips).toHaveLength(4);
    for (const s of strips) expect(new Set(parsePgm(s.image)!.data)).toEqual(new Set([255]));
  });
});
