// The officer's digital signature on a component's PDF. Circular 01/2023 (one-stop-rules.md §4):
// the officer who scans signs each electronic copy with a personal digital signature showing name
// and time, top-left of page 1. The signature is a standard detached PKCS#7 (adbe.pkcs7.detached,
// SHA-256) over the file's byte ranges, so Adobe Reader, Foxit and poppler's `pdfsig` verify it.
// The visible stamp is the signature widget's own appearance, drawn in the text-layer font, so its
// name and time can be copied like the page's text.
//
// Keys come from a PKCS#12 file (.p12/.pfx) read with node-forge, or from a USB token through its
// PKCS#11 library (main/signing/pkcs11-token.ts): either is a SigningIdentity, whose key only has
// to sign a SHA-256 digest. The PKCS#7 is assembled by node-forge, the byte ranges by @signpdf.
// The placeholder is written here rather than by @signpdf/placeholder-pdf-lib because that one
// writes the signer's name as a one-byte PDF string: Vietnamese names (and "Ĩ", whose UTF-16 holds
// a bare parenthesis) would be mangled.
import forge from 'node-forge';
import signpdfModule from '@signpdf/signpdf';
import { ANNOTATION_FLAGS, DEFAULT_BYTE_RANGE_PLACEHOLDER, SIG_FLAGS, Signer, SUBFILTER_ADOBE_PKCS7_DETACHED } from '@signpdf/utils';
import fontkit from '@pdf-lib/fontkit';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFInvalidObject,
  PDFName,
  PDFNumber,
  PDFString,
  beginText,
  endText,
  moveText,
  rectangle,
  setFillingRgbColor,
  setFontAndSize,
  setLineWidth,
  setStrokingRgbColor,
  showText,
  stroke,
  popGraphicsState,
  pushGraphicsState,
} from 'pdf-lib';
import { AppError } from '../../shared/contract/errors';
import type { CertificateInfo } from '../../shared/contract/api';
import { formatVietnamDateTime } from '../../shared/domain/vietnam-time';
import { fontBytes } from './font';

/** @signpdf/signpdf's ESM default is the module object (toolchain notes); CJS gives the instance. */
const signpdf = ((signpdfModule as unknown as { default?: typeof signpdfModule }).default ?? signpdfModule) as typeof signpdfModule;

export type { CertificateInfo };

/** A PKCS#12 file above this is not a personal certificate. */
export const MAX_P12_BYTES = 64 * 1024;

/** Bytes kept for the PKCS#7 signature: a 4096-bit key with a chain of four certificates fits. */
const SIGNATURE_BYTES = 16384;

function field(name: forge.pki.CertificateField[] | forge.pki.Certificate['subject'], short: string): string | null {
  const f = (name as forge.pki.Certificate['subject']).getField(short) as { value: string; valueTagClass?: number } | null;
  if (!f) return null;
  // forge leaves UTF8String values as their raw bytes.
  return f.valueTagClass === forge.asn1.Type.UTF8 ? forge.util.decodeUtf8(f.value) : f.value;
}

/**
 * What signs: the signer's certificate, the other certificates to embed (the CA chain), and a key
 * that signs the message digest it is given with RSASSA-PKCS1-v1_5 (forge's private-key shape:
 * `sign(md)` returns the signature as a binary string).
 */
export interface SigningIdentity {
  certificate: forge.pki.Certificate;
  chain: forge.pki.Certificate[];
  key: { sign(md: forge.md.MessageDigest): string };
}

/** Opens a PKCS#12 file: the officer's key and the certificate that matches it. */
export function openP12(p12: Buffer, passphrase: string): SigningIdentity {
  if (p12.length === 0 || p12.length > MAX_P12_BYTES) throw new AppError('CERTIFICATE_INVALID');
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary')));
    parsed = forge.pkcs12.pkcs12FromAsn1(asn1, false, passphrase);
  } catch (err) {
    if (/MAC could not be verified|Invalid password/i.test(String((err as Error)?.message))) throw new AppError('CERTIFICATE_PASSWORD');
    throw new AppError('CERTIFICATE_INVALID');
  }
  const keys = [
    ...(parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(parsed.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  const certs = parsed.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  const key = keys[0]?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key) throw new AppError('CERTIFICATE_INVALID', 'Tệp chứng thư số không chứa khóa bí mật (chỉ có chứng thư công khai).');
  const cert = certs
    .map((b) => b.cert)
    .find((c) => {
      const pub = c?.publicKey as forge.pki.rsa.PublicKey | undefined;
      return pub?.n && pub.n.compareTo(key.n) === 0 && pub.e.compareTo(key.e) === 0;
    });
  if (!cert) throw new AppError('CERTIFICATE_INVALID', 'Tệp chứng thư số không có chứng thư khớp với khóa bí mật.');
  return { certificate: cert, chain: certs.map((b) => b.cert).filter((c): c is forge.pki.Certificate => !!c && c !== cert), key };
}

export function describeCertificate(cert: forge.pki.Certificate): CertificateInfo {
  return {
    subject: field(cert.subject, 'CN') ?? '(không tên)',
    organization: field(cert.subject, 'O'),
    issuer: field(cert.issuer, 'CN') ?? field(cert.issuer, 'O') ?? '(không rõ)',
    serial: cert.serialNumber,
    notBefore: cert.validity.notBefore.toISOString(),
    notAfter: cert.validity.notAfter.toISOString(),
  };
}

/** "31/12/2026": the date part of the stamp's time. */
const viDate = (iso: string) => stampTime(new Date(iso)).slice(0, 10);

/**
 * Reads the certificate of a PKCS#12 file with its passphrase and checks that it can sign at `at`.
 * Errors name what the officer can fix: the passphrase, the file, or the validity period.
 */
export function readCertificate(p12: Buffer, passphrase: string, at: Date): CertificateInfo {
  return checkValidity(describeCertificate(openP12(p12, passphrase).certificate), at);
}

/** The certificate can sign at `at`, or a Vietnamese error saying why not. */
export function checkValidity(info: CertificateInfo, at: Date): CertificateInfo {
  if (at.getTime() > Date.parse(info.notAfter)) {
    throw new AppError('CERTIFICATE_EXPIRED', `Chứng thư số của "${info.subject}" đã hết hạn ngày ${viDate(info.notAfter)}. Hãy gia hạn với nhà cung cấp chữ ký số.`);
  }
  if (at.getTime() < Date.parse(info.notBefore)) {
    throw new AppError('CERTIFICATE_EXPIRED', `Chứng thư số của "${info.subject}" chỉ có hiệu lực từ ngày ${viDate(info.notBefore)}. Hãy kiểm tra đồng hồ máy tính.`);
  }
  return info;
}

export interface SignOptions {
  identity: SigningIdentity;
  /** Shown in the stamp: the officer's name as the unit knows it (the certificate's CN may differ). */
  signerName: string;
  /** Shown under the name, e.g. the unit. */
  organization?: string;
  reason: string;
  location: string;
  at: Date;
}

/**
 * The stamp's box, in points from the top-left corner of page 1: inside the top 12 mm, above the
 * text. Administrative documents keep a top margin of 20–25 mm (Decree 30/2020) and the national
 * heading starts there, so a stamp lower down (it once reached 21 mm) covered the heading.
 */
export const STAMP = { left: 14, top: 4, width: 230, height: 27 };

/** Vietnam wall-clock time as the desk reads it, whatever the host's zone: "23/11/2026 09:41:07". */
export function stampTime(d: Date): string {
  return formatVietnamDateTime(d, { seconds: true });
}

/** `text` as it fits in `width` points at `size`: cut and ended with "…" when longer (one line per field). */
function fit(text: string, width: number, size: number, measure: (s: string, size: number) => number): string {
  if (measure(text, size) <= width) return text;
  let s = text;
  while (s.length > 1 && measure(`${s}…`, size) > width) s = s.slice(0, -1);
  return `${s.trimEnd()}…`;
}

/**
 * Adds the signature field (stamp on page 1, top-left) and a zero-filled /Contents placeholder,
 * then signs. The PDF is loaded, changed and saved whole: it was just built by us, so no earlier
 * signature can be invalidated by rewriting it.
 */
export async function signPdf(pdf: Uint8Array, opts: SignOptions): Promise<Buffer> {
  const info = checkValidity(describeCertificate(opts.identity.certificate), opts.at);
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false });
    if (doc.getPageCount() === 0) throw new Error('no pages');
  } catch (err) {
    throw new AppError('FILE_CORRUPT', 'Không đọc được tệp PDF cần ký.', { cause: String(err) });
  }
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(await fontBytes(), { subset: true });
  const page = doc.getPage(0);
  const box = page.getMediaBox();
  const { left, top, width, height } = STAMP;
  const x0 = box.x + left;
  const y1 = box.y + box.height - top;
  const rect = [x0, y1 - height, x0 + width, y1];

  // The stamp: a blue frame with "Ký bởi", name, organisation and time, drawn in the appearance.
  const lines = [
    { text: fit(`Ký bởi: ${opts.signerName}`, width - 12, 7, (s, z) => font.widthOfTextAtSize(s, z)), size: 7 },
    { text: fit(opts.organization ?? info.organization ?? '', width - 12, 5.5, (s, z) => font.widthOfTextAtSize(s, z)), size: 5.5 },
    { text: `Ngày ký: ${stampTime(opts.at)}`, size: 5.5 },
  ].filter((l) => l.text);
  const ops = [
    pushGraphicsState(),
    setStrokingRgbColor(0.05, 0.28, 0.63),
    setLineWidth(1),
    rectangle(0.5, 0.5, width - 1, height - 1),
    stroke(),
    setFillingRgbColor(0.05, 0.28, 0.63),
    beginText(),
  ];
  let y = height - 2.5;
  let first = true;
  for (const l of lines) {
    y -= l.size + 1;
    ops.push(setFontAndSize('F1', l.size), first ? moveText(6, y) : moveText(0, -(l.size + 1)), showText(font.encodeText(l.text)));
    first = false;
  }
  ops.push(endText(), popGraphicsState());
  const appearance = doc.context.formXObject(ops, {
    BBox: [0, 0, width, height],
    Resources: { Font: { F1: font.ref } },
  });

  const byteRange = PDFArray.withContext(doc.context);
  byteRange.push(PDFNumber.of(0));
  for (let i = 0; i < 3; i++) byteRange.push(PDFName.of(DEFAULT_BYTE_RANGE_PLACEHOLDER));
  const sig = doc.context.obj({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: SUBFILTER_ADOBE_PKCS7_DETACHED,
    ByteRange: byteRange,
    Contents: PDFHexString.of('0'.repeat(SIGNATURE_BYTES * 2)),
    // Text strings as UTF-16 (hex): Vietnamese names survive.
    Name: PDFHexString.fromText(opts.signerName),
    Reason: PDFHexString.fromText(opts.reason),
    Location: PDFHexString.fromText(opts.location),
    M: PDFString.fromDate(opts.at),
    Prop_Build: { App: { Name: PDFName.of('MotCuaSo') } },
  });
  // Written out as raw bytes so pdf-lib never moves it into an object stream, where the signer
  // could not find the placeholder.
  const sigBytes = new Uint8Array(sig.sizeInBytes());
  sig.copyBytesInto(sigBytes, 0);
  const sigRef = doc.context.register(PDFInvalidObject.of(sigBytes));

  const widget = doc.context.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    Rect: rect,
    V: sigRef,
    T: PDFHexString.fromText('Chữ ký cán bộ số hóa'),
    // Printed with the page; 128 = Locked (PDF 1.7 table 165): viewers do not let it be moved.
    F: ANNOTATION_FLAGS.PRINT | 128,
    P: page.ref,
    AP: { N: doc.context.register(appearance) },
  });
  const widgetRef = doc.context.register(widget);
  const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray) ?? doc.context.obj([]);
  annots.push(widgetRef);
  page.node.set(PDFName.of('Annots'), annots);
  let form = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  if (!form) {
    form = doc.context.obj({ Fields: [] });
    doc.catalog.set(PDFName.of('AcroForm'), doc.context.register(form));
  }
  const fields = form.lookupMaybe(PDFName.of('Fields'), PDFArray) ?? doc.context.obj([]);
  fields.push(widgetRef);
  form.set(PDFName.of('Fields'), fields);
  form.set(PDFName.of('SigFlags'), PDFNumber.of(SIG_FLAGS.SIGNATURES_EXIST | SIG_FLAGS.APPEND_ONLY));

  const withPlaceholder = Buffer.from(await doc.save({ useObjectStreams: false }));
  try {
    return await signpdf.sign(withPlaceholder, new IdentitySigner(opts.identity), opts.at);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('SIGNING_FAILED', undefined, { cause: String((err as Error)?.message ?? err) });
  }
}

/** Detached PKCS#7 SignedData over the signed byte ranges, SHA-256, signing time attribute. */
class IdentitySigner extends Signer {
  constructor(private readonly identity: SigningIdentity) {
    super();
  }

  override async sign(content: Buffer, signingTime?: Date): Promise<Buffer> {
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(content.toString('binary'));
    p7.addCertificate(this.identity.certificate);
    for (const c of this.identity.chain) p7.addCertificate(c);
    p7.addSigner({
      key: this.identity.key as unknown as forge.pki.rsa.PrivateKey,
      certificate: this.identity.certificate,
      digestAlgorithm: forge.pki.oids.sha256!,
      // The order matters for EU/Adobe validators: content type, signing time, digest.
      authenticatedAttributes: [
        { type: forge.pki.oids.contentType!, value: forge.pki.oids.data },
        { type: forge.pki.oids.signingTime!, value: (signingTime ?? new Date()) as unknown as string },
        { type: forge.pki.oids.messageDigest! },
      ],
    });
    p7.sign({ detached: true });
    const asn1 = p7.toAsn1();
    replaceSignerIssuer(asn1, this.identity.certificate);
    return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
  }
}

/**
 * The issuer in SignerInfo's issuerAndSerialNumber must be byte-for-byte the certificate's own.
 * forge rebuilds it from the parsed name, whose UTF8String values it keeps as raw bytes and then
 * UTF-8-encodes again: an issuer with diacritics ("Trần…") came out as "Tráº§n…", no certificate
 * matched the signer and validators reported an unknown failure. The name is copied from the
 * certificate's DER (its TBSCertificate) instead.
 */
export function replaceSignerIssuer(contentInfo: forge.asn1.Asn1, certificate: forge.pki.Certificate): void {
  const tbs = (
    (certificate as unknown as { tbsCertificate?: forge.asn1.Asn1 }).tbsCertificate ??
    (forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }).getTBSCertificate(certificate)
  ).value as forge.asn1.Asn1[];
  // TBSCertificate: [0] version (optional), serialNumber, signature, issuer, …
  const hasVersion = tbs[0]!.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC;
  const issuer = tbs[hasVersion ? 3 : 2]!;
  // ContentInfo → [0] → SignedData: version, digestAlgorithms, contentInfo, [0] certificates?, [1] crls?, signerInfos
  const signedData = ((contentInfo.value as forge.asn1.Asn1[])[1]!.value as forge.asn1.Asn1[])[0]!;
  const parts = signedData.value as forge.asn1.Asn1[];
  const signerInfos = parts[parts.length - 1]!.value as forge.asn1.Asn1[];
  for (const si of signerInfos) {
    const issuerAndSerial = (si.value as forge.asn1.Asn1[])[1]!;
    (issuerAndSerial.value as forge.asn1.Asn1[])[0] = forge.asn1.fromDer(forge.asn1.toDer(issuer));
  }
}
