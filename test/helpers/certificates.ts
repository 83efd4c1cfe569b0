// Personal certificates for signing tests, made on the spot: a PKCS#12 file as a Vietnamese CA
// hands out (key + certificate, passphrase-protected), with any name and validity period.
import forge from 'node-forge';

export interface TestCertificate {
  p12: Buffer;
  passphrase: string;
  certPem: string;
  /** The certificate (DER) and its subject name (DER), as a token stores them. */
  certDer: Buffer;
  subjectDer: Buffer;
  /** The private key as PKCS#8 PEM (what softhsm2-util --import reads). */
  keyPem: string;
}

const keyCache: forge.pki.rsa.KeyPair[] = [];
const DAY = 86_400_000;

interface BaseOptions {
  cn: string;
  org?: string;
  passphrase?: string;
  algorithm?: '3des' | 'aes256';
  withKey?: boolean;
  /**
   * A CA that signs the certificate (its own key; its certificate goes into the file as the
   * chain), e.g. with a Vietnamese name. Without it the issuer is "Test CA", signed by the key itself.
   */
  issuer?: { cn: string; org?: string };
}
/**
 * The validity period is never taken from the machine's clock: either relative to `now` (the same
 * clock the test gives the code under test: valid from `now` − 1 day to `now` + 5 years), or both
 * ends given explicitly.
 */
export type TestCertificateOptions = BaseOptions & ({ now: Date; notBefore?: Date; notAfter?: Date } | { now?: undefined; notBefore: Date; notAfter: Date });

export function makeTestP12(opts: TestCertificateOptions): TestCertificate {
  // Node's own RSA generator through forge; one key serves every test certificate. forge encodes
  // UTF8String values itself.
  const keys = (keyCache[0] ??= forge.pki.rsa.generateKeyPair({ bits: 2048 }));
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01' + forge.util.bytesToHex(forge.random.getBytesSync(8));
  const now = opts.now?.getTime();
  const notBefore = opts.notBefore ?? (now !== undefined ? new Date(now - DAY) : undefined);
  const notAfter = opts.notAfter ?? (now !== undefined ? new Date(now + 5 * 365 * DAY) : undefined);
  if (!notBefore || !notAfter) throw new Error('makeTestP12: give `now` (the test\'s clock) or both notBefore and notAfter');
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  const subject = [
    { shortName: 'CN', value: opts.cn, valueTagClass: forge.asn1.Type.UTF8 },
    ...(opts.org ? [{ shortName: 'O', value: opts.org, valueTagClass: forge.asn1.Type.UTF8 }] : []),
    { shortName: 'C', value: 'VN' },
  ];
  cert.setSubject(subject as forge.pki.CertificateField[]);
  const chain: forge.pki.Certificate[] = [];
  if (opts.issuer) {
    const caKeys = (keyCache[1] ??= forge.pki.rsa.generateKeyPair({ bits: 2048 }));
    const ca = forge.pki.createCertificate();
    ca.publicKey = caKeys.publicKey;
    ca.serialNumber = '02' + forge.util.bytesToHex(forge.random.getBytesSync(8));
    ca.validity.notBefore = new Date(notBefore.getTime() - 365 * DAY);
    ca.validity.notAfter = new Date(notAfter.getTime() + 365 * DAY);
    const caName = [
      { shortName: 'CN', value: opts.issuer.cn, valueTagClass: forge.asn1.Type.UTF8 },
      ...(opts.issuer.org ? [{ shortName: 'O', value: opts.issuer.org, valueTagClass: forge.asn1.Type.UTF8 }] : []),
      { shortName: 'C', value: 'VN' },
    ] as forge.pki.CertificateField[];
    ca.setSubject(caName);
    ca.setIssuer(caName);
    ca.setExtensions([{ name: 'basicConstraints', cA: true }, { name: 'keyUsage', keyCertSign: true, digitalSignature: true }]);
    ca.sign(caKeys.privateKey, forge.md.sha256.create());
    cert.setIssuer(caName);
    cert.sign(caKeys.privateKey, forge.md.sha256.create());
    chain.push(ca);
  } else {
    cert.setIssuer([{ shortName: 'CN', value: 'Test CA' }, { shortName: 'C', value: 'VN' }]);
    cert.sign(keys.privateKey, forge.md.sha256.create());
  }
  const passphrase = opts.passphrase ?? '1234';
  const asn1 = forge.pkcs12.toPkcs12Asn1(opts.withKey === false ? null : keys.privateKey, [cert, ...chain], passphrase, { algorithm: opts.algorithm ?? 'aes256' });
  return {
    p12: Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'),
    passphrase,
    certPem: forge.pki.certificateToPem(cert),
    certDer: Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary'),
    subjectDer: Buffer.from(forge.asn1.toDer(forge.pki.distinguishedNameToAsn1(cert.subject)).getBytes(), 'binary'),
    keyPem: forge.pki.privateKeyInfoToPem(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keys.privateKey))),
  };
}
