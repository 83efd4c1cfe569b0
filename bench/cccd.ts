// `npm run bench -- cccd`: QR decoders compared on generated citizen-card images (the cases a desk
// meets: card alone, rotated on an A4 scan, tiny on a 150-dpi A4, a second QR nearby, blurred, JPEG,
// faded, phone photo in perspective), then the app's reader (main/idcard) on the same images.
// Each decoder gets the whole image once, in greyscale; a success is the card's exact text among
// the codes it returns. Times are per image, decoder only (the image is decoded to pixels before).
// Measured on the 2-core build machine under load (Dec 2026), 4 cards per case, 32 in all:
//   zxing-wasm 3.1.8 26/32 · zbar-wasm 0.11.0 24/32 · @zxing/library 0.23.0 16/32 · jsQR 1.4.0 16/32;
//   no single decoder reads a σ2-blurred A4 scan or a card on a 150-dpi A4 page; the app's reader
//   (zxing-wasm + enlarged/sharpened passes) reads 32/32. jsQR returns one code per image and loses
//   the card when another QR is on the page.
// Then the timing goals (camera frame ≤ 300 ms, `motcua cccd` on a 300-dpi A4 ≤ 1 s) and the
// OCR fallback. `--timings-only` skips the comparison; `--runs N` (default 5) repeats each timed image.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import jsQR from 'jsqr';
import { BinaryBitmap, DecodeHintType, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library';
import { scanGrayBuffer } from '@undecaf/zbar-wasm';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { SAMPLE_CARDS, cardFront, cardImage, cardOnA4, cardQrText, degrade, phonePhoto } from '../test/helpers/cccd-card';
import { readCardFile, readCardQrFromImage } from '../main/idcard/read-qr';
import { readCardFront } from '../main/idcard/read-front';
import { OcrPool } from '../main/ocr/pool';

const require_ = createRequire(__filename);

interface Gray {
  data: Uint8Array;
  width: number;
  height: number;
}

type Decoder = (g: Gray) => Promise<string[]>;

async function zxingWasm(): Promise<Decoder> {
  const wasm = fs.readFileSync(require_.resolve('zxing-wasm/reader/zxing_reader.wasm'));
  await prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.length) as ArrayBuffer }, fireImmediately: true });
  return async (g) => {
    const rgba = new Uint8ClampedArray(g.width * g.height * 4);
    for (let i = 0, j = 0; i < g.data.length; i++, j += 4) {
      rgba[j] = rgba[j + 1] = rgba[j + 2] = g.data[i]!;
      rgba[j + 3] = 255;
    }
    const r = await readBarcodes({ data: rgba, width: g.width, height: g.height, colorSpace: 'srgb' } as unknown as Parameters<typeof readBarcodes>[0], { formats: ['QRCode'], maxNumberOfSymbols: 8 });
    return r.map((x) => x.text);
  };
}

const zbar: Decoder = async (g) => {
  const copy = new Uint8Array(g.data).buffer;
  const syms = await scanGrayBuffer(copy, g.width, g.height);
  return syms.map((s) => s.decode());
};

const jsqr: Decoder = async (g) => {
  const rgba = new Uint8ClampedArray(g.width * g.height * 4);
  for (let i = 0, j = 0; i < g.data.length; i++, j += 4) {
      rgba[j] = rgba[j + 1] = rgba[j + 2] = g.data[i]!;
      rgba[j + 3] = 255;
    }
  const r = jsQR(rgba, g.width, g.height, { inversionAttempts: 'dontInvert' });
  return r ? [new TextDecoder().decode(new Uint8Array(r.binaryData))] : [];
};

const zxingJs: Decoder = async (g) => {
  const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.TRY_HARDER, true]]);
  try {
    const src = new RGBLuminanceSource(new Uint8ClampedArray(g.data), g.width, g.height);
    const r = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(src)), hints);
    return [r.getText()];
  } catch {
    return [];
  }
};

interface Case {
  name: string;
  make: (text: string, i: number) => Promise<Buffer>;
}

const CASES: Case[] = [
  { name: 'card alone, 300 dpi', make: (t) => cardImage(t) },
  { name: 'A4 300 dpi, rotated', make: (t, i) => cardOnA4(t, { angle: [17, 95, -33, 181][i]!, at: [[0.3, 0.2], [0.6, 0.7], [0.5, 0.4], [0.7, 0.15]][i] as [number, number] }) },
  { name: 'A4 150 dpi (tiny)', make: (t, i) => cardOnA4(t, { dpi: 150, angle: [0, 8, -5, 90][i]! }).then((p) => degrade(p, { jpeg: 85 })) },
  { name: 'A4 300, 2nd QR near', make: (t, i) => cardOnA4(t, { angle: [4, -7, 0, 12][i]!, otherQr: true }) },
  { name: 'A4 300, blurred σ2', make: (t, i) => cardOnA4(t, { angle: [3, -11, 0, 30][i]! }).then((p) => degrade(p, { blur: 2 })) },
  { name: 'A4 300, JPEG q20', make: (t, i) => cardOnA4(t, { angle: [3, -11, 0, 30][i]! }).then((p) => degrade(p, { jpeg: 20 })) },
  { name: 'A4 300, faded', make: (t, i) => cardOnA4(t, { angle: [3, -11, 0, 30][i]! }).then((p) => degrade(p, { fade: true, blur: 1, jpeg: 60 })) },
  { name: 'phone, perspective', make: (t, i) => phonePhoto(t, { tilt: [0.1, 0.18, 0.25, 0.3][i]! }) },
];

async function gray(img: Buffer): Promise<Gray> {
  const { data, info } = await sharp(img).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

function stats(ms: number[]): { median: number; p95: number; max: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95), max: s[s.length - 1]! };
}

const fmt = (x: number) => `${Math.round(x)} ms`;

/**
 * The goals, timed: a card on the document camera read within 300 ms of the frame (the frame
 * as the renderer sends it, a JPEG, through idcard.read's path: readCardFile); `motcua cccd` on a
 * 300-dpi A4 scan within 1 s (the CLI's path, readCardFile on the scan's bytes, and the whole command
 * with process start when the build is there); and the OCR fallback on a card front with no QR.
 */
async function timings(runs: number): Promise<void> {
  const rows: string[][] = [];
  const measure = async (name: string, goal: number | null, images: Buffer[], read: (img: Buffer) => Promise<boolean>) => {
    const ms: number[] = [];
    let ok = 0;
    for (const img of images) await read(img); // warm-up: wasm compiled, libvips caches
    for (let r = 0; r < runs; r++) {
      for (const img of images) {
        const t0 = performance.now();
        if (await read(img)) ok++;
        ms.push(performance.now() - t0);
      }
    }
    const st = stats(ms);
    rows.push([name, `${ok}/${ms.length}`, fmt(st.median), fmt(st.p95), fmt(st.max), goal === null ? '—' : `${goal} ms: ${st.p95 <= goal ? 'met (p95)' : st.median <= goal ? 'median only' : 'MISSED'}`]);
  };
  const cards = SAMPLE_CARDS.map(cardQrText);
  const isCard = async (img: Buffer, name: string) => (await readCardFile({ name, data: img })).ok;
  const frames = async (w: number, h: number) => Promise.all(cards.map((t, i) => phonePhoto(t, { width: w, height: h, tilt: [0.05, 0.1, 0.15, 0.2][i]! })));
  await measure('camera frame 1280×720 JPEG → card', 300, await frames(1280, 720), (img) => isCard(img, 'camera.jpg'));
  await measure('camera frame 1920×1080 JPEG → card', 300, await frames(1920, 1080), (img) => isCard(img, 'camera.jpg'));
  const scans = await Promise.all(cards.map((t, i) => cardOnA4(t, { dpi: 300, angle: [0, 7, -12, 90][i]!, at: [[0.3, 0.2], [0.6, 0.7], [0.5, 0.4], [0.7, 0.15]][i] as [number, number] }).then((p) => degrade(p, { jpeg: 85, dpi: 300 }))));
  await measure('A4 300 dpi JPEG scan → card (motcua cccd path)', 1000, scans, (img) => isCard(img, 'scan.jpg'));

  // The whole command, as IT runs it: process start, file read, decode, print.
  const cli = path.join(process.cwd(), 'bin', 'motcua.cjs');
  if (fs.existsSync(path.join(process.cwd(), 'dist', 'main', 'cli.cjs'))) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-cccd-'));
    const files = scans.map((s, i) => {
      const f = path.join(dir, `scan${i}.jpg`);
      fs.writeFileSync(f, s);
      return f;
    });
    const ms: number[] = [];
    let ok = 0;
    for (let r = 0; r < Math.max(1, Math.ceil(runs / 2)); r++) {
      for (const f of files) {
        const t0 = performance.now();
        const res = spawnSync(process.execPath, [cli, 'cccd', f], { encoding: 'utf8' });
        ms.push(performance.now() - t0);
        if (res.status === 0) ok++;
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
    const st = stats(ms);
    rows.push(['`motcua cccd scan.jpg` (whole command)', `${ok}/${ms.length}`, fmt(st.median), fmt(st.p95), fmt(st.max), `1000 ms: ${st.p95 <= 1000 ? 'met (p95)' : st.median <= 1000 ? 'median only' : 'MISSED'}`]);
  } else {
    rows.push(['`motcua cccd` (whole command)', 'skipped: dist/ not built (npx node scripts/build.mjs)', '', '', '', '']);
  }

  // The OCR fallback (one worker, started before timing; its start-up is printed apart).
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-ocr-'));
  const t0 = performance.now();
  const pool = await OcrPool.create({ cacheDir, size: 1 });
  const startMs = performance.now() - t0;
  try {
    const fronts = await Promise.all(SAMPLE_CARDS.map((c) => cardFront(c)));
    const frontOk = async (img: Buffer, i: number) => {
      const r = await readCardFront({ name: 'front.png', data: img }, pool);
      return r.ok && r.front.fields.id?.value === SAMPLE_CARDS[i]!.id;
    };
    const idx = new Map(fronts.map((f, i) => [f, i]));
    await measure('OCR fallback: card front alone (300 dpi)', null, fronts, (img) => frontOk(img, idx.get(img)!));
    const a4 = await Promise.all(SAMPLE_CARDS.map((c) => cardFront(c, { onA4: { at: [0.35, 0.2] } }).then((p) => degrade(p, { jpeg: 85, dpi: 300 }))));
    const idxA4 = new Map(a4.map((f, i) => [f, i]));
    await measure('OCR fallback: card front on A4 300 dpi', null, a4, (img) => frontOk(img, idxA4.get(img)!));
  } finally {
    await pool.close();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
  const header = ['timing (per image)', 'read', 'median', 'p95', 'max', 'goal'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\nTimings against the goals (${runs} runs × 4 cards, ${os.cpus().length} cores; OCR worker start-up ${fmt(startMs)}, not counted):`);
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runsArg = args.indexOf('--runs');
  const runs = runsArg >= 0 ? Math.max(1, Number(args[runsArg + 1]) || 5) : 5;
  if (!args.includes('--timings-only')) await compare();
  await timings(runs);
}

async function compare(): Promise<void> {
  const decoders: [string, Decoder][] = [
    ['zxing-wasm 3.1.8', await zxingWasm()],
    ['@undecaf/zbar-wasm 0.11.0', zbar],
    ['jsqr 1.4.0', jsqr],
    ['@zxing/library 0.23.0', zxingJs],
  ];
  const header = ['case', ...decoders.map(([n]) => n), 'motcua reader (file → card)'];
  const rows: string[][] = [];
  const totals = decoders.map(() => ({ ok: 0, ms: 0 }));
  const app = { ok: 0, ms: 0, worst: 0 };
  let n = 0;
  for (const c of CASES) {
    const images = await Promise.all(SAMPLE_CARDS.map(async (f, i) => ({ text: cardQrText(f), img: await c.make(cardQrText(f), i) })));
    const row = [c.name];
    for (let d = 0; d < decoders.length; d++) {
      let ok = 0;
      let ms = 0;
      for (const { text, img } of images) {
        const g = await gray(img);
        const t0 = performance.now();
        const got = await decoders[d]![1](g);
        ms += performance.now() - t0;
        if (got.includes(text)) ok++;
      }
      totals[d]!.ok += ok;
      totals[d]!.ms += ms;
      row.push(`${ok}/${images.length} ${Math.round(ms / images.length)} ms`);
    }
    let ok = 0;
    let ms = 0;
    for (const { text, img } of images) {
      const t0 = performance.now();
      const r = await readCardQrFromImage(img);
      const dt = performance.now() - t0;
      ms += dt;
      app.worst = Math.max(app.worst, dt);
      if (r.ok && r.text === text) ok++;
    }
    app.ok += ok;
    app.ms += ms;
    row.push(`${ok}/${images.length} ${Math.round(ms / images.length)} ms`);
    rows.push(row);
    n += images.length;
  }
  rows.push(['total', ...totals.map((t) => `${t.ok}/${n} ${Math.round(t.ms / n)} ms`), `${app.ok}/${n} ${Math.round(app.ms / n)} ms (worst ${Math.round(app.worst)} ms)`]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
