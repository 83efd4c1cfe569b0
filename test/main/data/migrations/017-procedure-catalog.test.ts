import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/data/migrations';
import { ProceduresRepo } from '../../../../main/data/repos/procedures';
import { seededDatabase } from './seed';

describe('migration 017 (procedure catalog)', () => {
  it('gives existing procedures the catalog fields with defaults, and counts the dossiers already received', () => {
    const db = seededDatabase(16);
    db.prepare(`UPDATE procedures SET components_json = '[{"id":"k","name":"Tờ khai","required":true,"copies":1}]', fee_bearing = 1 WHERE id = 'p'`).run();
    expect(migrate(db, 17)).toBe(17);

    const repo = new ProceduresRepo(db);
    // Stored before: no level, in days, no 15:00 rule, no fees listed (fee-bearing kept), in force; components are originals.
    expect(repo.get('p')).toMatchObject({ level: '', processingDays: 3, processingHours: null, after15hRule: false, feeBearing: true, fees: [], portalUrl: '', retired: false, components: [{ id: 'k', name: 'Tờ khai', kind: 'original' }] });
    expect(db.prepare('SELECT code FROM dossiers').get()).toEqual({ code: 'U-260101-0001' });
    expect(repo.usage('u')).toEqual([{ procedureId: 'p', dossiers: 1, lastReceivedAt: 't' }]);

    // Triggers: a new dossier counts, the version moves with procedures and with dossiers.
    const v0 = repo.version();
    db.prepare(
      `INSERT INTO dossiers (id, code, unit_id, procedure_id, procedure_code, procedure_name, channel, status, applicant_name, search_folded, received_at, created_at, updated_at)
       VALUES ('d2', 'U-260102-0001', 'u', 'p', '1.1', 'Đăng ký khai sinh', 1, 2, 'Lê Thị Hoa', 'x', '2026-01-02T01:00:00.000Z', 't', 't')`,
    ).run();
    expect(repo.usage('u')).toEqual([{ procedureId: 'p', dossiers: 2, lastReceivedAt: 't' }]);
    const v1 = repo.version();
    expect(v1).toEqual({ procedures: v0.procedures, usage: v0.usage + 1 });
    expect(repo.setRetired(['p'], true, '2026-01-03T00:00:00.000Z')).toBe(1);
    expect(repo.version().procedures).toBe(v1.procedures + 1);
    expect(db.prepare("SELECT retired, retired_at FROM procedures WHERE id = 'p'").get()).toEqual({ retired: 1, retired_at: '2026-01-03T00:00:00.000Z' });
    expect(() => db.prepare("UPDATE procedures SET retired = 2 WHERE id = 'p'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE procedures SET processing_hours = -1 WHERE id = 'p'").run()).toThrow(/CHECK/);
    db.prepare("DELETE FROM components").run();
    db.prepare("DELETE FROM dossiers WHERE id = 'd2'").run();
    expect(repo.usage('u')[0]!.dossiers).toBe(1);
  });
});
