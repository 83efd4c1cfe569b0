import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/data/migrations';
import { seededDatabase } from './seed';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function outbox(db: ReturnType<typeof seededDatabase>) {
  return db.prepare('SELECT seq, id, kind, entity_id AS entityId, dossier_id AS dossierId, at, state FROM sync_outbox ORDER BY seq').all() as {
    seq: number;
    id: string;
    kind: string;
    entityId: string;
    dossierId: string | null;
    at: string;
    state: string;
  }[];
}

describe('migration 016 (sync outbox)', () => {
  it('queues what the desk held before, fixes the upstream keys, and keeps the data', () => {
    const db = seededDatabase(15, { fileId: 'a'.repeat(64) });
    db.prepare("INSERT INTO dossier_events (id, dossier_id, status, at) VALUES ('e0', 'd', 2, 't')").run();
    expect(migrate(db, 16)).toBe(16);
    expect(db.prepare('SELECT code FROM dossiers').get()).toEqual({ code: 'U-260101-0001' });
    expect(db.prepare('SELECT dossier_id, unit_code, code FROM sync_dossier_keys').all()).toEqual([{ dossier_id: 'd', unit_code: 'U', code: 'U-260101-0001' }]);
    const rows = outbox(db);
    expect(rows.map((r) => [r.seq, r.kind, r.entityId, r.state])).toEqual([
      [1, 'dossier', 'd', 'pending'],
      [2, 'dossierEvent', 'e0', 'pending'],
      [3, 'componentFile', 'c', 'pending'],
    ]);
    for (const r of rows) expect(r.id).toMatch(UUID_V4);
    expect(new Set(rows.map((r) => r.id)).size).toBe(3);
  });

  it('records each change once, in the same transaction as the change', () => {
    const db = seededDatabase(15);
    migrate(db, 16);
    // The seeded dossier went out as seq 1 when the migration ran.
    expect(outbox(db).map((r) => r.seq)).toEqual([1]);

    // A new dossier: its key is fixed at insert, its row queued once.
    db.prepare(
      `INSERT INTO dossiers (id, code, unit_id, procedure_id, procedure_code, procedure_name, channel, status, applicant_name, search_folded, received_at, created_at, updated_at)
       VALUES ('d2', 'U-260101-0002', 'u', 'p', '1.1', 'Đăng ký khai sinh', 1, 2, 'Lê Thị Hoa', 'x', '2031-03-10T02:00:00.000Z', '2031-03-10T02:00:00.000Z', '2031-03-10T02:00:00.000Z')`,
    ).run();
    expect(db.prepare("SELECT unit_code, code FROM sync_dossier_keys WHERE dossier_id = 'd2'").get()).toEqual({ unit_code: 'U', code: 'U-260101-0002' });
    // The unit's code changing later does not move the key.
    db.prepare("UPDATE units SET code = 'V' WHERE id = 'u'").run();
    expect(db.prepare("SELECT unit_code FROM sync_dossier_keys WHERE dossier_id = 'd2'").get()).toEqual({ unit_code: 'U' });

    // A status-only update is not a reception change (the event carries it); an applicant change is.
    db.prepare("UPDATE dossiers SET status = 4, updated_at = '2031-03-10T03:00:00.000Z' WHERE id = 'd2'").run();
    db.prepare("UPDATE dossiers SET applicant_phone = '0903123456', updated_at = '2031-03-10T04:00:00.000Z' WHERE id = 'd2'").run();
    db.prepare("UPDATE dossiers SET applicant_phone = '0903123456' WHERE id = 'd2'").run(); // same value: nothing
    db.prepare("INSERT INTO dossier_events (id, dossier_id, status, at) VALUES ('e1', 'd2', 2, '2031-03-10T02:00:00.000Z')").run();
    db.prepare("INSERT INTO components (id, dossier_id, sequence, name) VALUES ('c2', 'd2', 1, 'Tờ khai')").run(); // no file yet: nothing
    db.prepare("UPDATE components SET file_id = ?, file_ext = 'pdf', digitized_at = '2031-03-10T05:00:00.000Z' WHERE id = 'c2'").run('b'.repeat(64));
    db.prepare("UPDATE components SET received = 0 WHERE id = 'c2'").run(); // not a file column: nothing
    db.prepare("INSERT INTO officers (id, username, full_name, unit_id, role, pin_hash, created_at) VALUES ('o', 'an', 'An', 'u', 'officer', 'h', 't')").run();
    db.prepare(
      "INSERT INTO assisted_submissions (id, procedure_id, procedure_code, procedure_name, applicant_name, outcome, officer_id, at) VALUES ('g1', 'p', '1.1', 'x', 'Hoa', 'submitted', 'o', '2031-03-10T06:00:00.000Z')",
    ).run();
    db.prepare("INSERT INTO message_outbox (id, dossier_id, kind, event_ref, channel, recipient, text, created_at) VALUES ('m1', 'd2', 'received', 'reception', 'sms', '0903', 'x', '2031-03-10T07:00:00.000Z')").run();
    db.prepare("UPDATE message_outbox SET status = 'sent', sent_at = '2031-03-10T08:00:00.000Z' WHERE id = 'm1'").run();
    db.prepare("UPDATE message_outbox SET attempts = 1 WHERE id = 'm1'").run(); // bookkeeping only: nothing

    expect(outbox(db).slice(1).map((r) => [r.seq, r.kind, r.entityId, r.dossierId, r.at])).toEqual([
      [2, 'dossier', 'd2', 'd2', '2031-03-10T02:00:00.000Z'],
      [3, 'dossier', 'd2', 'd2', '2031-03-10T04:00:00.000Z'],
      [4, 'dossierEvent', 'e1', 'd2', '2031-03-10T02:00:00.000Z'],
      [5, 'componentFile', 'c2', 'd2', '2031-03-10T05:00:00.000Z'],
      [6, 'guided', 'g1', null, '2031-03-10T06:00:00.000Z'],
      [7, 'message', 'm1', 'd2', '2031-03-10T07:00:00.000Z'],
      [8, 'message', 'm1', 'd2', '2031-03-10T08:00:00.000Z'],
    ]);

    // A rolled-back transaction leaves no outbox row, and its seq is not burnt: the next change gets 9.
    expect(() =>
      db.transaction(() => {
        db.prepare("INSERT INTO dossier_events (id, dossier_id, status, at) VALUES ('e2', 'd2', 3, '2031-03-10T09:00:00.000Z')").run();
        throw new Error('boom');
      })(),
    ).toThrow('boom');
    expect(outbox(db)).toHaveLength(8);
    db.prepare("INSERT INTO dossier_events (id, dossier_id, status, at) VALUES ('e3', 'd2', 3, '2031-03-10T09:00:00.000Z')").run();
    expect(outbox(db).at(-1)).toMatchObject({ seq: 9, entityId: 'e3' });
  });

  it('does not record what sync itself applies', () => {
    const db = seededDatabase(15);
    migrate(db, 16);
    const before = outbox(db).length;
    db.transaction(() => {
      db.prepare('INSERT INTO sync_applying (id) VALUES (1)').run();
      db.prepare("UPDATE dossiers SET status = 5, applicant_name = 'X' WHERE id = 'd'").run();
      db.prepare("INSERT INTO dossier_events (id, dossier_id, status, at) VALUES ('eu', 'd', 5, 't')").run();
      db.prepare('DELETE FROM sync_applying').run();
    })();
    expect(outbox(db)).toHaveLength(before);
    db.prepare("UPDATE dossiers SET applicant_name = 'Y' WHERE id = 'd'").run();
    expect(outbox(db)).toHaveLength(before + 1);
  });
});

describe('migration 016: imported histories stay at the desk', () => {
  it('does not queue a dossier imported from the portal, nor its events', () => {
    const db = seededDatabase(16);
    db.prepare('DELETE FROM sync_outbox').run();
    db.prepare(
      `INSERT INTO dossiers (id, code, unit_id, procedure_id, procedure_code, procedure_name, channel, status, applicant_name, search_folded, received_at, created_at, updated_at, source)
       VALUES ('imp', 'U-251101-0001', 'u', 'p', '1.1', 'Đăng ký khai sinh', 1, 9, 'Lê Thị Hoa', 'x', 't', 't', 't', 'import')`,
    ).run();
    db.prepare("INSERT INTO dossier_events (id, dossier_id, status, at, note) VALUES ('ie', 'imp', 9, 't', '')").run();
    expect(db.prepare('SELECT count(*) AS n FROM sync_outbox').get()).toEqual({ n: 0 });
  });
});
