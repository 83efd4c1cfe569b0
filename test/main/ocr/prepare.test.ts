import { describe, expect, it } from 'vitest';
import { cleanupPage } from '../../../main/imaging/cleanup';
import { prepareForOcr } from '../../../main/ocr/prepare';
import { evalPage } from '../../fixtures/pages';

const overlap = (a: { x0: number; y0: number; x1: number; y1: number }, b: typeof a): number => {
  const w = Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0));
  const h = Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));
  const area = (r: typeof a) => (r.x1 - r.x0) * (r.y1 - r.y0);
  return (w * h) / (area(a) + area(b) - w * h);
};

describe('prepareForOcr', () => {
  it("takes clean-up's layout instead of analysing the page again, and finds the same table and letters", async () => {
    for (const variant of ['skewed', 'rot90'] as const) {
      const page = await cleanupPage((await evalPage(variant, 'form')).image);
      const own = await prepareForOcr(page.ocrImage!, { dpi: page.dpi, noDeskew: true, scale: 1 });
      const given = await prepareForOcr(page.ocrImage!, { ...page.ocrHints, scale: 1 });
      expect(given.skew).toBe(0);
      expect(given.tables).toHaveLength(1);
      expect(own.tables).toHaveLength(1);
      expect(overlap(given.tables[0]!.rect, own.tables[0]!.rect), variant).toBeGreaterThan(0.85);
      expect(given.letters.length / own.letters.length).toBeGreaterThan(0.8);
      expect(given.letters.length / own.letters.length).toBeLessThan(1.25);
      expect(given.dpi).toBe(own.dpi);
    }
  });

  it('analyses the page itself when the layout given does not describe it', async () => {
    const page = await cleanupPage((await evalPage('clean', 'form')).image);
    const layout = page.ocrHints!.layout!;
    const wrong = { ...layout, width: layout.width - 40, ink: layout.ink.subarray(0, (layout.width - 40) * layout.height) };
    const own = await prepareForOcr(page.ocrImage!, { dpi: page.dpi, noDeskew: true });
    const fallback = await prepareForOcr(page.ocrImage!, { dpi: page.dpi, layout: wrong });
    expect(fallback.letters).toEqual(own.letters);
    expect(fallback.tables.map((t) => t.rect)).toEqual(own.tables.map((t) => t.rect));
  });
});
