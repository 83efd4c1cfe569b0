import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/data/migrations';
import { seededDatabase } from './seed';

describe('migration 011 (durable intake)', () => {
  it('adds jobs, intake, per-component imports, stale files and the capture target, and keeps the data', () => {
    const db = seededDatabase(10);
    expect(migrate(db, 11)).toBe(11);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['jobs', 'intake', 'component_imports', 'stale_files', 'capture_target']));
    expect(db.prepare('SELECT code FROM dossiers').get()).toEqual({ code: 'U-260101-0001' });
    const cols = (db.prepare('PRAGMA table_info(pages)').all() as { name: string }[]).map((c) => c.name);
    expect(cols).toContain('ocr_attempts');
  });
});
