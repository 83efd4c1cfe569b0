// A database migrated to `version` holding one unit, procedure, dossier and component ('c'):
// what a later migration has to carry over.
import Database from 'better-sqlite3';
import { migrate } from '../../../../main/data/migrations';

export function seededDatabase(version: number, component: { fileId?: string } = {}): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, version);
  db.prepare("INSERT INTO units VALUES ('u', 'U', 'Unit', 'xã', NULL)").run();
  db.prepare("INSERT INTO procedures (id, code, name, search_folded, processing_days, updated_at) VALUES ('p', '1.1', 'Đăng ký khai sinh', 'dang ky khai sinh', 3, 't')").run();
  db.prepare(
    `INSERT INTO dossiers (id, code, unit_id, procedure_id, procedure_code, procedure_name, channel, status, applicant_name, search_folded, received_at, created_at, updated_at)
     VALUES ('d', 'U-260101-0001', 'u', 'p', '1.1', 'Đăng ký khai sinh', 1, 2, 'Trần Văn Đức', 'x', 't', 't', 't')`,
  ).run();
  db.prepare("INSERT INTO components (id, dossier_id, sequence, name, file_id) VALUES ('c', 'd', 1, 'Tờ khai', ?)").run(component.fileId ?? null);
  return db;
}
