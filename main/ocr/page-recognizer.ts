// Reads one prepared page with as few tesseract passes as the layout needs:
//  - automatic segmentation (psm 3) for the page: it follows columns and survives skew and
//    photographed pages, but classifies bordered tables as non-text and drops them, so
//  - each ruled table found beforehand is blanked from the page and read on its own as one
//    uniform block (psm 6) with its rules erased, row by row;
//  - when the words found still leave much of the page's lettering uncovered (psm 3 dropped a
//    region it took for a picture), the page is read again as one block (psm 6) and the reading
//    with more covered ink × confidence wins.
// Residual skew is straightened before any of this (prepare.ts): psm 3 garbles pages from ~3°.
import type { OcrLine, OcrResult, OcrWord } from './types';
import type { PreparedPage } from './prepare';
import type { ComponentBox } from '../imaging/components';

export type Psm = 3 | 4 | 6 | 11;

/** One tesseract pass: image (PGM), segmentation mode, resolution → tesseract.js page data. */
export type RunPass = (image: Buffer, psm: Psm, dpi: number) => Promise<TessPage>;

interface TessBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
interface TessWord {
  text: string;
  confidence: number;
  bbox: TessBox;
}
interface TessLine {
  words: TessWord[];
  bbox: TessBox;
}
export interface TessPage {
  blocks: { bbox: TessBox; paragraphs: { lines: TessLine[] }[] }[] | null;
}

/**
 * Rebuilds blocks → paragraphs → lines → words from tesseract's TSV output (level, page, block,
 * paragraph, line, word, left, top, width, height, conf, text). TSV is written by tesseract
 * itself; tesseract.js's `blocks` output walks every symbol and its alternatives in JavaScript and
 * then crosses the thread boundary as a large object graph: it cost 20 % of recognition time.
 */
export function parseTsv(tsv: string): TessPage {
  const blocks: NonNullable<TessPage['blocks']> = [];
  let block: NonNullable<TessPage['blocks']>[number] | null = null;
  let para: { lines: TessLine[] } | null = null;
  let line: TessLine | null = null;
  for (const row of tsv.split('\n')) {
    const f = row.split('\t');
    if (f.length < 12) continue;
    const level = Number(f[0]);
    const left = Number(f[6]);
    const top = Number(f[7]);
    const bbox = { x0: left, y0: top, x1: left + Number(f[8]), y1: top + Number(f[9]) };
    if (!Number.isFinite(level) || !Number.isFinite(bbox.x1) || !Number.isFinite(bbox.y1)) continue;
    if (level === 2) {
      block = { bbox, paragraphs: [] };
      blocks.push(block);
      para = null;
      line = null;
    } else if (level === 3 && block) {
      para = { lines: [] };
      block.paragraphs.push(para);
      line = null;
    } else if (level === 4 && para) {
      line = { words: [], bbox };
      para.lines.push(line);
    } else if (level === 5 && line) {
      line.words.push({ text: f.slice(11).join('\t'), confidence: Math.max(0, Number(f[10]) || 0), bbox });
    }
  }
  return { blocks };
}

interface Block {
  lines: OcrLine[];
  bbox: TessBox;
}

/** Below this share of covered lettering the automatic segmentation is suspected of dropping text. */
export const LOW_COVERAGE = 0.8;

function toBlocks(page: TessPage, dx = 0, dy = 0): Block[] {
  const out: Block[] = [];
  for (const b of page.blocks ?? []) {
    const lines: OcrLine[] = [];
    for (const p of b.paragraphs) {
      for (const l of p.lines) {
        const words: OcrWord[] = [];
        for (const w of l.words) {
          const text = w.text.normalize('NFC').trim();
          if (!text) continue;
          words.push({ text, confidence: w.confidence, bbox: { x0: w.bbox.x0 + dx, y0: w.bbox.y0 + dy, x1: w.bbox.x1 + dx, y1: w.bbox.y1 + dy } });
        }
        if (words.length) lines.push({ words, bbox: { x0: l.bbox.x0 + dx, y0: l.bbox.y0 + dy, x1: l.bbox.x1 + dx, y1: l.bbox.y1 + dy } });
      }
    }
    if (lines.length) out.push({ lines, bbox: { x0: b.bbox.x0 + dx, y0: b.bbox.y0 + dy, x1: b.bbox.x1 + dx, y1: b.bbox.y1 + dy } });
  }
  return out;
}

const inside = (x: number, y: number, r: TessBox): boolean => x >= r.x0 && x <= r.x1 && y >= r.y0 && y <= r.y1;

/** Share of letter-like ink components (by area) whose centre falls in some recognised word. */
export function coverage(letters: readonly ComponentBox[], blocks: readonly Block[], exclude: readonly TessBox[] = []): number {
  const words: TessBox[] = [];
  for (const b of blocks) for (const l of b.lines) for (const w of l.words) words.push(w.bbox);
  // Bucket words by rows of 64 px so each letter checks only nearby words.
  const band = 64;
  const rows = new Map<number, TessBox[]>();
  for (const w of words) {
    for (let r = Math.floor(w.y0 / band); r <= Math.floor(w.y1 / band); r++) {
      const list = rows.get(r);
      if (list) list.push(w);
      else rows.set(r, [w]);
    }
  }
  let total = 0;
  let covered = 0;
  for (const c of letters) {
    const cx = (c.x0 + c.x1) / 2;
    const cy = (c.y0 + c.y1) / 2;
    if (exclude.some((r) => inside(cx, cy, r))) continue;
    total += c.area;
    const pad = (c.y1 - c.y0) * 0.3;
    const near = rows.get(Math.floor(cy / band)) ?? [];
    if (near.some((w) => cx >= w.x0 - pad && cx <= w.x1 + pad && cy >= w.y0 - pad && cy <= w.y1 + pad)) covered += c.area;
  }
  return total === 0 ? 1 : covered / total;
}

function meanConfidence(blocks: readonly Block[]): number {
  let n = 0;
  let sum = 0;
  for (const b of blocks) for (const l of b.lines) for (const w of l.words) {
    n++;
    sum += w.confidence;
  }
  return n ? sum / n : 0;
}

/** Tables go in reading order before the first page block that starts below them. */
function mergeBlocks(page: Block[], tables: Block[]): Block[] {
  const out = [...page];
  for (const t of tables) {
    const i = out.findIndex((b) => b.bbox.y0 > t.bbox.y0);
    out.splice(i < 0 ? out.length : i, 0, t);
  }
  return out;
}

function toResult(blocks: Block[], p: PreparedPage): OcrResult {
  const scaleBox = p.toSource;
  const lines: OcrLine[] = [];
  const text: string[] = [];
  let n = 0;
  let sum = 0;
  for (const b of blocks) {
    const blockText: string[] = [];
    for (const l of b.lines) {
      lines.push({ bbox: scaleBox(l.bbox), words: l.words.map((w) => ({ text: w.text, confidence: w.confidence, bbox: scaleBox(w.bbox) })) });
      blockText.push(l.words.map((w) => w.text).join(' '));
      for (const w of l.words) {
        n++;
        sum += w.confidence;
      }
    }
    text.push(blockText.join('\n'));
  }
  return { text: text.join('\n\n').normalize('NFC'), lines, confidence: n ? sum / n : 0, width: p.srcWidth, height: p.srcHeight };
}

export interface PageRecognitionInfo {
  passes: string[];
  coverage: number;
}

export async function recognizePrepared(p: PreparedPage, run: RunPass, psm: 'auto' | Psm = 'auto'): Promise<{ result: OcrResult; info: PageRecognitionInfo }> {
  if (psm !== 'auto') {
    const blocks = toBlocks(await run(p.image, psm, p.dpi));
    return { result: toResult(blocks, p), info: { passes: [`psm${psm}`], coverage: coverage(p.letters, blocks) } };
  }
  const passes = ['psm3'];
  let pageBlocks = toBlocks(await run(p.image, 3, p.dpi));
  const tableBlocks: Block[] = [];
  for (const t of p.tables) {
    passes.push('table-psm6');
    const lines = toBlocks(await run(t.image, 6, p.dpi), t.rect.x0, t.rect.y0).flatMap((b) => b.lines);
    if (lines.length) tableBlocks.push({ lines, bbox: t.rect });
  }
  const tableRects = p.tables.map((t) => t.rect);
  let cov = coverage(p.letters, pageBlocks, tableRects);
  if (cov < LOW_COVERAGE) {
    passes.push('fallback-psm6');
    const alt = toBlocks(await run(p.image, 6, p.dpi));
    const altCov = coverage(p.letters, alt, tableRects);
    // Covered ink weighted by how sure the engine is: more text read badly does not win.
    if (altCov > cov + 0.05 && altCov * meanConfidence(alt) > 1.1 * cov * meanConfidence(pageBlocks)) {
      pageBlocks = alt;
      cov = altCov;
      passes.push('chose-psm6');
    }
  }
  return { result: toResult(mergeBlocks(pageBlocks, tableBlocks), p), info: { passes, coverage: cov } };
}
