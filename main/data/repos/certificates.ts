import type { Db } from '../database';

/** An officer's signing certificate as stored: the PKCS#12 file and what its certificate says. */
export interface StoredCertificate {
  officerId: string;
  p12: Buffer;
  subject: string;
  organization: string | null;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  updatedAt: string;
}

interface Row {
  officer_id: string;
  p12: Buffer;
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
      p12: r.p12,
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
    this.db
      .prepare(
        `INSERT INTO officer_certificates (officer_id, p12, subject, organization, issuer, serial, not_before, not_after, updated_at)
         VALUES (@officerId, @p12, @subject, @organization, @issuer, @serial, @notBefore, @notAfter, @updatedAt)
         ON CONFLICT(officer_id) DO UPDATE SET p12 = excluded.p12, subject = excluded.subject, organization = excluded.organization,
           issuer = excluded.issuer, serial = excluded.serial, not_before = excluded.not_before, not_after = excluded.not_after,
           updated_at = excluded.updated_at`,
      )
      .run(c);
  }

  remove(officerId: string): boolean {
    return this.db.prepare('DELETE FROM officer_certificates WHERE officer_id = ?').run(officerId).changes > 0;
  }
}
