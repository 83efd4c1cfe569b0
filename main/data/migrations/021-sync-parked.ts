import type { Migration } from './index';

// Pulled changes parked until they can be applied (issue 19; docs/sync-protocol.md "The desk side").
// On a supervisor's install a change about a dossier not held here yet (a step, a component file or
// an upstream field that arrives before the other desk's reception fields) is parked, whole, and
// applied when its dossier arrives; another desk's dossier whose code this install already uses for
// a dossier of its own is parked with reason 'code-taken' and shown in Đồng bộ, never dropped. Keyed by
// the receiver's change id, so a page pulled twice parks each change once.
export const migration021: Migration = {
  version: 21,
  name: 'sync-parked',
  up(db) {
    db.exec(`
      CREATE TABLE sync_parked_changes (
        change_id INTEGER PRIMARY KEY,
        unit_code TEXT NOT NULL,
        code TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (reason IN ('no-dossier', 'code-taken')),
        change_json TEXT NOT NULL CHECK (json_valid(change_json)),
        parked_at TEXT NOT NULL
      );
      CREATE INDEX sync_parked_changes_key ON sync_parked_changes (unit_code, code);
    `);
  },
};
