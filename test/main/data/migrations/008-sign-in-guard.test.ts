import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/data/migrations';
import { seededDatabase } from './seed';

describe('migration 008 (sign-in guard)', () => {
  it('starts every existing officer with no failed attempts and no lockout', () => {
    const db = seededDatabase(7);
    db.prepare("INSERT INTO officers (id, username, full_name, unit_id, role, pin_hash, created_at) VALUES ('o', 'an', 'Nguyễn Văn An', 'u', 'officer', 'h', 't')").run();
    expect(migrate(db, 8)).toBe(8);
    expect(db.prepare('SELECT failed_attempts, locked_until, locked FROM officers').get()).toEqual({ failed_attempts: 0, locked_until: null, locked: 0 });
  });
});
