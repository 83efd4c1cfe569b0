import type { Migration } from './index';

// Thống kê at scale: one row of stored verdict facts per dossier (shared/domain/verdict-facts.ts),
// refreshed in the same transaction as every write to a dossier (StatsRepo.refreshFacts), and a
// daily rollup kept by triggers. Writes to dossiers, components or status events also mark the
// dossier in `facts_dirty`, so a writer that forgets to refresh is caught up before the next read.
// Desk and field are not copied: breakdowns join the officer's and the procedure's current values.
export const migration015: Migration = {
  version: 15,
  name: 'metrics-rollups',
  up(db) {
    db.exec(`
      CREATE TABLE dossier_facts (
        day TEXT NOT NULL,
        dossier_id TEXT NOT NULL,
        officer_id TEXT,
        procedure_id TEXT NOT NULL,
        channel INTEGER NOT NULL,
        online INTEGER NOT NULL,
        digitized INTEGER NOT NULL,
        reused INTEGER NOT NULL,
        paid INTEGER,
        complaint INTEGER NOT NULL,
        late_from INTEGER,
        settled_at INTEGER,
        final_on_time INTEGER,
        simple INTEGER NOT NULL,
        PRIMARY KEY (day, dossier_id)
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX dossier_facts_dossier ON dossier_facts(dossier_id);
      CREATE INDEX dossier_facts_open ON dossier_facts(day) WHERE settled_at IS NULL;
      CREATE INDEX dossier_facts_settled ON dossier_facts(settled_at);
      CREATE TABLE daily_facts (
        day TEXT PRIMARY KEY,
        received INTEGER NOT NULL DEFAULT 0,
        online INTEGER NOT NULL DEFAULT 0,
        digitized INTEGER NOT NULL DEFAULT 0,
        reused INTEGER NOT NULL DEFAULT 0,
        paid INTEGER NOT NULL DEFAULT 0,
        paid_of INTEGER NOT NULL DEFAULT 0,
        complaint INTEGER NOT NULL DEFAULT 0,
        settled INTEGER NOT NULL DEFAULT 0,
        settled_on_time INTEGER NOT NULL DEFAULT 0
      ) WITHOUT ROWID;
      CREATE TRIGGER dossier_facts_ins AFTER INSERT ON dossier_facts BEGIN
        INSERT INTO daily_facts (day, received, online, digitized, reused, paid, paid_of, complaint, settled, settled_on_time)
        VALUES (new.day, 1, new.online, new.digitized, new.reused, coalesce(new.paid, 0), new.paid IS NOT NULL, new.complaint, new.settled_at IS NOT NULL, coalesce(new.final_on_time, 0))
        ON CONFLICT(day) DO UPDATE SET received = received + 1, online = online + excluded.online, digitized = digitized + excluded.digitized,
          reused = reused + excluded.reused, paid = paid + excluded.paid, paid_of = paid_of + excluded.paid_of, complaint = complaint + excluded.complaint,
          settled = settled + excluded.settled, settled_on_time = settled_on_time + excluded.settled_on_time;
      END;
      CREATE TRIGGER dossier_facts_del AFTER DELETE ON dossier_facts BEGIN
        UPDATE daily_facts SET received = received - 1, online = online - old.online, digitized = digitized - old.digitized, reused = reused - old.reused,
          paid = paid - coalesce(old.paid, 0), paid_of = paid_of - (old.paid IS NOT NULL), complaint = complaint - old.complaint,
          settled = settled - (old.settled_at IS NOT NULL), settled_on_time = settled_on_time - coalesce(old.final_on_time, 0)
         WHERE day = old.day;
      END;
      CREATE TABLE facts_dirty (dossier_id TEXT PRIMARY KEY) WITHOUT ROWID;
      CREATE TRIGGER facts_dirty_dossier_ins AFTER INSERT ON dossiers BEGIN INSERT OR IGNORE INTO facts_dirty VALUES (new.id); END;
      CREATE TRIGGER facts_dirty_dossier_upd AFTER UPDATE ON dossiers BEGIN INSERT OR IGNORE INTO facts_dirty VALUES (new.id); END;
      CREATE TRIGGER facts_dirty_dossier_del AFTER DELETE ON dossiers BEGIN
        DELETE FROM dossier_facts WHERE dossier_id = old.id;
        DELETE FROM facts_dirty WHERE dossier_id = old.id;
      END;
      CREATE TRIGGER facts_dirty_component_ins AFTER INSERT ON components BEGIN INSERT OR IGNORE INTO facts_dirty VALUES (new.dossier_id); END;
      CREATE TRIGGER facts_dirty_component_upd AFTER UPDATE ON components BEGIN INSERT OR IGNORE INTO facts_dirty VALUES (new.dossier_id); END;
      CREATE TRIGGER facts_dirty_component_del AFTER DELETE ON components BEGIN INSERT OR IGNORE INTO facts_dirty SELECT old.dossier_id WHERE EXISTS (SELECT 1 FROM dossiers WHERE id = old.dossier_id); END;
      CREATE TRIGGER facts_dirty_event_ins AFTER INSERT ON dossier_events BEGIN INSERT OR IGNORE INTO facts_dirty VALUES (new.dossier_id); END;
      CREATE TRIGGER facts_dirty_event_upd AFTER UPDATE ON dossier_events BEGIN INSERT OR IGNORE INTO facts_dirty VALUES (new.dossier_id); END;
      CREATE TRIGGER facts_dirty_event_del AFTER DELETE ON dossier_events BEGIN INSERT OR IGNORE INTO facts_dirty SELECT old.dossier_id WHERE EXISTS (SELECT 1 FROM dossiers WHERE id = old.dossier_id); END;
      CREATE INDEX dossiers_running_due ON dossiers(current_due_at) WHERE ended_at IS NULL;
      INSERT INTO facts_dirty SELECT id FROM dossiers;
    `);
  },
};
