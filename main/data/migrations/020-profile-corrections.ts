import type { Migration } from './index';

// Applicant profiles (issue 20): a value an officer corrected in Cài đặt → Người nộp is told apart
// from one typed at reception ("Cán bộ sửa" rather than "Cán bộ nhập"). `corrected` is set by
// `applicants.correct` and cleared whenever the value is set again from another source.
export const migration020: Migration = {
  version: 20,
  name: 'profile-corrections',
  up(db) {
    db.exec('ALTER TABLE applicant_profile_values ADD COLUMN corrected INTEGER NOT NULL DEFAULT 0 CHECK (corrected IN (0, 1))');
  },
};
