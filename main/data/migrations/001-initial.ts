import type { Migration } from './index';

// Units, officers, procedures, dossiers with their components and status history, settings, audit.
// Dossier codes come from a counter keyed by zero-padded (unit, local day) and are unique by index,
// allocated in the same transaction as the dossier (rules §5: the collisions other systems had).
export const migration001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE units (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        level TEXT NOT NULL,
        parent_id TEXT REFERENCES units(id)
      );
      CREATE TABLE officers (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        full_name TEXT NOT NULL,
        unit_id TEXT NOT NULL REFERENCES units(id),
        desk TEXT,
        role TEXT NOT NULL CHECK (role IN ('officer','supervisor','admin')),
        pin_hash TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL
      );
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        officer_id TEXT,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT,
        detail TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX audit_log_at ON audit_log(at);
      CREATE TABLE procedures (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        search_folded TEXT NOT NULL,
        field TEXT NOT NULL DEFAULT '',
        processing_days REAL NOT NULL,
        fully_online INTEGER NOT NULL DEFAULT 0,
        result_is_paper INTEGER NOT NULL DEFAULT 1,
        fee_bearing INTEGER NOT NULL DEFAULT 0,
        components_json TEXT NOT NULL DEFAULT '[]',
        updated_at TEXT NOT NULL
      );
      CREATE TABLE dossier_counters (
        scope TEXT PRIMARY KEY,
        last INTEGER NOT NULL
      );
      CREATE TABLE dossiers (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        unit_id TEXT NOT NULL REFERENCES units(id),
        procedure_id TEXT NOT NULL REFERENCES procedures(id),
        procedure_code TEXT NOT NULL,
        procedure_name TEXT NOT NULL,
        channel INTEGER NOT NULL CHECK (channel BETWEEN 1 AND 3),
        status INTEGER NOT NULL CHECK (status BETWEEN 1 AND 10),
        applicant_name TEXT NOT NULL,
        applicant_id_number TEXT NOT NULL DEFAULT '',
        applicant_address TEXT NOT NULL DEFAULT '',
        applicant_phone TEXT NOT NULL DEFAULT '',
        applicant_email TEXT NOT NULL DEFAULT '',
        search_folded TEXT NOT NULL,
        received_at TEXT NOT NULL,
        due_at TEXT,
        ended_at TEXT,
        returned_at TEXT,
        officer_id TEXT REFERENCES officers(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX dossiers_received_at ON dossiers(received_at);
      CREATE INDEX dossiers_status ON dossiers(status);
      CREATE TABLE components (
        id TEXT PRIMARY KEY,
        dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
        sequence INTEGER NOT NULL,
        name TEXT NOT NULL,
        required INTEGER NOT NULL DEFAULT 1,
        copies INTEGER NOT NULL DEFAULT 1,
        received INTEGER NOT NULL DEFAULT 1,
        file_id TEXT,
        result_code TEXT,
        digitized_at TEXT,
        page_count INTEGER NOT NULL DEFAULT 0,
        UNIQUE (dossier_id, sequence)
      );
      CREATE TABLE dossier_events (
        id TEXT PRIMARY KEY,
        dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
        status INTEGER NOT NULL CHECK (status BETWEEN 1 AND 10),
        at TEXT NOT NULL,
        officer_id TEXT REFERENCES officers(id),
        note TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX dossier_events_dossier ON dossier_events(dossier_id, at);
    `);
  },
};
