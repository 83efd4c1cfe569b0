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
import fs from 'node:fs';
import { createRequire } from 'node:module';
import sharp from 'sharp';
import jsQR from 'jsqr';
import { BinaryBitmap, DecodeHintType, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library';
import { scanGrayBuffer } from '@undecaf/zbar-wasm';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import { SAMPLE_CARDS, cardImage, cardOnA4, cardQrText, degrade, phonePhoto } from '../test/helpers/cccd-card';
import { readCardQrFromImage } from '../main/idcard/read-qr';

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

async function main(): Promise<void> {
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
