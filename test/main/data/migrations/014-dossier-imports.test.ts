import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/data/migrations';
import { seededDatabase } from './seed';

describe('migration 014 (dossier imports)', () => {
  it('adds the imported digitized and reused flags, off for dossiers already stored, and no import digest', () => {
    const db = seededDatabase(13);
    expect(migrate(db, 14)).toBe(14);
    expect(db.prepare('SELECT digitized_flag, reused_flag, import_hash FROM dossiers').get()).toEqual({ digitized_flag: 0, reused_flag: 0, import_hash: null });
  });

  it('refuses flags other than 0 and 1', () => {
    const db = seededDatabase(14);
    expect(() => db.prepare('UPDATE dossiers SET digitized_flag = 2').run()).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE dossiers SET reused_flag = -1').run()).toThrow(/CHECK/);
  });
});
