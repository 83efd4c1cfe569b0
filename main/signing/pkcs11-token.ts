// USB signing tokens through their PKCS#11 library: the form in which Vietnamese CAs (VGCA for
// government officers, VNPT-CA, Viettel-CA, BKAV-CA, …) issue most personal certificates. The key
// never leaves the token: we hand it the DigestInfo of the signed attributes and it returns the
// RSA PKCS#1 v1.5 signature (CKM_RSA_PKCS).
//
// Every use opens its own session and logs out after, so a token pulled out and plugged back in
// between two PDFs just works, and no session is left logged in while the officer is away.
// pkcs11js is an optional native dependency: without it (or without the vendor's library) the
// officer gets a Vietnamese message and .p12 signing still works.
import forge from 'node-forge';
import { AppError } from '../../shared/contract/errors';
import type { CertificateInfo } from '../../shared/contract/api';
import { describeCertificate, type SigningIdentity } from '../pdf/sign-pdf';
import { packageRequire } from '../ocr/package-require';

type Pkcs11Module = typeof import('pkcs11js');
type Pkcs11 = InstanceType<Pkcs11Module['PKCS11']>;

export interface TokenCertificate extends CertificateInfo {
  /** CKA_ID shared by the certificate and its private key, hex. */
  keyId: string;
}

export interface TokenInfo {
  serial: string;
  label: string;
  manufacturer: string;
  certificates: TokenCertificate[];
}

let binding: Pkcs11Module | null | undefined;
function pkcs11js(): Pkcs11Module {
  if (binding === undefined) {
    try {
      binding = packageRequire()('pkcs11js') as Pkcs11Module;
    } catch {
      binding = null;
    }
  }
  if (!binding) throw new AppError('TOKEN_UNAVAILABLE', 'Bản cài đặt này không có thành phần đọc USB token (pkcs11js). Hãy dùng tệp .p12/.pfx hoặc cài lại ứng dụng.');
  return binding;
}

/** One loaded and initialized library per path for the life of the process (C_Initialize once). */
const loaded = new Map<string, Pkcs11>();
function library(path: string): Pkcs11 {
  const cached = loaded.get(path);
  if (cached) return cached;
  const mod = pkcs11js();
  const p = new mod.PKCS11();
  try {
    p.load(path);
  } catch (err) {
    throw new AppError('TOKEN_UNAVAILABLE', `Không nạp được thư viện USB token "${path}". Hãy kiểm tra đường dẫn và cài phần mềm của nhà cung cấp chữ ký số.`, { cause: String(err) });
  }
  try {
    p.C_Initialize();
  } catch (err) {
    if ((err as { code?: number }).code !== mod.CKR_CRYPTOKI_ALREADY_INITIALIZED) throw tokenError(err);
  }
  loaded.set(path, p);
  return p;
}

function tokenError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const mod = binding;
  const code = (err as { code?: number }).code;
  if (mod && code === mod.CKR_PIN_INCORRECT) return new AppError('CERTIFICATE_PASSWORD', 'Mã PIN của USB token không đúng. Lưu ý: nhập sai nhiều lần token sẽ bị khóa.');
  if (mod && code === mod.CKR_PIN_LOCKED) return new AppError('CERTIFICATE_PASSWORD', 'USB token đã bị khóa do nhập sai mã PIN nhiều lần. Hãy liên hệ nhà cung cấp chữ ký số để mở khóa.');
  if (mod && (code === mod.CKR_TOKEN_NOT_PRESENT || code === mod.CKR_DEVICE_REMOVED || code === mod.CKR_SLOT_ID_INVALID)) {
    return new AppError('TOKEN_UNAVAILABLE', 'Không thấy USB token: hãy cắm token vào máy rồi thử lại.');
  }
  return new AppError('SIGNING_FAILED', 'USB token báo lỗi khi ký số. Hãy rút ra cắm lại token rồi thử lại; các trang đã quét vẫn được giữ nguyên.', { cause: String((err as Error)?.message ?? err) });
}

const trimmed = (s: string) => s.replace(/[\s\0]+$/, '');

function certificatesOf(p: Pkcs11, session: Buffer): TokenCertificate[] {
  const mod = pkcs11js();
  p.C_FindObjectsInit(session, [{ type: mod.CKA_CLASS, value: mod.CKO_CERTIFICATE }]);
  const handles = p.C_FindObjects(session, 64);
  p.C_FindObjectsFinal(session);
  const out: TokenCertificate[] = [];
  for (const h of handles) {
    const [value, id] = p.C_GetAttributeValue(session, h, [{ type: mod.CKA_VALUE }, { type: mod.CKA_ID }]);
    if (!Buffer.isBuffer(value?.value)) continue;
    try {
      const cert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(value.value.toString('binary'))));
      out.push({ ...describeCertificate(cert), keyId: Buffer.isBuffer(id?.value) ? id.value.toString('hex') : '' });
    } catch {
      // A certificate the parser cannot read (another algorithm): not one we can sign with.
    }
  }
  return out;
}

/**
 * Tokens plugged in, with the certificates each shows without a PIN. Slots whose token is not
 * initialized (SoftHSM's spare slot, a blank token) or cannot be read are left out, not fatal.
 */
export function listTokens(libraryPath: string): TokenInfo[] {
  const p = library(libraryPath);
  const mod = pkcs11js();
  const out: TokenInfo[] = [];
  let slots: Buffer[];
  try {
    slots = p.C_GetSlotList(true);
  } catch (err) {
    throw tokenError(err);
  }
  for (const slot of slots) {
    try {
      const info = p.C_GetTokenInfo(slot);
      if ((info.flags & mod.CKF_TOKEN_INITIALIZED) === 0) continue;
      const session = p.C_OpenSession(slot, mod.CKF_SERIAL_SESSION);
      try {
        out.push({ serial: trimmed(info.serialNumber), label: trimmed(info.label), manufacturer: trimmed(info.manufacturerID), certificates: certificatesOf(p, session) });
      } finally {
        p.C_CloseSession(session);
      }
    } catch {
      // An unreadable slot: the others are still listed.
    }
  }
  return out;
}

/** DER prefix of a SHA-256 DigestInfo (RFC 8017 §9.2): CKM_RSA_PKCS signs DigestInfo as given. */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * Logs in to the token with `serial`, finds the key with `keyId` and its certificate, and runs
 * `fn` with an identity whose key signs on the token. Logged out and closed afterwards.
 */
export async function withTokenIdentity<T>(t: { library: string; serial: string; keyId: string; pin: string }, fn: (identity: SigningIdentity) => Promise<T> | T): Promise<T> {
  const mod = pkcs11js();
  const p = library(t.library);
  let session: Buffer;
  try {
    const slot = p.C_GetSlotList(true).find((s) => {
      const info = p.C_GetTokenInfo(s);
      return (info.flags & mod.CKF_TOKEN_INITIALIZED) !== 0 && trimmed(info.serialNumber) === t.serial;
    });
    if (slot === undefined) throw new AppError('TOKEN_UNAVAILABLE', 'Không thấy USB token đã chọn: hãy cắm đúng token vào máy rồi thử lại.');
    session = p.C_OpenSession(slot, mod.CKF_SERIAL_SESSION);
  } catch (err) {
    throw tokenError(err);
  }
  try {
    try {
      p.C_Login(session, mod.CKU_USER, t.pin);
    } catch (err) {
      if ((err as { code?: number }).code !== mod.CKR_USER_ALREADY_LOGGED_IN) throw tokenError(err);
    }
    const id = Buffer.from(t.keyId, 'hex');
    p.C_FindObjectsInit(session, [{ type: mod.CKA_CLASS, value: mod.CKO_PRIVATE_KEY }, { type: mod.CKA_ID, value: id }]);
    const key = p.C_FindObjects(session);
    p.C_FindObjectsFinal(session);
    p.C_FindObjectsInit(session, [{ type: mod.CKA_CLASS, value: mod.CKO_CERTIFICATE }, { type: mod.CKA_ID, value: id }]);
    const certHandle = p.C_FindObjects(session);
    p.C_FindObjectsFinal(session);
    if (!key || !certHandle) throw new AppError('CERTIFICATE_INVALID', 'USB token không còn chứng thư đã chọn hoặc khóa bí mật của nó. Hãy chọn lại chứng thư trong Cài đặt → Chữ ký số của tôi.');
    const der = p.C_GetAttributeValue(session, certHandle, [{ type: mod.CKA_VALUE }])[0]!.value as Buffer;
    const certificate = forge.pki.certificateFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary'))));
    const identity: SigningIdentity = {
      certificate,
      chain: [],
      key: {
        sign(md) {
          const digestInfo = Buffer.concat([SHA256_DIGEST_INFO, Buffer.from(md.digest().getBytes(), 'binary')]);
          try {
            p.C_SignInit(session, { mechanism: mod.CKM_RSA_PKCS }, key);
            return p.C_Sign(session, digestInfo, Buffer.alloc(1024)).toString('binary');
          } catch (err) {
            throw tokenError(err);
          }
        },
      },
    };
    return await fn(identity);
  } catch (err) {
    throw tokenError(err);
  } finally {
    try {
      p.C_Logout(session);
    } catch {
      // Not logged in (the PIN was wrong) or the token was pulled out: nothing to undo.
    }
    try {
      p.C_CloseSession(session);
    } catch {
      // Same.
    }
  }
}
