// 8-bit binary PGM ("P5"): the uncompressed greyscale format clean-up hands to OCR and OCR hands to
// the tesseract workers (leptonica reads it with no decoding work inside WebAssembly).
// Clean-up may hand over a reduced copy; a header comment then names the size of the page image
// it stands for, so word boxes can be mapped back onto that image.

export interface Pgm {
  data: Buffer;
  width: number;
  height: number;
  /** Size of the page image this copy stands for, when it was reduced (from the header comment). */
  source: { width: number; height: number } | null;
}

export function toPgm(data: Uint8Array, width: number, height: number, source?: { width: number; height: number }): Buffer {
  const comment = source && (source.width !== width || source.height !== height) ? `# motcua-source ${source.width}x${source.height}\n` : '';
  return Buffer.concat([Buffer.from(`P5\n${comment}${width} ${height}\n255\n`, 'latin1'), data]);
}

/** Parses an 8-bit binary PGM; null if it is not one. */
export function parsePgm(buf: Buffer): Pgm | null {
  if (buf.length < 8 || buf[0] !== 0x50 || buf[1] !== 0x35) return null;
  const m = /^P5\s+((?:#[^\n]*\s+)*)(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 300).toString('latin1'));
  if (!m) return null;
  const width = Number(m[2]);
  const height = Number(m[3]);
  if (Number(m[4]) !== 255 || buf.length - m[0].length < width * height) return null;
  const s = /# motcua-source (\d+)x(\d+)/.exec(m[1]!);
  const source = s ? { width: Number(s[1]), height: Number(s[2]) } : null;
  return { data: buf.subarray(m[0].length, m[0].length + width * height), width, height, source: source && source.width > 0 && source.height > 0 ? source : null };
}
