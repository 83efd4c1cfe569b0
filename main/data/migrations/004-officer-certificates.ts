import type { Migration } from './index';

// Officers' signing certificates and which certificate signed each component's file.
// The PKCS#12 file is kept as the CA issued it: its key stays encrypted under the officer's
// passphrase, which is never stored (the officer unlocks it once per session).
// `components.signed_by` is the certificate's holder for the current file; NULL = not signed.
export const migration004: Migration = {
  version: 4,
  name: 'officer-certificates',
  up(db) {
    db.exec(`
      CREATE TABLE officer_certificates (
        officer_id TEXT PRIMARY KEY REFERENCES officers(id) ON DELETE CASCADE,
        p12 BLOB NOT NULL CHECK (length(p12) > 0),
        subject TEXT NOT NULL,
        organization TEXT,
        issuer TEXT NOT NULL,
        serial TEXT NOT NULL,
        not_before TEXT NOT NULL,
        not_after TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      ALTER TABLE components ADD COLUMN signed_by TEXT;
    `);
  },
};
