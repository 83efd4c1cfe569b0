import type { Migration } from './index';

// Desk side of sync (issue 19; docs/sync-protocol.md). Every change that goes to the province
// receiver is recorded by a trigger in `sync_outbox`, so it is written in the same transaction as the
// change itself, whichever service made it. `seq` (AUTOINCREMENT, never reused, rolled back with its
// transaction) is the per-desk gapless sequence of the protocol; `id` the item's UUID, fixed here so a
// resent item is the same item. The payload is built at send time from the row the item names.
//
// A change that came *from* sync (a pull) is not sent back: the pull holds a row in `sync_applying`
// for the length of its own transaction, and every trigger skips while one exists.
//
// A rejected item keeps its row (state 'rejected', the receiver's message) until an officer resends
// it: the receiver answers a (seq, id) it rejected with the same rejection, so a resend is a new item
// (new seq and id, same entity) and the old row is kept as 'resent'.
//
// `sync_dossier_keys` fixes each dossier's upstream key (unit code + dossier code) when the dossier is
// inserted, before any send, and never changes it (rules §9).
//
// `sync_state` holds the enrollment (desk id, unit, role), the pull cursor and the last results; the
// desk's secret is never stored here (main/sync/secret-vault.ts).

/** A random RFC 4122 version-4 UUID in SQL. */
const UUID = `(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' ||
  substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))`;

const NOT_APPLYING = 'NOT EXISTS (SELECT 1 FROM sync_applying)';
/** Only dossiers received at this desk go upstream: imported histories came from upstream. */
const DESK_DOSSIER = (id: string) => `(SELECT source FROM dossiers WHERE id = ${id}) = 'desk'`;

function record(kind: string, entity: string, dossier: string, at: string): string {
  return `INSERT INTO sync_outbox (id, kind, entity_id, dossier_id, at) VALUES (${UUID}, '${kind}', ${entity}, ${dossier}, ${at});`;
}

/** Reception columns of a dossier: what the desk is authoritative for. */
const RECEPTION_COLUMNS = [
  'procedure_id',
  'procedure_code',
  'procedure_name',
  'channel',
  'applicant_name',
  'applicant_id_number',
  'applicant_address',
  'applicant_phone',
  'applicant_email',
  'received_at',
  'due_at',
  'officer_id',
  'fees_json',
];

export const migration016: Migration = {
  version: 16,
  name: 'sync-outbox',
  up(db) {
    db.exec(`
      CREATE TABLE sync_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('dossier', 'dossierEvent', 'componentFile', 'guided', 'message')),
        entity_id TEXT NOT NULL,
        dossier_id TEXT,
        at TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'rejected', 'resent')),
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        code TEXT,
        message TEXT,
        sent_at TEXT
      );
      CREATE INDEX sync_outbox_state ON sync_outbox (state, seq);
      CREATE TABLE sync_applying (id INTEGER PRIMARY KEY CHECK (id = 1));
      CREATE TABLE sync_dossier_keys (
        dossier_id TEXT PRIMARY KEY REFERENCES dossiers(id) ON DELETE CASCADE,
        unit_code TEXT NOT NULL,
        code TEXT NOT NULL,
        UNIQUE (unit_code, code)
      );
      CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);

      INSERT INTO sync_dossier_keys (dossier_id, unit_code, code)
        SELECT d.id, u.code, d.code FROM dossiers d JOIN units u ON u.id = d.unit_id;

      CREATE TRIGGER sync_dossier_key AFTER INSERT ON dossiers
      BEGIN
        INSERT OR IGNORE INTO sync_dossier_keys (dossier_id, unit_code, code) SELECT NEW.id, u.code, NEW.code FROM units u WHERE u.id = NEW.unit_id;
      END;
      CREATE TRIGGER sync_dossier_insert AFTER INSERT ON dossiers WHEN ${NOT_APPLYING} AND NEW.source = 'desk'
      BEGIN ${record('dossier', 'NEW.id', 'NEW.id', 'NEW.updated_at')} END;
      CREATE TRIGGER sync_dossier_update AFTER UPDATE OF ${RECEPTION_COLUMNS.join(', ')} ON dossiers
        WHEN ${NOT_APPLYING} AND NEW.source = 'desk' AND (${RECEPTION_COLUMNS.map((c) => `NEW.${c} IS NOT OLD.${c}`).join(' OR ')})
      BEGIN ${record('dossier', 'NEW.id', 'NEW.id', 'NEW.updated_at')} END;

      CREATE TRIGGER sync_event_insert AFTER INSERT ON dossier_events WHEN ${NOT_APPLYING} AND ${DESK_DOSSIER('NEW.dossier_id')}
      BEGIN ${record('dossierEvent', 'NEW.id', 'NEW.dossier_id', 'NEW.at')} END;

      CREATE TRIGGER sync_component_insert AFTER INSERT ON components WHEN ${NOT_APPLYING} AND NEW.file_id IS NOT NULL
      BEGIN ${record('componentFile', 'NEW.id', 'NEW.dossier_id', "coalesce(NEW.digitized_at, (SELECT updated_at FROM dossiers WHERE id = NEW.dossier_id))")} END;
      CREATE TRIGGER sync_component_update AFTER UPDATE OF file_id, file_ext ON components
        WHEN ${NOT_APPLYING} AND (NEW.file_id IS NOT OLD.file_id OR NEW.file_ext IS NOT OLD.file_ext)
      BEGIN ${record('componentFile', 'NEW.id', 'NEW.dossier_id', "coalesce(NEW.digitized_at, (SELECT updated_at FROM dossiers WHERE id = NEW.dossier_id))")} END;

      CREATE TRIGGER sync_guided_insert AFTER INSERT ON assisted_submissions WHEN ${NOT_APPLYING}
      BEGIN ${record('guided', 'NEW.id', 'NULL', 'NEW.at')} END;
      CREATE TRIGGER sync_guided_update AFTER UPDATE ON assisted_submissions WHEN ${NOT_APPLYING}
      BEGIN ${record('guided', 'NEW.id', 'NULL', 'NEW.at')} END;

      CREATE TRIGGER sync_message_insert AFTER INSERT ON message_outbox WHEN ${NOT_APPLYING}
      BEGIN ${record('message', 'NEW.id', 'NEW.dossier_id', 'NEW.created_at')} END;
      CREATE TRIGGER sync_message_update AFTER UPDATE OF status, channel, recipient, text ON message_outbox
        WHEN ${NOT_APPLYING} AND (NEW.status IS NOT OLD.status OR NEW.channel IS NOT OLD.channel OR NEW.recipient IS NOT OLD.recipient OR NEW.text IS NOT OLD.text)
      BEGIN ${record('message', 'NEW.id', 'NEW.dossier_id', "coalesce(NEW.sent_at, NEW.created_at)")} END;
    `);
    // What the desk held before sync existed goes out first, in the order it happened.
    db.exec(`
      INSERT INTO sync_outbox (id, kind, entity_id, dossier_id, at)
      SELECT ${UUID}, kind, entity_id, dossier_id, at FROM (
        SELECT 'dossier' AS kind, id AS entity_id, id AS dossier_id, created_at AS at, 0 AS o FROM dossiers WHERE source = 'desk'
        UNION ALL SELECT 'dossierEvent', e.id, e.dossier_id, e.at, 1 FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.source = 'desk'
        UNION ALL SELECT 'componentFile', c.id, c.dossier_id, coalesce(c.digitized_at, d.updated_at), 2 FROM components c JOIN dossiers d ON d.id = c.dossier_id WHERE c.file_id IS NOT NULL
        UNION ALL SELECT 'guided', id, NULL, at, 3 FROM assisted_submissions
        UNION ALL SELECT 'message', id, dossier_id, created_at, 4 FROM message_outbox
      ) ORDER BY at, o, entity_id;
    `);
  },
};
