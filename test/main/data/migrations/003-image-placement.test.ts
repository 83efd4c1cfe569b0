import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/data/migrations';
import { seededDatabase } from './seed';

describe('migration 003 (image placement)', () => {
  it('adds the placement to existing pages as upright, and refuses impossible turns', () => {
    const db = seededDatabase(2);
    db.prepare(
      `INSERT INTO pages (id, component_id, sequence, image_id, image_ext, source_name, width, height, dpi, color, rotation, created_at, updated_at)
       VALUES ('pg', 'c', 1, 'sha', 'jpg', 'scan.jpg', 2480, 3508, 300, 1, 90, 't', 't')`,
    ).run();

    expect(migrate(db, 3)).toBe(3);

    // The page's image was stored upright before: it keeps its turn as information only.
    expect(db.prepare('SELECT rotation, image_turn, image_skew, width FROM pages').get()).toEqual({ rotation: 90, image_turn: 0, image_skew: 0, width: 2480 });
    expect(() => db.prepare("UPDATE pages SET image_turn = 45 WHERE id = 'pg'").run()).toThrow(/CHECK/);
    db.prepare("UPDATE pages SET image_turn = 270, image_skew = -2.5 WHERE id = 'pg'").run();
    expect(db.prepare('SELECT image_turn, image_skew FROM pages').get()).toEqual({ image_turn: 270, image_skew: -2.5 });
  });
});
