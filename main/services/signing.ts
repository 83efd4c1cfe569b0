// The officer's personal signing certificate (Circular 01/2023: the officer who scans signs each
// electronic copy). Signing is "where configured": an officer who has set up a certificate gets
// every component PDF signed; one who has not gets unsigned PDFs, as before.
//
// Two kinds of key: a PKCS#12 file (stored as issued, its key encrypted under the officer's
// passphrase), or a USB token reached through a PKCS#11 library that IT has listed in the settings
// (loading a library runs its code, so officers choose only among those). The passphrase or PIN is
// never written anywhere: the officer types it once per session, it is kept in this process's
// memory for that session only, and signing out forgets it.
import path from 'node:path';
import forge from 'node-forge';
import { AppError } from '../../shared/contract/errors';
import type { SigningStatus } from '../../shared/contract/api';
import type { StoredCertificate } from '../data/repos/certificates';
import { checkValidity, describeCertificate, openP12, readCertificate, signPdf, MAX_P12_BYTES, type CertificateInfo, type SigningIdentity } from '../pdf/sign-pdf';
import { listTokens, withTokenIdentity, type TokenInfo } from '../signing/pkcs11-token';
import { audit, nowIso, requireSession, type ServiceContext, type SessionState } from './context';
import { getSettings } from './settings';

/** Passphrases / PINs of the sessions that unlocked their certificate; a new session starts locked. */
const unlocked = new WeakMap<SessionState, string>();

/** Locks the session's key (idle lock, sign-out): the passphrase or PIN is forgotten. */
export function forgetSigningSecret(s: SessionState): void {
  unlocked.delete(s);
}

/** What the certificate says, without where its key is (the p12 never leaves the core). */
function info(c: StoredCertificate): CertificateInfo {
  const { subject, organization, issuer, serial, notBefore, notAfter } = c;
  return { subject, organization, issuer, serial, notBefore, notAfter };
}

export function signingStatus(ctx: ServiceContext): SigningStatus {
  const s = requireSession(ctx);
  const c = ctx.store.certificates.get(s.officer.id);
  const expired = c !== null && ctx.now().getTime() > Date.parse(c.notAfter);
  return {
    configured: c !== null,
    unlocked: c !== null && unlocked.has(s),
    expired,
    kind: c?.key.kind ?? null,
    token: c?.key.kind === 'pkcs11' ? { library: c.key.library, serial: c.key.tokenSerial } : null,
    certificate: c ? info(c) : null,
  };
}

function store(ctx: ServiceContext, s: SessionState, c: StoredCertificate, secret: string): SigningStatus {
  ctx.store.tx(() => {
    ctx.store.certificates.set(c);
    audit(ctx, 'set-certificate', 'officer', s.officer.id, {
      kind: c.key.kind,
      subject: c.subject,
      issuer: c.issuer,
      serial: c.serial,
      notAfter: c.notAfter,
      ...(c.key.kind === 'pkcs11' ? { library: c.key.library, token: c.key.tokenSerial } : {}),
    });
  });
  unlocked.set(s, secret);
  return signingStatus(ctx);
}

/** Stores the officer's .p12/.pfx after proving the passphrase opens it, and unlocks it. */
export function setCertificate(ctx: ServiceContext, p12: Buffer, passphrase: string): SigningStatus {
  const s = requireSession(ctx);
  if (p12.length > MAX_P12_BYTES) throw new AppError('CERTIFICATE_INVALID', 'Tệp chứng thư số quá lớn: tệp .p12/.pfx của một cá nhân chỉ vài KB.');
  const cert = readCertificate(p12, passphrase, ctx.now());
  return store(ctx, s, { officerId: s.officer.id, key: { kind: 'p12', p12 }, ...cert, updatedAt: nowIso(ctx) }, passphrase);
}

/** Only libraries IT listed in the settings are ever loaded. */
function allowedLibrary(ctx: ServiceContext, library: string): string {
  const allowed = getSettings(ctx).tokenLibraries;
  if (!allowed.includes(library) || !path.isAbsolute(library)) {
    throw new AppError('TOKEN_UNAVAILABLE', `Thư viện USB token này chưa được bộ phận CNTT cho phép: CNTT khai báo nó trong tệp chính sách máy (${ctx.policyView.path}, mục tokenLibraries).`);
  }
  return library;
}

export function tokens(ctx: ServiceContext, library: string): TokenInfo[] {
  requireSession(ctx);
  return listTokens(allowedLibrary(ctx, library));
}

/** Chooses a certificate on a USB token: the PIN is proven by signing a test digest on the token. */
export async function useToken(ctx: ServiceContext, t: { library: string; serial: string; keyId: string; pin: string }): Promise<SigningStatus> {
  const s = requireSession(ctx);
  const library = allowedLibrary(ctx, t.library);
  const cert = await withTokenIdentity({ ...t, library }, (identity) => {
    proveKey(identity);
    return checkValidity(describeCertificate(identity.certificate), ctx.now());
  });
  return store(ctx, s, { officerId: s.officer.id, key: { kind: 'pkcs11', library, tokenSerial: t.serial, keyId: t.keyId }, ...cert, updatedAt: nowIso(ctx) }, t.pin);
}

/** A signature over a test digest that the certificate's public key verifies: the key is the certificate's. */
function proveKey(identity: SigningIdentity): void {
  const md = forge.md.sha256.create();
  md.update('motcua-key-check');
  const sig = identity.key.sign(md);
  // forge's digest() leaves the hash open, so the same one is checked.
  const pub = identity.certificate.publicKey as forge.pki.rsa.PublicKey;
  if (!pub.verify(md.digest().getBytes(), sig)) throw new AppError('CERTIFICATE_INVALID', 'Khóa bí mật trên USB token không khớp với chứng thư đã chọn.');
}

export async function unlockCertificate(ctx: ServiceContext, secret: string): Promise<SigningStatus> {
  const s = requireSession(ctx);
  const c = ctx.store.certificates.get(s.officer.id);
  if (!c) throw new AppError('NOT_FOUND', 'Bạn chưa cài chứng thư số. Hãy chọn tệp .p12/.pfx hoặc USB token trước.');
  if (c.key.kind === 'p12') readCertificate(c.key.p12, secret, ctx.now());
  else await withTokenIdentity({ library: c.key.library, serial: c.key.tokenSerial, keyId: c.key.keyId, pin: secret }, () => checkValidity(info(c), ctx.now()));
  unlocked.set(s, secret);
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
 * Checked before a PDF is built, so a locked or expired certificate stops the build before any
 * work (the pages stay as they are; the officer unlocks, then builds again).
 */
/** A signature the officer's certificate will put on a PDF, fixed when the work starts. */
export type Signer = (pdf: Uint8Array, what: { dossierCode: string; component: string }) => Promise<{ bytes: Uint8Array; signedBy: string | null }>;

/**
 * Captures, when a build starts, who signs and with what: the calling officer's certificate and the
 * secret their session unlocked it with. A build that runs on after the officer signs out or the
 * desk changes hands still signs as the officer who started it (and names them in its metadata and
 * audit), never as whoever is signed in later. A locked or expired certificate is refused here,
 * before any work, with what to do. No certificate: PDFs stay unsigned.
 */
export function captureSigner(ctx: ServiceContext): Signer {
  const s = requireSession(ctx);
  const c = ctx.store.certificates.get(s.officer.id);
  if (!c) return async (pdf) => ({ bytes: pdf, signedBy: null });
  const secret = unlocked.get(s);
  if (secret === undefined) throw new AppError('SIGNING_LOCKED');
  checkValidity(info(c), ctx.now());
  const { officer, unit } = s;
  return async (pdf, what) => {
    const sign = (identity: SigningIdentity) =>
      signPdf(pdf, {
        identity,
        signerName: officer.fullName,
        organization: unit.name,
        reason: `Số hóa hồ sơ ${what.dossierCode}: ${what.component}`,
        location: unit.name,
        at: ctx.now(),
      });
    const bytes =
      c.key.kind === 'p12'
        ? await sign(openP12(c.key.p12, secret))
        : await withTokenIdentity({ library: c.key.library, serial: c.key.tokenSerial, keyId: c.key.keyId, pin: secret }, sign);
    return { bytes, signedBy: c.subject };
  };
}
