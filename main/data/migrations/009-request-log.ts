import type { Migration } from './index';

// Idempotent requests (issue 15): the first answer to each creating call, by the client's request
// id. A retry with the same id (a cut-off answer, a double click) gets this answer back instead of
// a second dossier or upload. Written in the transaction of the write it answers (synchronous
// methods); kept for a week (pruned at start).
export const migration009: Migration = {
  version: 9,
  name: 'request-log',
  up(db) {
    db.exec(`
      CREATE TABLE request_log (
        request_id TEXT PRIMARY KEY,
        officer_id TEXT,
        method TEXT NOT NULL,
        input_hash TEXT NOT NULL,
        response_json TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX request_log_at ON request_log (at);
    `);
  },
};
