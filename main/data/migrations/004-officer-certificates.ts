import type { Migration } from './index';

// Officers' signing certificates and which certificate signed each component's file.
// kind 'p12': the PKCS#12 file as the CA issued it, its key encrypted under the officer's
// passphrase. kind 'pkcs11': where the key lives on a USB token (library, token serial, key id);
// the key never leaves the token. Passphrases and PINs are never stored (typed once per session).
// `components.signed_by` is the certificate's holder for the current file; NULL = not signed.
export const migration004: Migration = {
  version: 4,
  name: 'officer-certificates',
  up(db) {
    db.exec(`
      CREATE TABLE officer_certificates (
        officer_id TEXT PRIMARY KEY REFERENCES officers(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('p12', 'pkcs11')),
        p12 BLOB,
        pkcs11_library TEXT,
        token_serial TEXT,
        key_id TEXT,
        subject TEXT NOT NULL,
        organization TEXT,
        issuer TEXT NOT NULL,
        serial TEXT NOT NULL,
        not_before TEXT NOT NULL,
        not_after TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        -- coalesce: a NULL would make the check unknown, which SQLite lets pass.
        CHECK ((kind = 'p12' AND coalesce(length(p12), 0) > 0)
            OR (kind = 'pkcs11' AND coalesce(pkcs11_library, '') <> '' AND token_serial IS NOT NULL AND coalesce(key_id, '') <> ''))
      );
      ALTER TABLE components ADD COLUMN signed_by TEXT;
    `);
  },
};
