// The officer's personal signing certificate (Circular 01/2023: the officer who scans signs each
// electronic copy). Signing is "where configured": an officer who has stored a certificate gets
// every component PDF signed; one who has not gets unsigned PDFs, as before.
//
// The PKCS#12 file is stored as issued (its key encrypted under the officer's passphrase). The
// passphrase is never written anywhere: the officer types it once per session, it is kept in this
// process's memory for that session only, and signing out forgets it.
import { AppError } from '../../shared/contract/errors';
import type { SigningStatus } from '../../shared/contract/api';
import { readCertificate, signPdf, MAX_P12_BYTES, type CertificateInfo } from '../pdf/sign-pdf';
import { audit, nowIso, requireSession, type ServiceContext, type SessionState } from './context';

/** Passphrases of the sessions that unlocked their certificate; a new session starts locked. */
const unlocked = new WeakMap<SessionState, string>();

function certificateOf(ctx: ServiceContext, officerId: string): CertificateInfo | null {
  const c = ctx.store.certificates.get(officerId);
  if (!c) return null;
  const { subject, organization, issuer, serial, notBefore, notAfter } = c;
  return { subject, organization, issuer, serial, notBefore, notAfter };
}

export function signingStatus(ctx: ServiceContext): SigningStatus {
  const s = requireSession(ctx);
  const certificate = certificateOf(ctx, s.officer.id);
  const expired = certificate !== null && ctx.now().getTime() > Date.parse(certificate.notAfter);
  return { configured: certificate !== null, unlocked: certificate !== null && unlocked.has(s), expired, certificate };
}

/** Stores the officer's certificate after proving the passphrase opens it, and unlocks it. */
export function setCertificate(ctx: ServiceContext, p12: Buffer, passphrase: string): SigningStatus {
  const s = requireSession(ctx);
  if (p12.length > MAX_P12_BYTES) throw new AppError('CERTIFICATE_INVALID', 'Tệp chứng thư số quá lớn: tệp .p12/.pfx của một cá nhân chỉ vài KB.');
  const info = readCertificate(p12, passphrase, ctx.now());
  ctx.store.tx(() => {
    ctx.store.certificates.set({ officerId: s.officer.id, p12, ...info, updatedAt: nowIso(ctx) });
    audit(ctx, 'set-certificate', 'officer', s.officer.id, { subject: info.subject, issuer: info.issuer, serial: info.serial, notAfter: info.notAfter });
  });
  unlocked.set(s, passphrase);
  return signingStatus(ctx);
}

export function unlockCertificate(ctx: ServiceContext, passphrase: string): SigningStatus {
  const s = requireSession(ctx);
  const c = ctx.store.certificates.get(s.officer.id);
  if (!c) throw new AppError('NOT_FOUND', 'Bạn chưa cài chứng thư số. Hãy chọn tệp .p12/.pfx trước.');
  readCertificate(c.p12, passphrase, ctx.now());
  unlocked.set(s, passphrase);
  return signingStatus(ctx);
}

export function lockCertificate(ctx: ServiceContext): SigningStatus {
  unlocked.delete(requireSession(ctx));
  return signingStatus(ctx);
}

export function removeCertificate(ctx: ServiceContext): SigningStatus {
  const s = requireSession(ctx);
  ctx.store.tx(() => {
    if (ctx.store.certificates.remove(s.officer.id)) audit(ctx, 'remove-certificate', 'officer', s.officer.id);
  });
  unlocked.delete(s);
  return signingStatus(ctx);
}

/**
 * Checked before a PDF is built, so a locked certificate stops the build before any work (the
 * pages stay as they are and the officer unlocks, then builds again).
 */
export function assertCanSign(ctx: ServiceContext): void {
  const s = requireSession(ctx);
  const c = ctx.store.certificates.get(s.officer.id);
  if (!c) return;
  const passphrase = unlocked.get(s);
  if (passphrase === undefined) throw new AppError('SIGNING_LOCKED');
  readCertificate(c.p12, passphrase, ctx.now());
}

/**
 * Signs a component PDF with the signed-in officer's certificate when one is configured.
 * Returns the bytes to store and who signed them (null = not configured, bytes unchanged).
 */
export async function signIfConfigured(ctx: ServiceContext, pdf: Uint8Array, what: { dossierCode: string; component: string }): Promise<{ bytes: Uint8Array; signedBy: string | null }> {
  const s = requireSession(ctx);
  const c = ctx.store.certificates.get(s.officer.id);
  if (!c) return { bytes: pdf, signedBy: null };
  const passphrase = unlocked.get(s);
  if (passphrase === undefined) throw new AppError('SIGNING_LOCKED');
  const bytes = await signPdf(pdf, {
    p12: c.p12,
    passphrase,
    signerName: s.officer.fullName,
    organization: s.unit.name,
    reason: `Số hóa hồ sơ ${what.dossierCode}: ${what.component}`,
    location: s.unit.name,
    at: ctx.now(),
  });
  return { bytes, signedBy: c.subject };
}
