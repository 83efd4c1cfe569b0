import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/data/migrations';

describe('migration 003 (image placement)', () => {
  it('adds the placement to existing pages as upright, and refuses impossible turns', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, 2);
    db.prepare("INSERT INTO units VALUES ('u', 'U', 'Unit', 'xã', NULL)").run();
    db.prepare("INSERT INTO procedures (id, code, name, search_folded, processing_days, updated_at) VALUES ('p', '1.1', 'Khai sinh', 'khai sinh', 3, 't')").run();
    db.prepare(
      `INSERT INTO dossiers (id, code, unit_id, procedure_id, procedure_code, procedure_name, channel, status, applicant_name, search_folded, received_at, created_at, updated_at)
       VALUES ('d', 'U-260101-0001', 'u', 'p', '1.1', 'Khai sinh', 1, 2, 'Trần Văn Đức', 'x', 't', 't', 't')`,
    ).run();
    db.prepare("INSERT INTO components (id, dossier_id, sequence, name) VALUES ('c', 'd', 1, 'Tờ khai')").run();
    db.prepare(
      `INSERT INTO pages (id, component_id, sequence, image_id, image_ext, source_name, width, height, dpi, color, rotation, created_at, updated_at)
       VALUES ('pg', 'c', 1, 'sha', 'jpg', 'scan.jpg', 2480, 3508, 300, 1, 90, 't', 't')`,
    ).run();

    expect(migrate(db)).toBe(3);

    // The page's image was stored upright before: it keeps its turn as information only.
    expect(db.prepare('SELECT rotation, image_turn, image_skew, width FROM pages').get()).toEqual({ rotation: 90, image_turn: 0, image_skew: 0, width: 2480 });
    expect(() => db.prepare("UPDATE pages SET image_turn = 45 WHERE id = 'pg'").run()).toThrow(/CHECK/);
    db.prepare("UPDATE pages SET image_turn = 270, image_skew = -2.5 WHERE id = 'pg'").run();
    expect(db.prepare('SELECT image_turn, image_skew FROM pages').get()).toEqual({ image_turn: 270, image_skew: -2.5 });
  });
});
