import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/data/migrations';
import { ApplicantsRepo } from '../../../../main/data/repos/applicants';
import { seededDatabase } from './seed';

describe('migration 018 (applicant profiles)', () => {
  it('fills one profile per ID number from its latest dossier, source "dossier", and keeps no profile for dossiers without a 12-digit ID', () => {
    const db = seededDatabase(17);
    db.prepare("INSERT INTO officers (id, username, full_name, pin_hash, role, unit_id, created_at) VALUES ('o', 'lan', 'Nguyễn Thị Lan', 'x', 'admin', 'u', 't')").run();
    const insert = db.prepare(
      `INSERT INTO dossiers (id, code, unit_id, procedure_id, procedure_code, procedure_name, channel, status, applicant_name, applicant_id_number, applicant_address, applicant_phone, search_folded, received_at, officer_id, created_at, updated_at)
       VALUES (?, ?, 'u', 'p', '1.1', 'Đăng ký khai sinh', 1, 2, ?, ?, ?, ?, 'x', ?, ?, 't', 't')`,
    );
    insert.run('d1', 'U-260102-0001', 'Lê Thị Hoa', '079203001234', '1 Lê Lợi, phường Bến Thành', '0903123456', '2026-01-02T01:00:00.000Z', null);
    insert.run('d2', 'U-260105-0001', 'Lê Thị Hoa', '079203001234', '45 Nguyễn Huệ, xã Tân Lập', '', '2026-01-05T01:00:00.000Z', 'o');
    insert.run('d3', 'U-260105-0002', 'Phạm Văn An', '12345', 'Ấp 3', '', '2026-01-05T02:00:00.000Z', 'o');
    expect(migrate(db, 18)).toBe(18);

    const repo = new ApplicantsRepo(db);
    const p = repo.get('079203001234')!;
    // The latest dossier's details; a phone left empty there is not carried over from the older one.
    expect(p).toMatchObject({ name: 'Lê Thị Hoa', address: '45 Nguyễn Huệ, xã Tân Lập', phone: '', email: '', dob: '', sex: '', updatedAt: '2026-01-05T01:00:00.000Z' });
    expect(p.provenance).toEqual({
      name: { source: 'dossier', at: '2026-01-05T01:00:00.000Z', officerId: 'o', officerName: 'Nguyễn Thị Lan', toCheck: false },
      address: { source: 'dossier', at: '2026-01-05T01:00:00.000Z', officerId: 'o', officerName: 'Nguyễn Thị Lan', toCheck: false },
    });
    expect(p.ref).toMatch(/^[0-9a-f]{32}$/);
    expect(repo.list({ query: 'hoa', limit: 10, offset: 0 }).items.map((i) => i.idNumber)).toEqual(['079203001234']);
    // The seeded dossier (no ID number) and the malformed one make no profile.
    expect(db.prepare('SELECT count(*) AS n FROM applicant_profiles').get()).toEqual({ n: 1 });

    expect(() => db.prepare("INSERT INTO applicant_profile_values (id_number, field, source, at) VALUES ('079203001234', 'phone', 'guess', 't')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE applicant_profiles SET sex = 'x'").run()).toThrow(/CHECK/);
    // Deleting a profile deletes its provenance; the dossiers stay.
    expect(repo.delete('079203001234')).toBe(true);
    expect(db.prepare('SELECT count(*) AS n FROM applicant_profile_values').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM dossiers').get()).toEqual({ n: 4 });
  });
});
