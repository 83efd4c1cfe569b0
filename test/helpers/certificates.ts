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

export function makeTestP12(opts: { cn: string; org?: string; notBefore?: Date; notAfter?: Date; passphrase?: string; algorithm?: '3des' | 'aes256'; withKey?: boolean } = { cn: 'Test' }): TestCertificate {
  // Node's own RSA generator through forge; one key serves every test certificate. forge encodes
  // UTF8String values itself.
  const keys = (keyCache[0] ??= forge.pki.rsa.generateKeyPair({ bits: 2048 }));
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01' + forge.util.bytesToHex(forge.random.getBytesSync(8));
  cert.validity.notBefore = opts.notBefore ?? new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = opts.notAfter ?? new Date(Date.now() + 5 * 365 * 86_400_000);
  const subject = [
    { shortName: 'CN', value: opts.cn, valueTagClass: forge.asn1.Type.UTF8 },
    ...(opts.org ? [{ shortName: 'O', value: opts.org, valueTagClass: forge.asn1.Type.UTF8 }] : []),
    { shortName: 'C', value: 'VN' },
  ];
  cert.setSubject(subject as forge.pki.CertificateField[]);
  cert.setIssuer([{ shortName: 'CN', value: 'Test CA' }, { shortName: 'C', value: 'VN' }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const passphrase = opts.passphrase ?? '1234';
  const asn1 = forge.pkcs12.toPkcs12Asn1(opts.withKey === false ? null : keys.privateKey, [cert], passphrase, { algorithm: opts.algorithm ?? 'aes256' });
  return {
    p12: Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'),
    passphrase,
    certPem: forge.pki.certificateToPem(cert),
    certDer: Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary'),
    subjectDer: Buffer.from(forge.asn1.toDer(forge.pki.distinguishedNameToAsn1(cert.subject)).getBytes(), 'binary'),
    keyPem: forge.pki.privateKeyInfoToPem(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keys.privateKey))),
  };
}
