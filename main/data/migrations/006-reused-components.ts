import type { Migration } from './index';

// "Declare once": a component whose electronic copy was taken from a paper this desk already
// digitized for the same citizen, instead of scanning it again. `reused_from` names the dossier the
// file came from (shown to the officer); NULL = digitized for this dossier (or not at all). It feeds
// the national index's reuse criterion (DuocTaiSuDung).
export const migration006: Migration = {
  version: 6,
  name: 'reused-components',
  up(db) {
    db.exec('ALTER TABLE components ADD COLUMN reused_from TEXT;');
  },
};
