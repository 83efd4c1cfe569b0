// Read-only queries for backups, restore and `motcua doctor`: counters, the last audit id, and
// every stored file the database names (with the dossier that names it).
import Database from 'better-sqlite3';
import type { Db } from './database';

export function databaseCounters(db: Db): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of db.prepare('SELECT scope, last FROM dossier_counters').all() as { scope: string; last: number }[]) out[r.scope] = r.last;
  return out;
}

export function lastAuditId(db: Db): number {
  return (db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM audit_log').get() as { id: number }).id;
}

export interface SnapshotFacts {
  schemaVersion: number;
  counters: Record<string, number>;
  lastAuditId: number;
  dossiers: number;
}

/** What a backup's manifest says about its database copy (opened read-only, then closed). */
export function inspectSnapshot(file: string): SnapshotFacts {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return {
      schemaVersion: db.pragma('user_version', { simple: true }) as number,
      counters: databaseCounters(db),
      lastAuditId: lastAuditId(db),
      dossiers: (db.prepare('SELECT COUNT(*) AS n FROM dossiers').get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

export interface FileReference {
  id: string;
  ext: string;
  /** What the file is, in Vietnamese (for doctor's report). */
  kind: string;
  dossierCode: string | null;
}

/** Every stored file a row names: page images, thumbnails, source PDFs, component PDFs. */
export function referencedFiles(db: Db): FileReference[] {
  return db
    .prepare(
      `SELECT p.image_id AS id, p.image_ext AS ext, 'ảnh trang' AS kind, d.code AS dossierCode
         FROM pages p LEFT JOIN components c ON c.id = p.component_id LEFT JOIN dossiers d ON d.id = c.dossier_id
       UNION ALL
       SELECT p.thumb_id, 'jpg', 'ảnh thu nhỏ', d.code
         FROM pages p LEFT JOIN components c ON c.id = p.component_id LEFT JOIN dossiers d ON d.id = c.dossier_id
        WHERE p.thumb_id IS NOT NULL
       UNION ALL
       SELECT p.source_pdf_id, 'pdf', 'PDF gốc', d.code
         FROM pages p LEFT JOIN components c ON c.id = p.component_id LEFT JOIN dossiers d ON d.id = c.dossier_id
        WHERE p.source_pdf_id IS NOT NULL
       UNION ALL
       SELECT c.file_id, COALESCE(c.file_ext, 'pdf'), 'PDF thành phần', d.code
         FROM components c JOIN dossiers d ON d.id = c.dossier_id
        WHERE c.file_id IS NOT NULL`,
    )
    .all() as FileReference[];
}
