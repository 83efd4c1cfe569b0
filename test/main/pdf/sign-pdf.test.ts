import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildSearchablePdf, type PdfMeta } from '../../../main/pdf/searchable-pdf';
import { openP12, readCertificate, signPdf, stampTime } from '../../../main/pdf/sign-pdf';
import { makeTestP12 } from '../../helpers/certificates';
import { renderTextPage, requireTool, VI_LINES } from './fixtures';
import { pdftotextRaw, popplerGray, qpdfCheck, withPdfFile } from './helpers';

const META: PdfMeta = {
  title: 'Tờ khai',
  dossierCode: 'H29.25-250115-0007',
  component: 'Tờ khai đăng ký khai sinh',
  officer: 'Nguyễn Thị Ĩnh',
  createdAt: new Date('2025-01-15T08:30:00Z'),
};
// Vietnam time, whatever the zone of the machine running the test (the stamp shows Vietnam time).
const AT = new Date('2026-11-23T09:41:07+07:00');

function pdfsig(pdf: Uint8Array): string {
  requireTool('pdfsig', 'poppler-utils');
  // pdfsig exits 0 even for a broken signature: its words are what count.
  return withPdfFile(pdf, (f) => spawnSync('pdfsig', [f], { encoding: 'utf8' }).stdout);
}

describe('signPdf', () => {
  const page = renderTextPage(VI_LINES, { dpi: 200 });
  const cert = makeTestP12({ cn: 'Nguyễn Thị Ĩnh', org: 'UBND xã Tân Phú', now: AT });

  it('signs so that pdfsig verifies it, keeps the text layer and passes qpdf --check', async () => {
    const pdf = await buildSearchablePdf([page, page], META);
    const signed = await signPdf(pdf, { identity: openP12(cert.p12, cert.passphrase), signerName: 'Nguyễn Thị Ĩnh', reason: 'Số hóa hồ sơ H29.25-250115-0007', location: 'Bộ phận Một cửa', at: AT });
    const out = pdfsig(signed);
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Total document signed');
    expect(out).toMatch(/Signer Certificate Common Name: Nguyễn Thị Ĩnh/);
    expect(out).toMatch(/Signature Type: adbe\.pkcs7\.detached/);
    expect(qpdfCheck(signed).status).toBe(0);
    // The recognized text is all there; the stamp's words read as text too (name, time).
    const text = pdftotextRaw(signed);
    expect(text.split('\n').map((l) => l.replace('\f', '').trim()).filter((l) => VI_LINES.includes(l))).toEqual([...VI_LINES, ...VI_LINES]);
    expect(text).toContain('Ký bởi: Nguyễn Thị Ĩnh\nUBND xã Tân Phú\nNgày ký: 23/11/2026 09:41:07');
  });

  it('draws the stamp top-left on page 1, in the top margin (above a heading at 15 mm)', async () => {
    const blank = renderTextPage([], { dpi: 100 });
    const pdf = await buildSearchablePdf([blank], META);
    const signed = await signPdf(pdf, { identity: openP12(cert.p12, cert.passphrase), signerName: 'Nguyễn Thị Ĩnh', reason: 'r', location: 'l', at: AT });
    const pgm = popplerGray(signed, 72);
    const m = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'))!;
    const w = Number(m[1]);
    const h = Number(m[2]);
    const px = pgm.subarray(m[0].length);
    const dark = (x0: number, y0: number, x1: number, y1: number) => {
      let n = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (px[y * w + x]! < 160) n++;
      return n;
    };
    // At 72 dpi one pixel is one point: the frame and lettering are inside the stamp's box, and
    // nothing is drawn below 12 mm (34 pt), where a document's heading may start (15 mm, 42 pt).
    expect(dark(14, 4, 244, 31)).toBeGreaterThan(300);
    expect(dark(250, 0, w, h)).toBe(0);
    expect(dark(0, 34, w, h)).toBe(0);
  });

  it('signs with a certificate whose subject and issuer (the CA) have Vietnamese names', async () => {
    const vi = makeTestP12({ cn: 'Trần Thị Hằng', org: 'UBND xã Tân Phú', issuer: { cn: 'Trần Quốc Đạt CA', org: 'Tổ chức chứng thực Việt Nam' }, now: AT });
    const identity = openP12(vi.p12, vi.passphrase);
    expect(identity.chain).toHaveLength(1);
    const pdf = await buildSearchablePdf([page], META);
    const signed = await signPdf(pdf, { identity, signerName: 'Trần Thị Hằng', reason: 'r', location: 'l', at: AT });
    const out = pdfsig(signed);
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Signer Certificate Common Name: Trần Thị Hằng');
    expect(readCertificate(vi.p12, vi.passphrase, AT)).toMatchObject({ subject: 'Trần Thị Hằng', issuer: 'Trần Quốc Đạt CA' });
  });

  it('detects a changed byte after signing', async () => {
    const pdf = await buildSearchablePdf([page], META);
    const signed = await signPdf(pdf, { identity: openP12(cert.p12, cert.passphrase), signerName: 'A', reason: 'r', location: 'l', at: AT });
    const tampered = Buffer.from(signed);
    // A byte inside the first signed range (the header comment) changes.
    const i = tampered.indexOf('%PDF-') + 20;
    tampered[i] = tampered[i]! ^ 1;
    expect(pdfsig(tampered)).not.toContain('Signature is Valid.');
  });

  it('reads certificates protected with 3DES (older CAs) and AES', () => {
    for (const algorithm of ['3des', 'aes256'] as const) {
      const c = makeTestP12({ cn: 'Lê Văn Đạt', org: 'UBND phường 1', algorithm, now: AT });
      const info = readCertificate(c.p12, c.passphrase, AT);
      expect(info).toMatchObject({ subject: 'Lê Văn Đạt', organization: 'UBND phường 1', issuer: 'Test CA' });
    }
  });

  it('refuses a wrong passphrase, a file without key, garbage and an expired certificate in Vietnamese', async () => {
    expect(() => readCertificate(cert.p12, 'sai', AT)).toThrow(/Mật khẩu chứng thư số không đúng/);
    const noKey = makeTestP12({ cn: 'X', withKey: false, now: AT });
    expect(() => readCertificate(noKey.p12, noKey.passphrase, AT)).toThrow(/không chứa khóa bí mật/);
    expect(() => readCertificate(Buffer.from('not a certificate'), '1234', AT)).toThrow(/chứng thư số không hợp lệ/);
    expect(() => readCertificate(Buffer.alloc(0), '1234', AT)).toThrow(/chứng thư số không hợp lệ/);
    const old = makeTestP12({ cn: 'Trần Văn Cũ', notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') });
    expect(() => readCertificate(old.p12, old.passphrase, AT)).toThrow(/đã hết hạn ngày 01\/01\/2021/);
    const pdf = await buildSearchablePdf([page], META);
    await expect(signPdf(pdf, { identity: openP12(old.p12, old.passphrase), signerName: 'A', reason: 'r', location: 'l', at: AT })).rejects.toMatchObject({ code: 'CERTIFICATE_EXPIRED' });
    await expect(signPdf(Buffer.from('%PDF-1.4 rác'), { identity: openP12(cert.p12, cert.passphrase), signerName: 'A', reason: 'r', location: 'l', at: AT })).rejects.toMatchObject({ code: 'FILE_CORRUPT' });
  });

  it('writes the time as the desk reads it', () => {
    expect(stampTime(new Date('2026-11-03T07:05:09+07:00'))).toBe('03/11/2026 07:05:09');
    // Vietnam time even when the host runs in UTC: 23:30 UTC is 06:30 the next day.
    expect(stampTime(new Date('2026-11-02T23:30:00Z'))).toBe('03/11/2026 06:30:00');
  });
});
