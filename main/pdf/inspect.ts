// Looks inside an uploaded or scanned-to-folder PDF before anything else touches it: how many pages,
// which pages already carry text (no OCR needed), whether it is encrypted, and whether it carries
// active content (JavaScript, launch actions) — such files are refused at the desk (PDF_UNSAFE).
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFStream, type PDFObject } from 'pdf-lib';
import { openPdfjs, pageText } from './pdfjs';

export interface PdfInspection {
  /** Page count; 0 when it cannot be known (encrypted with an open password, unparseable). */
  pages: number;
  /** Per page: true when the page already has a real text layer (at least `minTextChars`). */
  hasText: boolean[];
  hasJavaScript: boolean;
  encrypted: boolean;
  /** What was found, for logs and the refusal message: 'JavaScript', 'Launch', 'XFA'. */
  unsafeReasons: string[];
}

export interface InspectOptions {
  /**
   * A page counts as "has text" from this many non-space characters. Scanners often stamp a short
   * footer ("Scanned by …") onto image pages; such a page still needs OCR.
   */
  minTextChars?: number;
}

export const DEFAULT_MIN_TEXT_CHARS = 16;

export async function inspectPdf(buf: Buffer | Uint8Array, options: InspectOptions = {}): Promise<PdfInspection> {
  const minChars = options.minTextChars ?? DEFAULT_MIN_TEXT_CHARS;
  const structure = await inspectStructure(buf);
  let hasText: boolean[] = new Array<boolean>(structure.pages).fill(false);
  let pages = structure.pages;
  // An encrypted file with an empty user password still opens in pdf.js; with a real password it
  // does not, and then there is nothing more to learn.
  try {
    const texts = await extractPdfText(buf);
    pages = texts.length;
    hasText = texts.map((t) => hasUsableText(t, minChars));
  } catch (err) {
    if (!structure.encrypted && structure.pages === 0) throw err;
  }
  return { pages, hasText, hasJavaScript: structure.hasJavaScript, encrypted: structure.encrypted, unsafeReasons: structure.unsafeReasons };
}

/** Text of every page ("" for image-only pages), via pdf.js getTextContent. */
export async function extractPdfText(buf: Buffer | Uint8Array): Promise<string[]> {
  const { doc, close } = await openPdfjs(buf);
  try {
    const out: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      try {
        out.push(await pageText(page));
      } catch {
        out.push(''); // one unreadable page must not hide the others' text
      } finally {
        page.cleanup();
      }
    }
    return out;
  } finally {
    await close();
  }
}

export function countNonSpace(s: string): number {
  return s.replace(/\s+/g, '').length;
}

/**
 * True when a page's extracted text is worth keeping instead of OCR: enough characters, and not
 * the mojibake of fonts without a Unicode map (private-use code points, U+FFFD, control codes),
 * which would make the page unsearchable if trusted.
 */
export function hasUsableText(text: string, minChars = DEFAULT_MIN_TEXT_CHARS): boolean {
  const chars = text.replace(/\s+/g, '');
  if (chars.length < minChars) return false;
  // eslint-disable-next-line no-control-regex
  const bad = chars.match(/[\u0000-\u001f\u007f-\u009f\ue000-\uf8ff\ufffd]/g)?.length ?? 0;
  return bad / chars.length < 0.1;
}

export interface PdfStructure {
  pages: number;
  encrypted: boolean;
  hasJavaScript: boolean;
  unsafeReasons: string[];
  /** The parsed document (null when pdf-lib could not parse it and the raw scan was used). */
  doc: PDFDocument | null;
}

/**
 * Walks pdf-lib's whole object graph (every indirect object, and every dictionary nested inside
 * it, object streams included) looking for script-carrying entries. Names are compared after
 * pdf-lib decodes `#xx` escapes, so `/J#61vaScript` is caught too. When pdf-lib cannot parse the
 * file, falls back to scanning the raw bytes and every inflatable stream.
 */
export async function inspectStructure(buf: Buffer | Uint8Array): Promise<PdfStructure> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(buf, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  } catch {
    const reasons = rawScan(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength));
    return { pages: 0, encrypted: /\/Encrypt\b/.test(latin1Head(buf)), hasJavaScript: reasons.includes('JavaScript'), unsafeReasons: reasons, doc: null };
  }
  const reasons = new Set<string>();
  const seen = new Set<PDFObject>();
  const visit = (obj: PDFObject | undefined, depth: number): void => {
    if (!obj || depth > 64 || seen.has(obj)) return;
    if (obj instanceof PDFStream) return visit(obj.dict, depth + 1);
    if (obj instanceof PDFArray) {
      seen.add(obj);
      for (let i = 0; i < obj.size(); i++) visit(obj.get(i), depth + 1);
      return;
    }
    if (!(obj instanceof PDFDict)) return;
    seen.add(obj);
    for (const [key, value] of obj.entries()) {
      const k = key.decodeText();
      if (k === 'JS' || k === 'JavaScript') reasons.add('JavaScript');
      else if (k === 'XFA') reasons.add('XFA');
      else if (k === 'S' && value instanceof PDFName) {
        const s = value.decodeText();
        if (s === 'JavaScript') reasons.add('JavaScript');
        else if (s === 'Launch') reasons.add('Launch');
      }
      visit(value, depth + 1); // references are visited via the indirect-object loop below
    }
  };
  for (const [, obj] of doc.context.enumerateIndirectObjects()) visit(obj, 0);
  let pages: number;
  try {
    pages = doc.getPageCount();
  } catch {
    pages = 0;
  }
  return { pages, encrypted: doc.isEncrypted, hasJavaScript: reasons.has('JavaScript'), unsafeReasons: [...reasons], doc };
}

function latin1Head(buf: Buffer | Uint8Array): string {
  return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('latin1');
}

const RAW_PATTERNS: Array<[RegExp, string]> = [
  [/\/(JS|JavaScript)\b/, 'JavaScript'],
  [/\/S\s*\/Launch\b/, 'Launch'],
  [/\/XFA\b/, 'XFA'],
];

/** Last-resort scan of a file pdf-lib could not parse: raw bytes plus every inflatable stream. */
export function rawScan(buf: Buffer): string[] {
  const found = new Set<string>();
  const check = (text: string) => {
    const decoded = text.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    for (const [re, name] of RAW_PATTERNS) if (re.test(decoded)) found.add(name);
  };
  const s = buf.toString('latin1');
  check(s);
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  let inflated = 0;
  while ((m = re.exec(s)) !== null) {
    const start = m.index + m[0].length;
    const end = s.indexOf('endstream', start);
    if (end < 0) break;
    // Object streams hide dictionaries in compressed data; images are skipped cheaply because
    // they rarely inflate (DCT) and the total is capped.
    if (inflated < 64 * 1024 * 1024) {
      try {
        const out = inflateSync(buf.subarray(start, end), { maxOutputLength: 16 * 1024 * 1024 });
        inflated += out.length;
        check(out.toString('latin1'));
      } catch {
        // not Flate, or truncated: nothing to learn
      }
    }
    re.lastIndex = end;
  }
  return [...found];
}

