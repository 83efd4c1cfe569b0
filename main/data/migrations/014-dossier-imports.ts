import type { Migration } from './index';

// Dossier histories imported from the national portal's sync records (`motcua import-dossiers`)
// arrive without their component files: the portal's own flags HoSoCoThanhPhanSoHoa (a component
// is digitized) and DuocTaiSuDung (a component was reused from digitized data) are kept on the
// dossier and count for the index alongside the desk's own components. `import_hash` is the
// digest of the normalized record last imported: a re-import of the same record changes nothing.
export const migration014: Migration = {
  version: 14,
  name: 'dossier-imports',
  up(db) {
    db.exec(`
      ALTER TABLE dossiers ADD COLUMN digitized_flag INTEGER NOT NULL DEFAULT 0 CHECK (digitized_flag IN (0, 1));
      ALTER TABLE dossiers ADD COLUMN reused_flag INTEGER NOT NULL DEFAULT 0 CHECK (reused_flag IN (0, 1));
      ALTER TABLE dossiers ADD COLUMN import_hash TEXT;
    `);
  },
};
