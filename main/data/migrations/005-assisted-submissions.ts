import type { Migration } from './index';

// Each walk-in citizen an officer guided through submitting online (the desk's "sit down and submit
// on the portal" practice): which procedure, who was helped, the code the portal gave the dossier
// if the citizen finished, by whom and when. Counted per officer and day like received dossiers.
export const migration005: Migration = {
  version: 5,
  name: 'assisted-submissions',
  up(db) {
    db.exec(`
      CREATE TABLE assisted_submissions (
        id TEXT PRIMARY KEY,
        procedure_id TEXT NOT NULL REFERENCES procedures(id),
        procedure_code TEXT NOT NULL,
        procedure_name TEXT NOT NULL,
        applicant_name TEXT NOT NULL CHECK (length(trim(applicant_name)) > 0),
        applicant_phone TEXT NOT NULL DEFAULT '',
        portal_code TEXT NOT NULL DEFAULT '',
        outcome TEXT NOT NULL CHECK (outcome IN ('submitted', 'unfinished')),
        note TEXT NOT NULL DEFAULT '',
        officer_id TEXT NOT NULL REFERENCES officers(id),
        at TEXT NOT NULL
      );
      CREATE INDEX assisted_submissions_at ON assisted_submissions(at);
    `);
  },
};
