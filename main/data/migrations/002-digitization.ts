import type { Migration } from './index';

// Digitization: pages of a component (cleaned image, OCR text and word boxes), a full-text index
// over accent-folded text, and the SHA-256 of every imported source file so a scan folder or a
// repeated upload never imports the same file twice.
export const migration002: Migration = {
  version: 2,
  name: 'digitization',
  up(db) {
    db.exec(`
      CREATE TABLE pages (
        id TEXT PRIMARY KEY,
        component_id TEXT NOT NULL REFERENCES components(id) ON DELETE CASCADE,
        sequence INTEGER NOT NULL,
        image_id TEXT NOT NULL,
        image_ext TEXT NOT NULL,
        thumb_id TEXT,
        source_name TEXT NOT NULL,
        source_sha256 TEXT,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        dpi REAL NOT NULL,
        color INTEGER NOT NULL,
        rotation INTEGER NOT NULL DEFAULT 0,
        blank INTEGER NOT NULL DEFAULT 0,
        ocr_status TEXT NOT NULL DEFAULT 'pending',
        confidence REAL,
        needs_review INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        text TEXT NOT NULL DEFAULT '',
        lines_json TEXT NOT NULL DEFAULT '[]',
        text_source TEXT NOT NULL DEFAULT 'ocr',
        source_pdf_id TEXT,
        source_pdf_page INTEGER,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX pages_component ON pages(component_id, sequence);
      CREATE VIRTUAL TABLE page_text_fts USING fts5(page_id UNINDEXED, folded, tokenize = 'unicode61');
      CREATE TABLE imported_files (
        sha256 TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        source TEXT NOT NULL,
        component_id TEXT,
        imported_at TEXT NOT NULL
      );
      ALTER TABLE components ADD COLUMN file_ext TEXT;
    `);
  },
};
