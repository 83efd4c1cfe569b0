import type { Migration } from './index';

// The desk's pull side (issue 19; docs/sync-protocol.md "The desk side"). A supervisor's install
// receives the other desks' dossiers of its unit so Thống kê covers the whole centre: they are kept
// as ordinary dossier rows with source 'sync', read-only here, marked with the desk that received
// them (`origin_desk`, the receiver's desk id; `origin_desk_name`, `origin_officer_name` as shown in
// "Quầy tiếp nhận: …"). Their component files are not downloaded: a component keeps only the
// reference (`remote_sha256`, and `remote_url` on the receiver's public GET /files/:sha256), and
// `remote_reused` for the reuse indicator.
//
// `sync_stamps` holds, per pulled entity and field, the stamp of the change that wrote it (the
// change's time on the receiver's clock, its origin, its change id): a change is applied only when
// its stamp is larger, so a late older change never overwrites a newer one and a page pulled twice
// changes nothing. kinds: 'dossier' (entity = unit code + "/" + dossier code, field = the protocol's
// field name), 'component' (entity = unit/code/componentCode), 'catalog' (procedure code),
// 'calendar' (the record's entity key).
//
// A dossier received at another desk cannot be changed here: the trigger below refuses an update of
// it, a new step in its history or a change to its components, unless sync itself is applying (the services refuse first with a
// plainer message).
export const migration019: Migration = {
  version: 19,
  name: 'sync-pull',
  up(db) {
    db.exec(`
      ALTER TABLE dossiers ADD COLUMN origin_desk TEXT;
      ALTER TABLE dossiers ADD COLUMN origin_desk_name TEXT NOT NULL DEFAULT '';
      ALTER TABLE dossiers ADD COLUMN origin_officer_name TEXT NOT NULL DEFAULT '';
      CREATE INDEX dossiers_origin_desk ON dossiers (origin_desk) WHERE origin_desk IS NOT NULL;

      ALTER TABLE components ADD COLUMN remote_sha256 TEXT CHECK (remote_sha256 IS NULL OR (length(remote_sha256) = 64 AND remote_sha256 NOT GLOB '*[^0-9a-f]*'));
      ALTER TABLE components ADD COLUMN remote_url TEXT;
      ALTER TABLE components ADD COLUMN remote_reused INTEGER NOT NULL DEFAULT 0 CHECK (remote_reused IN (0, 1));

      CREATE TABLE sync_stamps (
        kind TEXT NOT NULL CHECK (kind IN ('dossier', 'component', 'catalog', 'calendar')),
        entity TEXT NOT NULL,
        field TEXT NOT NULL DEFAULT '',
        t INTEGER NOT NULL,
        origin TEXT NOT NULL,
        change_id INTEGER NOT NULL,
        PRIMARY KEY (kind, entity, field)
      ) WITHOUT ROWID;

      CREATE TRIGGER sync_readonly_dossier BEFORE UPDATE ON dossiers
        WHEN OLD.source = 'sync' AND NOT EXISTS (SELECT 1 FROM sync_applying)
      BEGIN SELECT RAISE(ABORT, 'Hồ sơ do quầy khác tiếp nhận: máy này chỉ được xem, không được sửa.'); END;
      CREATE TRIGGER sync_readonly_event BEFORE INSERT ON dossier_events
        WHEN (SELECT source FROM dossiers WHERE id = NEW.dossier_id) = 'sync' AND NOT EXISTS (SELECT 1 FROM sync_applying)
      BEGIN SELECT RAISE(ABORT, 'Hồ sơ do quầy khác tiếp nhận: máy này chỉ được xem, không được sửa.'); END;
      CREATE TRIGGER sync_readonly_component_insert BEFORE INSERT ON components
        WHEN (SELECT source FROM dossiers WHERE id = NEW.dossier_id) = 'sync' AND NOT EXISTS (SELECT 1 FROM sync_applying)
      BEGIN SELECT RAISE(ABORT, 'Hồ sơ do quầy khác tiếp nhận: máy này chỉ được xem, không được sửa.'); END;
      CREATE TRIGGER sync_readonly_component_update BEFORE UPDATE ON components
        WHEN (SELECT source FROM dossiers WHERE id = NEW.dossier_id) = 'sync' AND NOT EXISTS (SELECT 1 FROM sync_applying)
      BEGIN SELECT RAISE(ABORT, 'Hồ sơ do quầy khác tiếp nhận: máy này chỉ được xem, không được sửa.'); END;
    `);
  },
};
