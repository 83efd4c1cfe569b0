import { foldVietnamese } from '../../../shared/text/fold';
import type { Migration } from './index';

// Applicant profiles (issue 20, "read once, never type again"): what the desk holds of a citizen,
// keyed by the 12-digit ID number, with where each value came from. `applicant_profile_values`
// holds one row per filled field: its source ('card' read from the CCCD's QR, 'officer' typed or
// corrected, 'dossier' taken from a dossier received before profiles existed, 'ocr' read from the
// card's face and `to_check` until an officer confirms it), when and by whom. `ref` is an opaque
// handle for lists, which never carry the ID number itself. Deleting a profile (admin, on the
// citizen's request) deletes its values; the dossiers stay.
//
// Filled here from the dossiers already received: the latest dossier per ID number, source
// 'dossier', dated at that dossier's receipt, by the officer who received it.
export const migration018: Migration = {
  version: 18,
  name: 'applicant-profiles',
  up(db) {
    db.exec(`
      CREATE TABLE applicant_profiles (
        id_number TEXT PRIMARY KEY CHECK (length(id_number) = 12),
        ref TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        name_folded TEXT NOT NULL DEFAULT '',
        dob TEXT NOT NULL DEFAULT '',
        sex TEXT NOT NULL DEFAULT '' CHECK (sex IN ('', 'male', 'female')),
        address TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX applicant_profiles_updated ON applicant_profiles (updated_at DESC);

      CREATE TABLE applicant_profile_values (
        id_number TEXT NOT NULL REFERENCES applicant_profiles(id_number) ON DELETE CASCADE,
        field TEXT NOT NULL CHECK (field IN ('name', 'dob', 'sex', 'address', 'phone', 'email')),
        source TEXT NOT NULL CHECK (source IN ('card', 'officer', 'dossier', 'ocr')),
        at TEXT NOT NULL,
        officer_id TEXT REFERENCES officers(id),
        to_check INTEGER NOT NULL DEFAULT 0 CHECK (to_check IN (0, 1)),
        PRIMARY KEY (id_number, field)
      ) WITHOUT ROWID;

      CREATE TEMP TABLE latest_applicant AS
        SELECT applicant_id_number AS id_number, applicant_name AS name, applicant_address AS address,
               applicant_phone AS phone, applicant_email AS email, received_at, officer_id
          FROM (SELECT d.*, ROW_NUMBER() OVER (PARTITION BY applicant_id_number ORDER BY received_at DESC, code DESC) AS rn
                  FROM dossiers d WHERE length(applicant_id_number) = 12 AND applicant_id_number NOT GLOB '*[^0-9]*')
         WHERE rn = 1;
      INSERT INTO applicant_profiles (id_number, ref, name, address, phone, email, updated_at)
        SELECT id_number, lower(hex(randomblob(16))), name, address, phone, email, received_at FROM latest_applicant;
    `);
    for (const field of ['name', 'address', 'phone', 'email']) {
      db.exec(`INSERT INTO applicant_profile_values (id_number, field, source, at, officer_id)
        SELECT id_number, '${field}', 'dossier', received_at, officer_id FROM latest_applicant WHERE ${field} <> ''`);
    }
    db.exec('DROP TABLE temp.latest_applicant');
    const fold = db.prepare('UPDATE applicant_profiles SET name_folded = ? WHERE id_number = ?');
    for (const r of db.prepare('SELECT id_number, name FROM applicant_profiles').all() as { id_number: string; name: string }[]) {
      fold.run(foldVietnamese(r.name), r.id_number);
    }
  },
};
