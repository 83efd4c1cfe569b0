// The QR decoder: zxing-cpp's WebAssembly build (`zxing-wasm`), chosen by measurement against zbar's
// WebAssembly build, jsQR and @zxing/library on generated cards (bench/cccd.ts): it read the most
// cases (rotated, JPEG, faded, perspective, several codes on a page) and is among the fastest. The
// .wasm file ships inside the package and is read from disk: nothing is fetched from the network.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

export interface GrayImage {
  data: Uint8Array;
  width: number;
  height: number;
}

let ready: Promise<unknown> | null = null;

function load(): Promise<unknown> {
  if (!ready) {
    const require_ = createRequire(__filename);
    const wasm = fs.readFileSync(require_.resolve('zxing-wasm/reader/zxing_reader.wasm'));
    const wasmBinary = wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.length) as ArrayBuffer;
    ready = prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
  }
  return ready;
}

/** Every QR code's text found in a greyscale image (the reader wants RGBA: grey copied thrice). */
export async function decodeQrTexts(g: GrayImage): Promise<string[]> {
  await load();
  const rgba = new Uint8ClampedArray(g.width * g.height * 4);
  for (let i = 0, j = 0; i < g.data.length; i++, j += 4) {
    const v = g.data[i]!;
    rgba[j] = v;
    rgba[j + 1] = v;
    rgba[j + 2] = v;
    rgba[j + 3] = 255;
  }
  const image = { data: rgba, width: g.width, height: g.height, colorSpace: 'srgb' } as unknown as Parameters<typeof readBarcodes>[0];
  const found = await readBarcodes(image, { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 16 });
  return found.filter((r) => r.isValid).map((r) => r.text);
}

/**
 * Every QR code's text in an encoded JPEG or PNG, decoded by the reader's own image decoder: no
 * greyscale conversion by libvips and no RGBA copy (on a 300-dpi A4 scan, about a third of the time
 * of the greyscale path; bench/cccd.ts).
 */
export async function decodeQrTextsFromFile(bytes: Uint8Array): Promise<string[]> {
  await load();
  const found = await readBarcodes(bytes, { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 16 });
  return found.filter((r) => r.isValid).map((r) => r.text);
}
