// Reads just enough of a PNG to embed its compressed data in a PDF unchanged. PNG's IDAT stream is
// zlib data with per-row filters, which is exactly PDF's FlateDecode with /Predictor 15, so the
// pixels are neither decoded nor recompressed (the same trick img2pdf uses).

export interface PngPassthrough {
  width: number;
  height: number;
  bitDepth: number;
  colors: 1 | 3;
  /** For palette images: RGB triplets. */
  palette?: Buffer;
  idat: Buffer;
}

const SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Returns the IDAT payload and its layout, or null when the PNG needs real decoding first:
 * alpha channels, transparency (tRNS), interlacing or 16-bit samples (PDF 1.4 readers need ≤ 8).
 */
export function parsePngForPdf(buf: Buffer): PngPassthrough | null {
  if (buf.length < 33 || !buf.subarray(0, 8).equals(SIG)) return null;
  let off = 8;
  let width = 0, height = 0, bitDepth = 0, colorType = -1, interlace = 0;
  let palette: Buffer | undefined;
  const idat: Buffer[] = [];
  while (off + 8 <= buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    const data = off + 8;
    if (data + len + 4 > buf.length) return null; // truncated
    switch (type) {
      case 'IHDR':
        width = buf.readUInt32BE(data);
        height = buf.readUInt32BE(data + 4);
        bitDepth = buf[data + 8]!;
        colorType = buf[data + 9]!;
        interlace = buf[data + 12]!;
        break;
      case 'PLTE':
        palette = buf.subarray(data, data + len);
        break;
      case 'tRNS':
        return null;
      case 'IDAT':
        idat.push(buf.subarray(data, data + len));
        break;
      case 'IEND':
        off = buf.length;
        continue;
    }
    off = data + len + 4;
  }
  if (!width || !height || idat.length === 0 || interlace !== 0 || bitDepth > 8) return null;
  if (colorType === 0) return { width, height, bitDepth, colors: 1, idat: Buffer.concat(idat) };
  if (colorType === 2) return { width, height, bitDepth, colors: 3, idat: Buffer.concat(idat) };
  if (colorType === 3 && palette && palette.length % 3 === 0) return { width, height, bitDepth, colors: 1, palette, idat: Buffer.concat(idat) };
  return null; // 4 / 6: alpha
}
