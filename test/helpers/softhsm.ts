// A software USB token (SoftHSM2, Debian's softhsm2) holding a test certificate and its key, as a
// CA's token would: the certificate readable without a PIN, the key only after login.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { TestCertificate } from './certificates';

const LIBRARIES = ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so', '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so'];

export function softHsmLibrary(): string | null {
  return LIBRARIES.find((l) => fs.existsSync(l)) ?? null;
}

export function pkcs11jsAvailable(): boolean {
  try {
    createRequire(__filename)('pkcs11js');
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes a token labelled `label` with `cert`'s key (id 01) and certificate in `dir`, and points
 * this process's SoftHSM at it (SOFTHSM2_CONF is read when the library initializes: call this
 * before anything loads it). Returns the library path and the token's serial.
 */
export function makeSoftToken(dir: string, cert: TestCertificate, opts: { label?: string; pin?: string } = {}): { library: string; serial: string; pin: string } {
  const library = softHsmLibrary();
  if (!library) throw new Error('SoftHSM2 is missing: apt-get install softhsm2 (scripts/install-system-deps.sh installs it)');
  const label = opts.label ?? 'motcua-test';
  const pin = opts.pin ?? '123456';
  fs.mkdirSync(path.join(dir, 'tokens'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'softhsm2.conf'), `directories.tokendir = ${path.join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  process.env.SOFTHSM2_CONF = path.join(dir, 'softhsm2.conf');
  const env = { ...process.env };
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', '5678'], { env, stdio: 'pipe' });
  fs.writeFileSync(path.join(dir, 'key.pem'), cert.keyPem);
  execFileSync('softhsm2-util', ['--import', path.join(dir, 'key.pem'), '--token', label, '--label', 'officer', '--id', '01', '--pin', pin], { env, stdio: 'pipe' });
  fs.rmSync(path.join(dir, 'key.pem'));

  // softhsm2-util imports keys only: the certificate goes in through PKCS#11 itself.
  const pkcs11js = createRequire(__filename)('pkcs11js') as typeof import('pkcs11js');
  const p = new pkcs11js.PKCS11();
  p.load(library);
  try {
    p.C_Initialize();
  } catch (err) {
    if ((err as { code?: number }).code !== pkcs11js.CKR_CRYPTOKI_ALREADY_INITIALIZED) throw err;
  }
  const slot = p.C_GetSlotList(true).find((s) => p.C_GetTokenInfo(s).label.trim() === label)!;
  const serial = p.C_GetTokenInfo(slot).serialNumber.trim();
  const session = p.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  p.C_Login(session, pkcs11js.CKU_USER, pin);
  p.C_CreateObject(session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
    { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_PRIVATE, value: false },
    { type: pkcs11js.CKA_ID, value: Buffer.from([1]) },
    { type: pkcs11js.CKA_LABEL, value: 'officer' },
    { type: pkcs11js.CKA_SUBJECT, value: cert.subjectDer },
    { type: pkcs11js.CKA_VALUE, value: cert.certDer },
  ]);
  p.C_Logout(session);
  p.C_CloseSession(session);
  return { library, serial, pin };
}
