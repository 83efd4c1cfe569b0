import { deflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PDFName, PDFString, rgb } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { extractPdfText, hasUsableText, inspectPdf, rawScan } from '../../../main/pdf/inspect';
import { buildSearchablePdf } from '../../../main/pdf/searchable-pdf';
import { fontBytes } from '../../../main/pdf/font';
import { rawPdf, renderTextPage } from './fixtures';
import { qpdf } from './helpers';

async function textPdf(texts: string[]): Promise<PDFDocument> {
  const d = await PDFDocument.create();
  d.registerFontkit(fontkit);
  const f = await d.embedFont(fontBytes(), { subset: true });
  for (const t of texts) d.addPage([595, 842]).drawText(t, { x: 50, y: 780, size: 14, font: f, color: rgb(0, 0, 0) });
  return d;
}

const PAGE_OBJECTS = ['<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>'];

describe('inspectPdf', () => {
  it('reports pages, text per page, no scripts for a clean mixed PDF', async () => {
    const text = await textPdf(['Quyết định về việc cấp giấy phép xây dựng nhà ở riêng lẻ']);
    const scan = renderTextPage(['Bản chụp'], { dpi: 100, width: 400, height: 300, fontPx: 20 });
    const imagePdf = await buildSearchablePdf([{ ...scan, lines: [] }], { title: 't', dossierCode: 'c', component: 'x', officer: 'o', createdAt: new Date() });
    const [copied] = await text.copyPages(await PDFDocument.load(imagePdf), [0]);
    text.addPage(copied);
    const r = await inspectPdf(Buffer.from(await text.save()));
    expect(r).toEqual({ pages: 2, hasText: [true, false], hasJavaScript: false, encrypted: false, unsafeReasons: [] });
    expect((await extractPdfText(Buffer.from(await text.save())))[0]).toBe('Quyết định về việc cấp giấy phép xây dựng nhà ở riêng lẻ');
  });

  it('detects an OpenAction script', async () => {
    const d = await textPdf(['x']);
    d.catalog.set(PDFName.of('OpenAction'), d.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert("xin chào")') }));
    expect((await inspectPdf(await d.save())).hasJavaScript).toBe(true);
  });

  it('detects a JavaScript name tree, even inside compressed object streams', async () => {
    const d = await textPdf(['x']);
    const action = d.context.register(d.context.obj({ S: 'JavaScript', JS: PDFString.of('this.print()') }));
    d.catalog.set(PDFName.of('Names'), d.context.obj({ JavaScript: { Names: [PDFString.of('a'), action] } }));
    const bytes = Buffer.from(await d.save({ useObjectStreams: true }));
    expect(bytes.includes('JavaScript')).toBe(false); // really hidden in compressed streams
    expect((await inspectPdf(bytes)).hasJavaScript).toBe(true);
  });

  it('detects page and annotation additional actions (AA)', async () => {
    const d = await textPdf(['x']);
    d.getPage(0).node.set(PDFName.of('AA'), d.context.obj({ O: { S: 'JavaScript', JS: PDFString.of('1') } }));
    expect((await inspectPdf(await d.save())).hasJavaScript).toBe(true);
    const e = await textPdf(['x']);
    const annot = e.context.register(e.context.obj({ Type: 'Annot', Subtype: 'Widget', Rect: [0, 0, 10, 10], AA: { K: e.context.obj({ S: 'JavaScript', JS: PDFString.of('2') }) } }));
    e.getPage(0).node.set(PDFName.of('Annots'), e.context.obj([annot]));
    expect((await inspectPdf(await e.save())).hasJavaScript).toBe(true);
  });

  it('sees through #-escaped names', async () => {
    const pdf = rawPdf(['<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>', ...PAGE_OBJECTS, '<< /S /J#61vaScript /J#53 (app.alert(1)) >>']);
    const r = await inspectPdf(pdf);
    expect(r.pages).toBe(1);
    expect(r.hasJavaScript).toBe(true);
  });

  it('flags Launch actions separately', async () => {
    const pdf = rawPdf(['<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>', ...PAGE_OBJECTS, '<< /S /Launch /F (cmd.exe) >>']);
    const r = await inspectPdf(pdf);
    expect(r.hasJavaScript).toBe(false);
    expect(r.unsafeReasons).toContain('Launch');
  });

  it('reports encryption', async () => {
    const d = await textPdf(['Tài liệu mật']);
    const enc = qpdf((i, o) => ['--encrypt', 'user', 'owner', '256', '--', i, o], await d.save());
    const r = await inspectPdf(enc);
    expect(r.encrypted).toBe(true);
    expect(r.hasText).toEqual(r.pages ? [false] : []); // unreadable without the password
    // Owner password only (restrictions, no open password): readable.
    const open = qpdf((i, o) => ['--encrypt', '', 'owner', '256', '--', i, o], await d.save());
    const r2 = await inspectPdf(open);
    expect(r2).toMatchObject({ encrypted: true, pages: 1, hasText: [false] }); // "Tài liệu mật" is below the text threshold
  });

  it('rawScan finds scripts inside Flate streams of unparseable files', () => {
    const hidden = deflateSync(Buffer.from('<< /Type /Action /S /JavaScript /JS (x) >>'));
    const file = Buffer.concat([Buffer.from('%PDF-1.5\ngarbage 1 0 obj << /Length 99 >>\nstream\n'), hidden, Buffer.from('\nendstream\n')]);
    expect(rawScan(file)).toContain('JavaScript');
    expect(rawScan(Buffer.from('%PDF-1.4\n<< /Type /Catalog >>'))).toEqual([]);
  });

  it('text that is mojibake (fonts without a Unicode map) does not count as a text layer', () => {
    expect(hasUsableText('Cộng hòa xã hội chủ nghĩa Việt Nam')).toBe(true);
    expect(hasUsableText('Trang 1')).toBe(false); // scanner footer: still needs OCR
    expect(hasUsableText('\ue001\ue002\ue003\ue004 \ue005\ue006\ue007\ue008\ue009\ue00a\ue00b\ue00c\ue00d\ue00e\ue00f\ue010\ue011')).toBe(false);
    expect(hasUsableText('\u0003\u0004\u0005\u0006\u0007\u0008\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017')).toBe(false);
  });
});
