import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/data/migrations';
import { seededDatabase } from './seed';

describe('migration 006 (reused components)', () => {
  it('marks every existing component as digitized for its own dossier', () => {
    const db = seededDatabase(5, { fileId: 'sha-of-pdf' });
    expect(migrate(db, 6)).toBe(6);
    expect(db.prepare('SELECT file_id, reused_from FROM components').get()).toEqual({ file_id: 'sha-of-pdf', reused_from: null });
  });
});
