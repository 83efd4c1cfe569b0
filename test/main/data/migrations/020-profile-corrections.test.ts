import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/data/migrations';
import { ApplicantsRepo } from '../../../../main/data/repos/applicants';
import { seededDatabase } from './seed';

describe('migration 020 (profile corrections)', () => {
  it('keeps the values and their provenance, none of them marked corrected; a correction is marked and cleared when the value comes again from the card', () => {
    const db = seededDatabase(18);
    db.prepare("INSERT INTO applicant_profiles (id_number, ref, name, name_folded, address, updated_at) VALUES ('079203001234', 'r', 'Lê Thị Hoa', 'le thi hoa', '1 Lê Lợi', 't0')").run();
    db.prepare("INSERT INTO applicant_profile_values (id_number, field, source, at) VALUES ('079203001234', 'name', 'card', 't0'), ('079203001234', 'address', 'dossier', 't0')").run();
    expect(migrate(db, 20)).toBe(20);

    const repo = new ApplicantsRepo(db);
    expect(repo.get('079203001234')).toMatchObject({ name: 'Lê Thị Hoa', address: '1 Lê Lợi', provenance: { name: { source: 'card', at: 't0' }, address: { source: 'dossier', at: 't0' } } });
    expect(repo.correctedFields('079203001234')).toEqual(new Set());

    repo.set('079203001234', { address: '45 Nguyễn Huệ' }, { address: { source: 'officer', corrected: true } }, 't1', null);
    expect(repo.correctedFields('079203001234')).toEqual(new Set(['address']));
    repo.set('079203001234', { address: '1 Lê Lợi' }, { address: { source: 'card' } }, 't2', null);
    expect(repo.correctedFields('079203001234')).toEqual(new Set());
    expect(() => db.prepare("UPDATE applicant_profile_values SET corrected = 2").run()).toThrow(/CHECK/);
  });
});
