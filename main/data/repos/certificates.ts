import type { Db } from '../database';
import type { CertificateInfo } from '../../../shared/contract/api';

/** Where an officer's signing key is: a PKCS#12 file kept here, or a key on a USB token. */
export type StoredKey = { kind: 'p12'; p12: Buffer } | { kind: 'pkcs11'; library: string; tokenSerial: string; keyId: string };

/** An officer's signing certificate as stored: where its key is and what the certificate says. */
export interface StoredCertificate extends CertificateInfo {
  officerId: string;
  key: StoredKey;
  updatedAt: string;
}

interface Row {
  officer_id: string;
  kind: 'p12' | 'pkcs11';
  p12: Buffer | null;
  pkcs11_library: string | null;
  token_serial: string | null;
  key_id: string | null;
  subject: string;
  organization: string | null;
  issuer: string;
  serial: string;
  not_before: string;
  not_after: string;
  updated_at: string;
}

export class CertificatesRepo {
  constructor(private readonly db: Db) {}

  get(officerId: string): StoredCertificate | null {
    const r = this.db.prepare('SELECT * FROM officer_certificates WHERE officer_id = ?').get(officerId) as Row | undefined;
    if (!r) return null;
    return {
      officerId: r.officer_id,
      key: r.kind === 'p12' ? { kind: 'p12', p12: r.p12! } : { kind: 'pkcs11', library: r.pkcs11_library!, tokenSerial: r.token_serial!, keyId: r.key_id! },
      subject: r.subject,
      organization: r.organization,
      issuer: r.issuer,
      serial: r.serial,
      notBefore: r.not_before,
      notAfter: r.not_after,
      updatedAt: r.updated_at,
    };
  }

  set(c: StoredCertificate): void {
    const k = c.key;
    this.db
      .prepare(
        `INSERT OR REPLACE INTO officer_certificates
           (officer_id, kind, p12, pkcs11_library, token_serial, key_id, subject, organization, issuer, serial, not_before, not_after, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        c.officerId,
        k.kind,
        k.kind === 'p12' ? k.p12 : null,
        k.kind === 'pkcs11' ? k.library : null,
        k.kind === 'pkcs11' ? k.tokenSerial : null,
        k.kind === 'pkcs11' ? k.keyId : null,
        c.subject,
        c.organization,
        c.issuer,
        c.serial,
        c.notBefore,
        c.notAfter,
        c.updatedAt,
      );
  }

  remove(officerId: string): boolean {
    return this.db.prepare('DELETE FROM officer_certificates WHERE officer_id = ?').run(officerId).changes > 0;
  }
}
