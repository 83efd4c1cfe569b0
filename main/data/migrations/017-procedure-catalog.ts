import type { Migration } from './index';

// The procedure catalog (issue 17): level, processing hours, the 15:00 rule, fees, the portal page
// and retirement on procedures (existing rows: no level, counted in days, no 15:00 rule, no fees
// listed, no portal page, in force); components read without a kind are originals (repo default).
//
// Search ranks procedures by this desk's use: `procedure_usage` counts the dossiers received per
// unit and procedure (and the latest receipt), kept by triggers on `dossiers` and filled here from
// the dossiers already received. `catalog_version` is bumped by triggers whenever procedures or
// that usage change, whoever writes (the app, `motcua import-catalog` beside it): the core's
// in-memory search index compares it before each search and reloads what changed. A later
// migration that rebuilds `dossiers` or `procedures` must re-create these triggers.
export const migration017: Migration = {
  version: 17,
  name: 'procedure-catalog',
  up(db) {
    db.exec(`
      ALTER TABLE procedures ADD COLUMN level TEXT NOT NULL DEFAULT '';
      ALTER TABLE procedures ADD COLUMN processing_hours REAL CHECK (processing_hours IS NULL OR processing_hours >= 0);
      ALTER TABLE procedures ADD COLUMN after_15h_rule INTEGER NOT NULL DEFAULT 0 CHECK (after_15h_rule IN (0, 1));
      ALTER TABLE procedures ADD COLUMN fees_json TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE procedures ADD COLUMN portal_url TEXT NOT NULL DEFAULT '';
      ALTER TABLE procedures ADD COLUMN retired INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1));
      ALTER TABLE procedures ADD COLUMN retired_at TEXT;

      CREATE TABLE procedure_usage (
        unit_id TEXT NOT NULL,
        procedure_id TEXT NOT NULL,
        dossiers INTEGER NOT NULL DEFAULT 0,
        last_received_at TEXT,
        PRIMARY KEY (unit_id, procedure_id)
      ) WITHOUT ROWID;
      INSERT INTO procedure_usage (unit_id, procedure_id, dossiers, last_received_at)
        SELECT unit_id, procedure_id, COUNT(*), MAX(received_at) FROM dossiers GROUP BY unit_id, procedure_id;

      CREATE TABLE catalog_version (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        procedures INTEGER NOT NULL,
        usage INTEGER NOT NULL
      );
      INSERT INTO catalog_version (id, procedures, usage) VALUES (1, 0, 0);

      CREATE TRIGGER procedures_version_insert AFTER INSERT ON procedures
      BEGIN UPDATE catalog_version SET procedures = procedures + 1 WHERE id = 1; END;
      CREATE TRIGGER procedures_version_update AFTER UPDATE ON procedures
      BEGIN UPDATE catalog_version SET procedures = procedures + 1 WHERE id = 1; END;
      CREATE TRIGGER procedures_version_delete AFTER DELETE ON procedures
      BEGIN UPDATE catalog_version SET procedures = procedures + 1 WHERE id = 1; END;

      CREATE TRIGGER dossiers_usage_insert AFTER INSERT ON dossiers
      BEGIN
        INSERT OR IGNORE INTO procedure_usage (unit_id, procedure_id, dossiers, last_received_at) VALUES (NEW.unit_id, NEW.procedure_id, 0, NULL);
        UPDATE procedure_usage SET dossiers = dossiers + 1, last_received_at = MAX(COALESCE(last_received_at, ''), NEW.received_at)
          WHERE unit_id = NEW.unit_id AND procedure_id = NEW.procedure_id;
        UPDATE catalog_version SET usage = usage + 1 WHERE id = 1;
      END;
      CREATE TRIGGER dossiers_usage_delete AFTER DELETE ON dossiers
      BEGIN
        UPDATE procedure_usage SET dossiers = MAX(0, dossiers - 1) WHERE unit_id = OLD.unit_id AND procedure_id = OLD.procedure_id;
        UPDATE catalog_version SET usage = usage + 1 WHERE id = 1;
      END;
      CREATE TRIGGER dossiers_usage_move AFTER UPDATE OF unit_id, procedure_id ON dossiers
        WHEN OLD.unit_id IS NOT NEW.unit_id OR OLD.procedure_id IS NOT NEW.procedure_id
      BEGIN
        UPDATE procedure_usage SET dossiers = MAX(0, dossiers - 1) WHERE unit_id = OLD.unit_id AND procedure_id = OLD.procedure_id;
        INSERT OR IGNORE INTO procedure_usage (unit_id, procedure_id, dossiers, last_received_at) VALUES (NEW.unit_id, NEW.procedure_id, 0, NULL);
        UPDATE procedure_usage SET dossiers = dossiers + 1, last_received_at = MAX(COALESCE(last_received_at, ''), NEW.received_at)
          WHERE unit_id = NEW.unit_id AND procedure_id = NEW.procedure_id;
        UPDATE catalog_version SET usage = usage + 1 WHERE id = 1;
      END;
    `);
  },
};
