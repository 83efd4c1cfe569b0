import type { Migration } from './index';

// Sign-in that resists guessing: consecutive wrong PINs per officer, the instant before which the
// next attempt is refused (growing delay), and a lockout only an administrator lifts.
export const migration008: Migration = {
  version: 8,
  name: 'sign-in-guard',
  up(db) {
    db.exec(`ALTER TABLE officers ADD COLUMN failed_attempts INTEGER NOT NULL DEFAULT 0;
             ALTER TABLE officers ADD COLUMN locked_until TEXT;
             ALTER TABLE officers ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;`);
  },
};
