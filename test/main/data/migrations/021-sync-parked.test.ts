import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/data/migrations';
import { SyncPullRepo } from '../../../../main/data/repos/sync-pull';
import type { Change } from '../../../../shared/contract/sync';
import { seededDatabase } from './seed';

describe('migration 021 (sync parked changes)', () => {
  it('adds an empty table of parked changes, one row per change id, the reason checked', () => {
    const db = seededDatabase(20);
    const dossiers = (db.prepare('SELECT count(*) AS n FROM dossiers').get() as { n: number }).n;
    expect(migrate(db, 21)).toBe(21);
    expect((db.prepare('SELECT count(*) AS n FROM dossiers').get() as { n: number }).n).toBe(dossiers);

    const repo = new SyncPullRepo(db);
    expect(repo.parkedCounts()).toEqual({ changes: 0, codeTaken: [] });
    const c: Change = { changeId: 7, kind: 'dossierEvent', origin: 'desk:b', originName: 'Quầy B', unitCode: 'U', entityKey: 'B-1', at: '2031-03-10T02:00:00.000Z', payload: { unitCode: 'U', code: 'B-1' } };
    repo.parkChange(c, { unitCode: 'U', code: 'B-1' }, 'no-dossier', 't0');
    repo.parkChange(c, { unitCode: 'U', code: 'B-1' }, 'code-taken', 't1');
    expect(repo.parkedCounts()).toEqual({ changes: 1, codeTaken: ['B-1'] });
    expect(repo.parkedKeys()).toEqual([{ unitCode: 'U', code: 'B-1', codeTaken: true }]);
    expect(repo.takeParked('U', 'B-1')).toEqual([c]);
    expect(repo.parkedCounts().changes).toBe(0);
    expect(() => db.prepare("INSERT INTO sync_parked_changes (change_id, unit_code, code, reason, change_json, parked_at) VALUES (8, 'U', 'B', 'lost', '{}', 't')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO sync_parked_changes (change_id, unit_code, code, reason, change_json, parked_at) VALUES (9, 'U', 'B', 'no-dossier', 'not json', 't')").run()).toThrow(/CHECK/);
  });
});
