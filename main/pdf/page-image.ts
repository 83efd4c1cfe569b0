// Most scanners and "scan to PDF" apps write each page as one JPEG drawn over the whole page.
// Taking those JPEG bytes out unchanged is lossless and far faster than rendering the page at
// 300 dpi; anything more complex (several images, vector content, rotation, masks) returns null
// and the caller renders the page instead.
import {
  PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFStream, decodePDFRawStream,
  type PDFDocument,
} from 'pdf-lib';

export interface EmbeddedJpeg {
  jpeg: Buffer;
  width: number;
  height: number;
  /** Pixels per inch implied by how large the image is drawn on the page. */
  dpi: number;
  components: number;
}

// `q a 0 0 d e f cm /Name Do Q`, optionally without q/Q: what scanners and img2pdf write.
const NUM = '(-?\\d*\\.?\\d+)';
const FULL_PAGE_DRAW = new RegExp(`^(?:q\\s+)?${NUM}\\s+${NUM}\\s+${NUM}\\s+${NUM}\\s+${NUM}\\s+${NUM}\\s+cm\\s*/([^\\s/\\[\\]()<>{}%]+)\\s*Do(?:\\s+Q)?$`);

export function extractFullPageJpeg(doc: PDFDocument, pageIndex: number): EmbeddedJpeg | null {
  try {
    const page = doc.getPage(pageIndex);
    const node = page.node;
    const rotate = node.Rotate()?.asNumber() ?? 0;
    if (rotate % 360 !== 0) return null;
    const content = contentText(node.Contents());
    if (content === null) return null;
    const m = FULL_PAGE_DRAW.exec(content.trim());
    if (!m) return null;
    const [a, b, c, d, e, f] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    if (b !== 0 || c !== 0 || a <= 0 || d <= 0) return null;
    const { x, y, width, height } = page.getMediaBox();
    const tol = 1.5; // points
    if (Math.abs(e - x) > tol || Math.abs(f - y) > tol || Math.abs(a - width) > tol || Math.abs(d - height) > tol) return null;

    const xobjects = node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    const img = xobjects?.lookup(PDFName.of(decodeName(m[7]!)));
    if (!(img instanceof PDFRawStream)) return null;
    const dict = img.dict;
    if (dict.lookup(PDFName.of('Subtype')) !== PDFName.of('Image')) return null;
    const filter = dict.lookup(PDFName.of('Filter'));
    const isDct = filter === PDFName.of('DCTDecode') || (filter instanceof PDFArray && filter.size() === 1 && filter.lookup(0) === PDFName.of('DCTDecode'));
    if (!isDct) return null;
    // Masks, decode arrays and unusual colour spaces change what the page shows: render instead.
    for (const key of ['SMask', 'Mask', 'Decode', 'ImageMask']) if (dict.has(PDFName.of(key))) return null;
    const cs = dict.lookup(PDFName.of('ColorSpace'));
    if (cs !== PDFName.of('DeviceRGB') && cs !== PDFName.of('DeviceGray')) return null;
    const w = (dict.lookup(PDFName.of('Width')) as PDFNumber | undefined)?.asNumber() ?? 0;
    const h = (dict.lookup(PDFName.of('Height')) as PDFNumber | undefined)?.asNumber() ?? 0;
    if (!(w > 0 && h > 0)) return null;
    const jpeg = Buffer.from(img.contents);
    if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return null;
    return { jpeg, width: w, height: h, dpi: Math.round((w / width) * 72), components: cs === PDFName.of('DeviceGray') ? 1 : 3 };
  } catch {
    return null;
  }
}

function contentText(contents: PDFStream | PDFArray | undefined): string | null {
  if (!contents) return null;
  const streams: PDFStream[] = [];
  if (contents instanceof PDFArray) {
    for (let i = 0; i < contents.size(); i++) {
      const s = contents.lookup(i);
      if (!(s instanceof PDFStream)) return null;
      streams.push(s);
    }
  } else {
    streams.push(contents);
  }
  let text = '';
  for (const s of streams) {
    if (!(s instanceof PDFRawStream)) return null;
    const bytes = decodePDFRawStream(s).decode();
    if (bytes.length > 4096) return null; // a single image draw is tiny; bigger means more content
    text += Buffer.from(bytes).toString('latin1') + '\n';
  }
  return text;
}

function decodeName(n: string): string {
  return n.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}
