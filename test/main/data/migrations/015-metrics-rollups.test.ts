import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/data/migrations';
import { seededDatabase } from './seed';

describe('migration 015 (metrics rollups)', () => {
  it('adds the verdict facts, the daily rollup and the dirty marks, with every existing dossier marked to be judged', () => {
    const db = seededDatabase(14);
    expect(migrate(db, 15)).toBe(15);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['dossier_facts', 'daily_facts', 'facts_dirty']));
    // The seeded dossier is waiting to be judged; its data is untouched.
    expect(db.prepare('SELECT dossier_id FROM facts_dirty').all()).toEqual([{ dossier_id: 'd' }]);
    expect(db.prepare('SELECT code FROM dossiers').get()).toEqual({ code: 'U-260101-0001' });
  });

  it('marks a dossier dirty whenever it, its components or its events change', () => {
    const db = seededDatabase(15);
    db.prepare('DELETE FROM facts_dirty').run();
    db.prepare("INSERT INTO dossier_events (id, dossier_id, status, at, note) VALUES ('e', 'd', 4, 't', '')").run();
    expect(db.prepare('SELECT dossier_id FROM facts_dirty').all()).toEqual([{ dossier_id: 'd' }]);
    db.prepare('DELETE FROM facts_dirty').run();
    db.prepare("UPDATE components SET name = 'Tờ khai (bản chính)' WHERE id = 'c'").run();
    expect(db.prepare('SELECT count(*) AS n FROM facts_dirty').get()).toEqual({ n: 1 });
  });
});
