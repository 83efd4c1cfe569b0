import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/data/migrations';
import { seededDatabase } from './seed';

describe('migration 005 (assisted online submissions)', () => {
  it('keeps existing data and records guided submissions with their procedure, officer and outcome', () => {
    const db = seededDatabase(4);
    db.prepare("INSERT INTO officers (id, username, full_name, unit_id, role, pin_hash, created_at) VALUES ('o', 'an', 'Nguyễn Văn An', 'u', 'officer', 'h', 't')").run();
    expect(migrate(db, 5)).toBe(5);
    expect(db.prepare('SELECT count(*) AS n FROM dossiers').get()).toEqual({ n: 1 });
    const insert = db.prepare(
      `INSERT INTO assisted_submissions (id, procedure_id, procedure_code, procedure_name, applicant_name, outcome, officer_id, at)
       VALUES (?, ?, '1.1', 'Đăng ký khai sinh', ?, ?, ?, '2026-11-24T01:00:00.000Z')`,
    );
    insert.run('a1', 'p', 'Trần Văn Đức', 'submitted', 'o');
    expect(db.prepare('SELECT portal_code, applicant_phone, note FROM assisted_submissions').get()).toEqual({ portal_code: '', applicant_phone: '', note: '' });
    expect(() => insert.run('a2', 'p', '   ', 'submitted', 'o')).toThrow(/CHECK/);
    expect(() => insert.run('a3', 'p', 'Lê Thị Hoa', 'maybe', 'o')).toThrow(/CHECK/);
    expect(() => insert.run('a4', 'khong-co', 'Lê Thị Hoa', 'submitted', 'o')).toThrow(/FOREIGN KEY/);
    expect(() => insert.run('a5', 'p', 'Lê Thị Hoa', 'submitted', 'ai-do')).toThrow(/FOREIGN KEY/);
  });
});
