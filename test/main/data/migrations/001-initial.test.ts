import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/data/migrations';

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

describe('migration 001 (initial)', () => {
  it('creates the core tables from an empty database', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    expect(migrate(db, 1)).toBe(1);
    expect(tables(db)).toEqual(
      expect.arrayContaining(['units', 'officers', 'settings', 'audit_log', 'procedures', 'dossier_counters', 'dossiers', 'components', 'dossier_events']),
    );
  });

  it('enforces dossier code uniqueness and status/channel ranges', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, 1);
    db.prepare("INSERT INTO units VALUES ('u', 'U', 'Unit', 'xã', NULL)").run();
    db.prepare("INSERT INTO procedures (id, code, name, search_folded, processing_days, updated_at) VALUES ('p', '1.1', 'P', 'p', 3, 'now')").run();
    const insert = db.prepare(
      `INSERT INTO dossiers (id, code, unit_id, procedure_id, procedure_code, procedure_name, channel, status, applicant_name, search_folded, received_at, created_at, updated_at)
       VALUES (?, ?, 'u', 'p', '1.1', 'P', ?, ?, 'A', 'a', 't', 't', 't')`,
    );
    insert.run('d1', 'U-260101-0001', 1, 2);
    expect(() => insert.run('d2', 'U-260101-0001', 1, 2)).toThrow(/UNIQUE/);
    expect(() => insert.run('d3', 'U-260101-0003', 4, 2)).toThrow(/CHECK/);
    expect(() => insert.run('d4', 'U-260101-0004', 1, 11)).toThrow(/CHECK/);
    // Foreign keys are on: a component of a missing dossier is refused.
    expect(() => db.prepare("INSERT INTO components (id, dossier_id, sequence, name) VALUES ('c', 'nope', 1, 'x')").run()).toThrow(/FOREIGN KEY/);
  });
});
