// When an officer corrects a page's recognized text, the PDF's invisible text layer must carry the
// corrected words, still lying over the right part of the image. Word boxes from OCR are kept
// where the correction keeps the line structure; otherwise words are spread over the line boxes.
import type { OcrLine, OcrWord } from '../ocr/types';

function spreadWords(words: string[], bbox: OcrLine['bbox'], confidence: number): OcrWord[] {
  const total = words.reduce((n, w) => n + w.length + 1, 0) || 1;
  const width = bbox.x1 - bbox.x0;
  let x = bbox.x0;
  return words.map((text) => {
    const w = (width * (text.length + 1)) / total;
    const word = { text, confidence, bbox: { x0: x, y0: bbox.y0, x1: x + w * (text.length / (text.length + 1)), y1: bbox.y1 } };
    x += w;
    return word;
  });
}

export function realignText(lines: OcrLine[], text: string, page: { width: number; height: number }): OcrLine[] {
  const newLines = text
    .split(/\r?\n/)
    .map((l) => l.split(/\s+/).filter(Boolean))
    .filter((l) => l.length > 0);
  if (newLines.length === 0) return [];
  if (newLines.length === lines.length) {
    return newLines.map((words, i) => {
      const old = lines[i]!;
      if (words.length === old.words.length) {
        return { bbox: old.bbox, words: old.words.map((w, j) => ({ ...w, text: words[j]!, confidence: 100 })) };
      }
      return { bbox: old.bbox, words: spreadWords(words, old.bbox, 100) };
    });
  }
  // Line structure changed: lay the lines out evenly over the area the old text covered (or the
  // page's printable area when there was no text), top to bottom.
  const area = lines.length
    ? {
        x0: Math.min(...lines.map((l) => l.bbox.x0)),
        y0: Math.min(...lines.map((l) => l.bbox.y0)),
        x1: Math.max(...lines.map((l) => l.bbox.x1)),
        y1: Math.max(...lines.map((l) => l.bbox.y1)),
      }
    : { x0: page.width * 0.1, y0: page.height * 0.08, x1: page.width * 0.9, y1: page.height * 0.92 };
  const step = (area.y1 - area.y0) / newLines.length;
  return newLines.map((words, i) => {
    const bbox = { x0: area.x0, y0: area.y0 + i * step, x1: area.x1, y1: area.y0 + i * step + step * 0.8 };
    return { bbox, words: spreadWords(words, bbox, 100) };
  });
}
