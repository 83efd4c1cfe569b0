// Regenerates the installer/app icons from build/icon.svg (run after editing the SVG, then commit
// the outputs): build/icon.png (512, Linux/electron-builder), build/icon.ico (Windows, PNG-in-ICO
// 16…256) and build/icons/<n>x<n>.png (Linux hicolor sizes, so no conversion tool is needed).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const dir = path.dirname(fileURLToPath(import.meta.url));
const svg = fs.readFileSync(path.join(dir, 'icon.svg'));
const png = (size) => sharp(svg, { density: Math.max(72, (72 * size) / 1024) * 4 }).resize(size, size).png({ compressionLevel: 9 }).toBuffer();

/** ICO container holding PNG images (supported since Windows Vista; 256 px must be PNG anyway). */
function ico(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  const entries = [];
  let offset = 6 + 16 * images.length;
  for (const { size, data } of images) {
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0);
    e.writeUInt8(size >= 256 ? 0 : size, 1);
    e.writeUInt8(0, 2);
    e.writeUInt8(0, 3);
    e.writeUInt16LE(1, 4);
    e.writeUInt16LE(32, 6);
    e.writeUInt32LE(data.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += data.length;
    entries.push(e);
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.data)]);
}

fs.writeFileSync(path.join(dir, 'icon.png'), await png(512));
const icoSizes = [16, 24, 32, 48, 64, 128, 256];
fs.writeFileSync(path.join(dir, 'icon.ico'), ico(await Promise.all(icoSizes.map(async (size) => ({ size, data: await png(size) })))));
fs.mkdirSync(path.join(dir, 'icons'), { recursive: true });
for (const size of [16, 32, 48, 64, 128, 256, 512]) {
  fs.writeFileSync(path.join(dir, 'icons', `${size}x${size}.png`), await png(size));
}
console.log('icons: build/icon.png, build/icon.ico, build/icons/*.png');
