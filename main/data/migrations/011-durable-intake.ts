import type { Migration } from './index';

// Durable intake and jobs (issue 15). An uploaded, scanned or claimed file is kept (intake blob +
// `intake` row) before the call is answered; a file's pages commit with its `component_imports` row
// in one transaction, unique per component and SHA-256, so a crash or a double submit never gives
// a file's pages twice. Jobs live in `jobs` and resume after a restart. `stale_files` lists replaced
// component PDFs, deleted once nothing references them. `capture_target` keeps the scan-to-folder
// target and its officer across restarts. `pages.ocr_attempts` bounds retries of failed OCR.
export const migration011: Migration = {
  version: 11,
  name: 'durable-intake',
  up(db) {
    db.exec(`
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        state TEXT NOT NULL,
        component_id TEXT,
        officer_id TEXT,
        done INTEGER NOT NULL DEFAULT 0,
        total INTEGER NOT NULL DEFAULT 0,
        message TEXT NOT NULL DEFAULT '',
        errors_json TEXT NOT NULL DEFAULT '[]',
        params_json TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX jobs_state ON jobs (state);
      CREATE TABLE intake (
        id TEXT PRIMARY KEY,
        job_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        component_id TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        ext TEXT NOT NULL,
        name TEXT NOT NULL,
        source TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending',
        pages INTEGER,
        error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX intake_job ON intake (job_id, seq);
      CREATE INDEX intake_state ON intake (state);
      CREATE TABLE component_imports (
        component_id TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        name TEXT NOT NULL,
        source TEXT NOT NULL,
        pages INTEGER NOT NULL,
        imported_at TEXT NOT NULL,
        UNIQUE (component_id, sha256)
      );
      CREATE TABLE stale_files (
        file_id TEXT NOT NULL,
        ext TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (file_id, ext)
      );
      CREATE TABLE capture_target (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        component_id TEXT NOT NULL,
        officer_id TEXT NOT NULL,
        at TEXT NOT NULL
      );
      ALTER TABLE pages ADD COLUMN ocr_attempts INTEGER NOT NULL DEFAULT 0;
      -- Files imported before this version count for their component.
      INSERT OR IGNORE INTO component_imports (component_id, sha256, name, source, pages, imported_at)
        SELECT component_id, sha256, name, source, 0, imported_at FROM imported_files WHERE component_id IS NOT NULL;
    `);
  },
};
