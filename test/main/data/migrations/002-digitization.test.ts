import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/data/migrations';
import { seededDatabase } from './seed';

describe('migration 002 (digitization)', () => {
  it('migrates a populated version-1 database without losing data', () => {
    const db = seededDatabase(1, { fileId: 'abc' });

    expect(migrate(db, 2)).toBe(2);

    const d = db.prepare('SELECT applicant_name FROM dossiers WHERE id = ?').get('d') as { applicant_name: string };
    expect(d.applicant_name).toBe('Trần Văn Đức');
    const c = db.prepare('SELECT file_id, file_ext FROM components WHERE id = ?').get('c') as { file_id: string; file_ext: string | null };
    expect(c).toEqual({ file_id: 'abc', file_ext: null });

    db.prepare(
      `INSERT INTO pages (id, component_id, sequence, image_id, image_ext, source_name, width, height, dpi, color, created_at, updated_at)
       VALUES ('pg', 'c', 1, 'sha', 'jpg', 'scan.jpg', 2480, 3508, 300, 1, 't', 't')`,
    ).run();
    db.prepare("INSERT INTO page_text_fts (page_id, folded) VALUES ('pg', 'cong hoa xa hoi chu nghia viet nam')").run();
    const hit = db.prepare("SELECT page_id FROM page_text_fts WHERE page_text_fts MATCH 'nghia'").get() as { page_id: string };
    expect(hit.page_id).toBe('pg');
    // Pages go with their component.
    db.prepare("DELETE FROM components WHERE id = 'c'").run();
    expect(db.prepare('SELECT count(*) AS n FROM pages').get()).toEqual({ n: 0 });
  });

  it('is atomic: a failing migration leaves the previous version intact', () => {
    const db = new Database(':memory:');
    migrate(db, 1);
    db.exec('CREATE TABLE pages (x)'); // a conflicting object makes 002 fail half-way
    expect(() => migrate(db)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'imported_files'").get()).toEqual({ n: 0 });
  });
});
