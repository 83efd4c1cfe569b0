import { describe, expect, it } from 'vitest';
import { parseTsv } from '../../../main/ocr/page-recognizer';

const row = (...f: (string | number)[]) => f.join('\t');

describe('parseTsv', () => {
  it('rebuilds blocks, paragraphs, lines and words with their boxes and confidences', () => {
    const tsv = [
      row('level', 'page_num', 'block_num', 'par_num', 'line_num', 'word_num', 'left', 'top', 'width', 'height', 'conf', 'text'),
      row(1, 1, 0, 0, 0, 0, 0, 0, 1000, 1400, -1, ''),
      row(2, 1, 1, 0, 0, 0, 10, 20, 500, 60, -1, ''),
      row(3, 1, 1, 1, 0, 0, 10, 20, 500, 60, -1, ''),
      row(4, 1, 1, 1, 1, 0, 10, 20, 500, 30, -1, ''),
      row(5, 1, 1, 1, 1, 1, 10, 20, 120, 30, 96.5, 'Cộng'),
      row(5, 1, 1, 1, 1, 2, 140, 22, 80, 28, 91, 'hòa'),
      row(4, 1, 1, 1, 2, 0, 10, 50, 300, 30, -1, ''),
      row(5, 1, 1, 1, 2, 1, 10, 50, 300, 30, -1, ' '),
      row(2, 1, 2, 0, 0, 0, 10, 200, 400, 30, -1, ''),
      row(3, 1, 2, 1, 0, 0, 10, 200, 400, 30, -1, ''),
      row(4, 1, 2, 1, 1, 0, 10, 200, 400, 30, -1, ''),
      row(5, 1, 2, 1, 1, 1, 10, 200, 400, 30, 88, 'Số:'),
      '',
    ].join('\n');
    const page = parseTsv(tsv);
    expect(page.blocks).toHaveLength(2);
    const first = page.blocks![0]!.paragraphs[0]!.lines;
    expect(first).toHaveLength(2);
    expect(first[0]!.words.map((w) => w.text)).toEqual(['Cộng', 'hòa']);
    expect(first[0]!.words[1]).toEqual({ text: 'hòa', confidence: 91, bbox: { x0: 140, y0: 22, x1: 220, y1: 50 } });
    expect(first[1]!.words[0]!.confidence).toBe(0);
    expect(page.blocks![1]!.bbox).toEqual({ x0: 10, y0: 200, x1: 410, y1: 230 });
    expect(page.blocks![1]!.paragraphs[0]!.lines[0]!.words[0]!.text).toBe('Số:');
  });

  it('gives no blocks for empty or malformed output', () => {
    expect(parseTsv('').blocks).toEqual([]);
    expect(parseTsv('garbage\nmore\tgarbage').blocks).toEqual([]);
  });
});
