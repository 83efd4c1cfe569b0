import path from 'node:path';
import { createRequire } from 'node:module';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import sharp from 'sharp';

const require_ = createRequire(__filename);
let registered = false;
function fonts(): void {
  if (registered) return;
  const dir = path.join(path.dirname(require_.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  GlobalFonts.registerFromPath(path.join(dir, 'DejaVuSans.ttf'), 'TestSans');
  GlobalFonts.registerFromPath(path.join(dir, 'DejaVuSans-Bold.ttf'), 'TestSansBold');
  registered = true;
}

/** A white A4 page (at `dpi`) with the given lines of black text: a stand-in for a clean scan. */
export function textPage(lines: string[], opts: { dpi?: number; fontPx?: number; format?: 'png' | 'jpeg' } = {}): Buffer {
  fonts();
  const dpi = opts.dpi ?? 200;
  const w = Math.round(8.27 * dpi);
  const h = Math.round(11.69 * dpi);
  const canvas = createCanvas(w, h);
  const g = canvas.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, w, h);
  g.fillStyle = '#111111';
  const size = opts.fontPx ?? Math.round(dpi / 5.5);
  g.font = `${size}px TestSans`;
  lines.forEach((line, i) => g.fillText(line.normalize('NFC'), Math.round(w * 0.1), Math.round(h * 0.1) + i * size * 1.8));
  return opts.format === 'jpeg' ? canvas.toBuffer('image/jpeg', 90) : canvas.toBuffer('image/png');
}

/** Like a scanner's output: the file records its resolution (JPEG JFIF density / PNG pHYs). */
export async function scannedPage(lines: string[], opts: { dpi?: number; format?: 'png' | 'jpeg' } = {}): Promise<Buffer> {
  const dpi = opts.dpi ?? 200;
  const img = sharp(textPage(lines, { dpi })).withMetadata({ density: dpi });
  return opts.format === 'jpeg' ? img.jpeg({ quality: 90 }).toBuffer() : img.png().toBuffer();
}

export function blankPage(dpi = 150): Buffer {
  const canvas = createCanvas(Math.round(8.27 * dpi), Math.round(11.69 * dpi));
  const g = canvas.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  return canvas.toBuffer('image/png');
}
