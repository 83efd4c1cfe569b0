import type { Migration } from './index';

// What the national index needs of a dossier beyond its status history (one-stop-rules.md §6), kept
// on the dossier: the fees charged (DanhSachLePhi), paid online (DuocThanhToanTrucTuyen 0/1/2), the
// electronic result (MaKetQua and DuongDanTepTinKetQua, separately), a complaint or dislike
// (CoPhanAnhKienNghi), and where the record came from (the desk, an import of histories, sync).
// `due_at` stays the original appointment (NgayHenTra, what the index judges against);
// `current_due_at` is the moment the desk works to after pauses, resumes and apologies, NULL while
// the clock is paused (`paused_since`). Status events gain a JSON detail (an apology's new date,
// the form printed, the result code) so the clock can be replayed from the history alone.
export const migration012: Migration = {
  version: 12,
  name: 'dossier-index-fields',
  up(db) {
    db.exec(`
      ALTER TABLE dossiers ADD COLUMN fees_json TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE dossiers ADD COLUMN paid_online INTEGER NOT NULL DEFAULT 0 CHECK (paid_online IN (0, 1, 2));
      ALTER TABLE dossiers ADD COLUMN result_code TEXT;
      ALTER TABLE dossiers ADD COLUMN result_file TEXT;
      ALTER TABLE dossiers ADD COLUMN complaint INTEGER NOT NULL DEFAULT 0 CHECK (complaint IN (0, 1));
      ALTER TABLE dossiers ADD COLUMN source TEXT NOT NULL DEFAULT 'desk' CHECK (source IN ('desk', 'import', 'sync'));
      ALTER TABLE dossiers ADD COLUMN current_due_at TEXT;
      ALTER TABLE dossiers ADD COLUMN paused_since TEXT;
      UPDATE dossiers SET current_due_at = due_at;
      ALTER TABLE dossier_events ADD COLUMN detail_json TEXT NOT NULL DEFAULT '{}';
    `);
  },
};
