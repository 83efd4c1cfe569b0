import type { Migration } from './index';

// Page images kept as captured: a scanner's JPEG that only needed a quarter turn or a deskew is
// archived byte for byte, and the turn (clockwise degrees) and skew (degrees) that lay it upright
// are stored with the page and applied where it is shown (PDF image matrix, renditions).
// Existing rows hold upright images: turn 0, skew 0.
export const migration003: Migration = {
  version: 3,
  name: 'image-placement',
  up(db) {
    db.exec(`
      ALTER TABLE pages ADD COLUMN image_turn INTEGER NOT NULL DEFAULT 0 CHECK (image_turn IN (0, 90, 180, 270));
      ALTER TABLE pages ADD COLUMN image_skew REAL NOT NULL DEFAULT 0 CHECK (abs(image_skew) <= 45);
    `);
  },
};
