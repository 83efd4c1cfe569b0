// Draws a DocSpec as a 300 dpi A4 page the way Vietnamese administrative documents are laid out
// (Nghị định 30/2020: agency top-left, national motto top-right, centred title, signature block
// bottom-right, red seal stamped over the signature) and records every drawn text line, in reading
// order, as ground truth.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import type { BodyItem, DocSpec, Rng, SignatureBlock } from './eval-text';
import { between, makeRng } from './eval-text';

export const PAGE_W = 2480;
export const PAGE_H = 3508;
const MARGIN_L = 354; // 30 mm, the legal left margin
const MARGIN_R = 212;
const MARGIN_T = 236;
const LEFT_COL_CX = 754;
const RIGHT_COL_CX = 1716;

export interface RenderedPage {
  /** RGBA pixels, PAGE_W × PAGE_H. */
  rgba: Buffer;
  width: number;
  height: number;
  /** Exact drawn text, one entry per printed row (pieces on one baseline joined left to right), NFC. */
  lines: string[];
  /** Each piece of text drawn on its own (a wrapped line, a header line, one table cell), NFC. */
  segments: string[];
  font: string;
}

let fontsRegistered = false;
const systemSerifs: string[] = [];

/** Registers DejaVu from the npm package (always present) and Times-like system serifs if installed. */
export function registerEvalFonts(): string[] {
  if (!fontsRegistered) {
    const req = createRequire(path.join(process.cwd(), 'package.json'));
    const dir = path.join(path.dirname(req.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    for (const f of ['DejaVuSerif.ttf', 'DejaVuSerif-Bold.ttf', 'DejaVuSerif-Italic.ttf', 'DejaVuSerif-BoldItalic.ttf']) {
      GlobalFonts.registerFromPath(path.join(dir, f));
    }
    const candidates: [string, string[]][] = [
      ['Liberation Serif', ['/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf', '/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf', '/usr/share/fonts/truetype/liberation/LiberationSerif-Italic.ttf', '/usr/share/fonts/truetype/liberation/LiberationSerif-BoldItalic.ttf']],
      ['Noto Serif', ['/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf', '/usr/share/fonts/truetype/noto/NotoSerif-Bold.ttf', '/usr/share/fonts/truetype/noto/NotoSerif-Italic.ttf', '/usr/share/fonts/truetype/noto/NotoSerif-BoldItalic.ttf']],
    ];
    for (const [family, files] of candidates) {
      if (files.every((f) => existsSync(f))) {
        for (const f of files) GlobalFonts.registerFromPath(f);
        systemSerifs.push(family);
      }
    }
    fontsRegistered = true;
  }
  return ['DejaVu Serif', ...systemSerifs];
}

interface Style {
  size: number;
  bold?: boolean;
  italic?: boolean;
}

interface Drawn {
  text: string;
  x: number;
  baseline: number;
  size: number;
}

/** Groups drawn pieces into the physical rows a reader (or an OCR engine) sees. */
function visualRows(drawn: readonly Drawn[]): string[] {
  const sorted = [...drawn].sort((a, b) => a.baseline - b.baseline || a.x - b.x);
  const rows: Drawn[][] = [];
  for (const d of sorted) {
    const row = rows[rows.length - 1];
    if (row && d.baseline - row[0]!.baseline < 0.35 * Math.max(d.size, row[0]!.size)) row.push(d);
    else rows.push([d]);
  }
  return rows.map((r) => r.sort((a, b) => a.x - b.x).map((d) => d.text).join(' '));
}

class PageWriter {
  readonly drawn: Drawn[] = [];
  y = MARGIN_T;
  constructor(
    readonly ctx: SKRSContext2D,
    readonly family: string,
    readonly scale: number,
  ) {}

  px(pt: number): number {
    return Math.round((pt * 300 * this.scale) / 72);
  }

  setFont(s: Style): void {
    this.ctx.font = `${s.italic ? 'italic ' : ''}${s.bold ? 'bold ' : ''}${s.size}px "${this.family}"`;
  }

  width(text: string, s: Style): number {
    this.setFont(s);
    return this.ctx.measureText(text).width;
  }

  /** Draws one line; `x` is the left edge, or the centre when `center` is set. Records ground truth. */
  text(text: string, x: number, baseline: number, s: Style, center = false, record = true): number {
    this.setFont(s);
    const w = this.ctx.measureText(text).width;
    this.ctx.fillStyle = '#141414';
    const left = center ? x - w / 2 : x;
    this.ctx.fillText(text, left, baseline);
    if (record) this.drawn.push({ text: text.normalize('NFC'), x: left, baseline, size: s.size });
    return w;
  }

  /** Largest size ≤ s.size at which `text` fits in `maxW`. */
  fit(text: string, s: Style, maxW: number): Style {
    let size = s.size;
    while (size > 20 && this.width(text, { ...s, size }) > maxW) size -= 2;
    return { ...s, size };
  }

  wrap(text: string, s: Style, maxW: number, firstIndent: number): string[] {
    const words = text.split(' ');
    const out: string[] = [];
    let cur = '';
    for (const w of words) {
      const cand = cur ? `${cur} ${w}` : w;
      const limit = out.length === 0 ? maxW - firstIndent : maxW;
      if (cur && this.width(cand, s) > limit) {
        out.push(cur);
        cur = w;
      } else cur = cand;
    }
    if (cur) out.push(cur);
    return out;
  }

  underline(cx: number, y: number, w: number): void {
    this.ctx.fillStyle = '#141414';
    this.ctx.fillRect(Math.round(cx - w / 2), Math.round(y), Math.round(w), Math.max(2, this.px(0.6)));
  }
}

function drawHeader(pw: PageWriter, spec: DocSpec): void {
  const body = pw.px(13);
  const lead = Math.round(body * 1.3);
  const top = pw.y + body;
  if (spec.agency) {
    let y = top;
    spec.agency.forEach((line, i) => {
      const s = pw.fit(line, { size: pw.px(12.5), bold: i > 0 }, 800);
      pw.text(line, LEFT_COL_CX, y, s, true);
      y += lead;
    });
    pw.underline(LEFT_COL_CX, y - lead + pw.px(6), 260);
    y += Math.round(lead * 0.5);
    if (spec.docNumber) pw.text(spec.docNumber, LEFT_COL_CX, y, { size: body }, true);

    let ry = top;
    const motto1 = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
    pw.text(motto1, RIGHT_COL_CX, ry, pw.fit(motto1, { size: pw.px(12.5), bold: true }, 1080), true);
    ry += lead;
    const motto2 = 'Độc lập - Tự do - Hạnh phúc';
    const w2 = pw.text(motto2, RIGHT_COL_CX, ry, { size: body, bold: true }, true);
    pw.underline(RIGHT_COL_CX, ry + pw.px(4), w2);
    ry += Math.round(lead * 1.5);
    pw.text(spec.dateLine, RIGHT_COL_CX, ry, pw.fit(spec.dateLine, { size: body, italic: true }, 1080), true);
    pw.y = Math.max(y, ry) + lead * 1.6;
  } else {
    // Citizens' applications centre the motto and put the place and date under it on the right.
    const cx = (MARGIN_L + PAGE_W - MARGIN_R) / 2;
    let y = top;
    pw.text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', cx, y, { size: pw.px(13), bold: true }, true);
    y += lead;
    const w2 = pw.text('Độc lập - Tự do - Hạnh phúc', cx, y, { size: body, bold: true }, true);
    pw.underline(cx, y + pw.px(4), w2);
    y += Math.round(lead * 1.6);
    pw.text(spec.dateLine, RIGHT_COL_CX, y, { size: body, italic: true }, true);
    pw.y = y + lead * 1.6;
  }
}

function drawTitle(pw: PageWriter, spec: DocSpec): void {
  const cx = (MARGIN_L + PAGE_W - MARGIN_R) / 2;
  spec.title.forEach((t, i) => {
    const s = i === 0 ? { size: pw.px(14), bold: true } : { size: pw.px(13), bold: true };
    pw.text(t, cx, pw.y, pw.fit(t, s, PAGE_W - MARGIN_L - MARGIN_R), true);
    pw.y += Math.round(s.size * 1.35);
  });
  pw.y += pw.px(10);
}

function drawTable(pw: PageWriter, item: Extract<BodyItem, { type: 'table' }>): void {
  const ctx = pw.ctx;
  const x0 = MARGIN_L;
  const tableW = PAGE_W - MARGIN_L - MARGIN_R;
  const size = pw.px(12.5);
  const rowH = Math.round(size * 1.9);
  const stroke = Math.max(2, pw.px(item.rulePt ?? 0.7));
  const xs = [x0];
  for (const f of item.widths) xs.push(xs[xs.length - 1]! + Math.round(f * tableW));
  xs[xs.length - 1] = x0 + tableW;
  const rows = [item.header, ...item.rows];
  const top = pw.y - size;
  if (item.shadeHeader) {
    ctx.fillStyle = '#cfcfcf';
    ctx.fillRect(x0, top, tableW, rowH);
  }
  ctx.fillStyle = '#141414';
  for (let r = 0; r <= rows.length; r++) ctx.fillRect(x0, top + r * rowH, tableW + stroke, stroke);
  for (const x of xs) ctx.fillRect(x, top, stroke, rows.length * rowH + stroke);
  rows.forEach((cells, r) => {
    const baseline = top + r * rowH + Math.round(rowH * 0.66);
    cells.forEach((cell, c) => {
      const cw = xs[c + 1]! - xs[c]! - 30;
      const s = pw.fit(cell, { size, bold: r === 0 }, cw);
      const leftAligned = r > 0 && c === 1;
      pw.text(cell, leftAligned ? xs[c]! + 20 : (xs[c]! + xs[c + 1]!) / 2, baseline, s, !leftAligned);
    });
  });
  pw.y = top + rows.length * rowH + size + pw.px(12);
}

function drawBody(pw: PageWriter, items: BodyItem[]): void {
  const size = pw.px(13);
  const lead = Math.round(size * 1.45);
  const maxW = PAGE_W - MARGIN_L - MARGIN_R;
  for (const item of items) {
    if (item.type === 'table') {
      drawTable(pw, item);
      continue;
    }
    const text = item.type === 'field' ? `${item.label} ${item.value}` : item.text;
    const s: Style = item.type === 'para' ? { size, bold: item.bold, italic: item.italic } : { size };
    const indent = item.type === 'para' && item.indent ? pw.px(12) : 0;
    const center = item.type === 'para' && item.align === 'center';
    const wrapped = pw.wrap(text, s, maxW, indent);
    wrapped.forEach((line, i) => {
      if (center) pw.text(line, (MARGIN_L + PAGE_W - MARGIN_R) / 2, pw.y, s, true);
      else pw.text(line, MARGIN_L + (i === 0 ? indent : 0), pw.y, s);
      pw.y += lead;
    });
    pw.y += Math.round(size * 0.25);
  }
}

function scribble(ctx: SKRSContext2D, rng: Rng, cx: number, cy: number): void {
  ctx.save();
  ctx.strokeStyle = 'rgb(25, 35, 120)';
  ctx.lineWidth = 5;
  ctx.lineCap = 'round';
  ctx.beginPath();
  let x = cx - between(rng, 180, 240);
  let y = cy + between(rng, -30, 30);
  ctx.moveTo(x, y);
  for (let i = 0; i < 6; i++) {
    const nx = x + between(rng, 40, 110);
    const ny = cy + between(rng, -90, 90);
    ctx.bezierCurveTo(x + between(rng, -60, 80), y - between(rng, 60, 140), nx + between(rng, -80, 60), ny + between(rng, 60, 140), nx, ny);
    x = nx;
    y = ny;
  }
  ctx.stroke();
  ctx.restore();
}

function seal(ctx: SKRSContext2D, rng: Rng, cx: number, cy: number, text: string, family: string): void {
  const r = 205;
  ctx.save();
  ctx.globalCompositeOperation = 'multiply';
  ctx.globalAlpha = between(rng, 0.78, 0.92);
  const red = 'rgb(205, 28, 38)';
  ctx.strokeStyle = red;
  ctx.fillStyle = red;
  ctx.lineWidth = 9;
  ctx.beginPath();
  ctx.arc(cx, cy, r, 0, Math.PI * 2);
  ctx.stroke();
  ctx.lineWidth = 4;
  ctx.beginPath();
  ctx.arc(cx, cy, r - 62, 0, Math.PI * 2);
  ctx.stroke();
  ctx.font = `bold 34px "${family}"`;
  const chars = [...text];
  const span = Math.PI * 1.9;
  chars.forEach((ch, i) => {
    const a = -Math.PI / 2 - span / 2 + (span * (i + 0.5)) / chars.length;
    ctx.save();
    ctx.translate(cx + Math.cos(a) * (r - 34), cy + Math.sin(a) * (r - 34));
    ctx.rotate(a + Math.PI / 2);
    ctx.fillText(ch, -ctx.measureText(ch).width / 2, 12);
    ctx.restore();
  });
  ctx.beginPath();
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? 70 : 28;
    ctx.lineTo(cx + Math.cos(a) * rr, cy + Math.sin(a) * rr);
  }
  ctx.closePath();
  ctx.fill();
  ctx.restore();
}

function drawSignatures(pw: PageWriter, spec: DocSpec, rng: Rng): void {
  const size = pw.px(13);
  const lead = Math.round(size * 1.35);
  const top = pw.y + pw.px(8);
  const block = (b: SignatureBlock, cx: number): { nameY: number } => {
    let y = top;
    for (const t of b.title) {
      pw.text(t, cx, y, { size, bold: true }, true);
      y += lead;
    }
    if (b.hint) {
      pw.text(b.hint, cx, y, { size: pw.px(12), italic: true }, true);
      y += lead;
    }
    scribble(pw.ctx, rng, cx, y + 130);
    y += 330;
    pw.text(b.name, cx, y, { size, bold: true }, true);
    return { nameY: y };
  };
  if (spec.recipients) {
    let y = top;
    spec.recipients.forEach((t, i) => {
      pw.text(t, MARGIN_L, y, { size: pw.px(11), bold: i === 0, italic: i === 0 });
      y += Math.round(pw.px(11) * 1.3);
    });
  }
  if (spec.signLeft) block(spec.signLeft, LEFT_COL_CX);
  const right = block(spec.signRight, RIGHT_COL_CX);
  pw.y = right.nameY + lead;
  if (spec.signRight.seal) seal(pw.ctx, rng, RIGHT_COL_CX - between(rng, 120, 220), right.nameY - between(rng, 170, 240), spec.sealText, pw.family);
}

/** Renders the page; shrinks type a little when the content would run off the sheet. */
export function renderDoc(spec: DocSpec, rng: Rng, family: string): RenderedPage {
  registerEvalFonts();
  const state = rng();
  for (let scale = 1; ; scale *= 0.92) {
    // Same random stream for every attempt, so a retry changes only the size.
    const local = makeRng(Math.floor(state * 2 ** 32));
    const canvas = createCanvas(PAGE_W, PAGE_H);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, PAGE_W, PAGE_H);
    const pw = new PageWriter(ctx, family, scale);
    drawHeader(pw, spec);
    drawTitle(pw, spec);
    drawBody(pw, spec.body);
    drawSignatures(pw, spec, local);
    if (pw.y < PAGE_H - 150 || scale < 0.6) {
      return { rgba: canvas.data(), width: PAGE_W, height: PAGE_H, lines: visualRows(pw.drawn), segments: pw.drawn.map((d) => d.text), font: family };
    }
  }
}
