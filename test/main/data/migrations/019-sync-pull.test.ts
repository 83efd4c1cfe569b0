import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/data/migrations';
import { SyncPullRepo } from '../../../../main/data/repos/sync-pull';
import { OTHER_DESK_READ_ONLY, toErrorPayload } from '../../../../shared/contract/errors';
import { seededDatabase } from './seed';

describe('migration 019 (sync pull)', () => {
  it('keeps existing dossiers as this desk’s own, holds other desks’ dossiers read-only outside a pull, and orders pulled fields by stamp', () => {
    const db = seededDatabase(18);
    expect(migrate(db, 19)).toBe(19);
    // Dossiers already held are this desk's own: no origin desk, editable, components without a remote file.
    expect(db.prepare("SELECT source, origin_desk, origin_desk_name, origin_officer_name FROM dossiers WHERE id = 'd'").get()).toEqual({ source: 'desk', origin_desk: null, origin_desk_name: '', origin_officer_name: '' });
    expect(db.prepare("SELECT remote_sha256, remote_url, remote_reused FROM components WHERE id = 'c'").get()).toEqual({ remote_sha256: null, remote_url: null, remote_reused: 0 });
    db.prepare("UPDATE dossiers SET applicant_phone = '0903000111' WHERE id = 'd'").run();

    const repo = new SyncPullRepo(db);
    // Another desk's dossier, written the way a pull writes it (inside sync_applying).
    db.prepare('INSERT INTO sync_applying (id) VALUES (1)').run();
    repo.insertRemoteDossier({ id: 'r', code: 'U-260101-0002', unitCode: 'U', unitId: 'u', procedureId: 'p', procedureCode: '1.1', procedureName: 'Đăng ký khai sinh', channel: 1, applicantName: 'Lê Thị Hoa', receivedAt: '2026-01-01T02:00:00.000Z', originDesk: 'desk-b', originDeskName: 'Quầy 2', at: 't' });
    repo.setRemoteComponent({ dossierId: 'r', componentCode: '1', name: 'Tờ khai', sha256: 'a'.repeat(64), url: `http://tinh/files/${'a'.repeat(64)}`, reused: false, at: 't' });
    expect(repo.insertEvent({ eventId: 'desk-b/e1', dossierId: 'r', status: 2, at: '2026-01-01T02:00:00.000Z', note: '', detail: {} })).toBe(true);
    expect(repo.insertEvent({ eventId: 'desk-b/e1', dossierId: 'r', status: 2, at: '2026-01-01T02:00:00.000Z', note: '', detail: {} })).toBe(false);
    db.prepare('DELETE FROM sync_applying').run();
    // Nothing of it goes to the outbox (a pull never sends back), and it is read-only here.
    expect(db.prepare("SELECT count(*) AS n FROM sync_outbox WHERE dossier_id = 'r'").get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT source, origin_desk, origin_desk_name FROM dossiers WHERE id = 'r'").get()).toEqual({ source: 'sync', origin_desk: 'desk-b', origin_desk_name: 'Quầy 2' });
    expect(db.prepare("SELECT unit_code, code FROM sync_dossier_keys WHERE dossier_id = 'r'").get()).toEqual({ unit_code: 'U', code: 'U-260101-0002' });
    expect(() => db.prepare("UPDATE dossiers SET status = 10 WHERE id = 'r'").run()).toThrow(/quầy khác tiếp nhận/);
    expect(() => db.prepare("INSERT INTO dossier_events (id, dossier_id, status, at, note) VALUES ('x', 'r', 10, 't', '')").run()).toThrow(/quầy khác tiếp nhận/);
    expect(() => db.prepare("UPDATE components SET file_id = 'f' WHERE dossier_id = 'r'").run()).toThrow(/quầy khác tiếp nhận/);
    // Whatever service reaches it, the officer reads why (not an internal error).
    let caught: unknown;
    try {
      db.prepare("UPDATE dossiers SET applicant_phone = '1' WHERE id = 'r'").run();
    } catch (err) {
      caught = err;
    }
    expect(toErrorPayload(caught)).toEqual({ code: 'FORBIDDEN', message: OTHER_DESK_READ_ONLY });
    expect(() => db.prepare("UPDATE components SET remote_sha256 = 'XYZ' WHERE id = 'c'").run()).toThrow(/CHECK/);
    expect(repo.remoteCounts()).toEqual({ dossiers: 1, desks: 1 });

    // Stamps: a newer change claims the field; an older or the same one does not.
    expect(repo.claim('dossier', 'U/U-260101-0002', 'status', { t: 2000, origin: 'upstream', changeId: 7 })).toBe(true);
    expect(repo.claim('dossier', 'U/U-260101-0002', 'status', { t: 1000, origin: 'upstream', changeId: 9 })).toBe(false);
    expect(repo.claim('dossier', 'U/U-260101-0002', 'status', { t: 2000, origin: 'upstream', changeId: 7 })).toBe(false);
    expect(repo.claim('dossier', 'U/U-260101-0002', 'status', { t: 2000, origin: 'upstream', changeId: 8 })).toBe(true);
    expect(repo.stamp('dossier', 'U/U-260101-0002', 'status')).toEqual({ t: 2000, origin: 'upstream', changeId: 8 });
    expect(() => db.prepare("INSERT INTO sync_stamps (kind, entity, t, origin, change_id) VALUES ('other', 'x', 1, 'o', 1)").run()).toThrow(/CHECK/);
  });
});
