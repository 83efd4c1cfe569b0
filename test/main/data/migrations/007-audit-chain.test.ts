import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/data/migrations';
import { AUDIT_GENESIS, auditRowHash } from '../../../../main/data/audit-chain';
import { AuditRepo } from '../../../../main/data/repos/settings-audit';
import { seededDatabase } from './seed';

describe('migration 007 (hash-chained, append-only audit log)', () => {
  it('chains the existing entries in id order and then refuses UPDATE and DELETE', () => {
    const db = seededDatabase(6);
    const insert = db.prepare("INSERT INTO audit_log (at, officer_id, action, entity, entity_id, detail) VALUES (?, NULL, ?, 'dossier', 'd', '')");
    insert.run('2026-01-01T01:00:00.000Z', 'create');
    insert.run('2026-01-01T02:00:00.000Z', 'status');
    expect(migrate(db, 7)).toBe(7);
    const rows = db.prepare('SELECT id, at, officer_id AS officerId, action, entity, entity_id AS entityId, detail, prev_hash, hash FROM audit_log ORDER BY id').all() as {
      id: number; at: string; officerId: null; action: string; entity: string; entityId: string; detail: string; prev_hash: string; hash: string;
    }[];
    expect(rows[0]!.prev_hash).toBe(AUDIT_GENESIS);
    expect(rows[0]!.hash).toBe(auditRowHash(AUDIT_GENESIS, rows[0]!));
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(rows[1]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(new AuditRepo(db).verifyChain()).toEqual({ checked: 2, brokenId: null, reason: null });

    expect(() => db.prepare("UPDATE audit_log SET detail = 'x' WHERE id = 1").run()).toThrow(/không được sửa/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE id = 2').run()).toThrow(/không được xóa/);
    // New entries continue the chain.
    new AuditRepo(db).append({ at: '2026-01-01T03:00:00.000Z', officerId: null, action: 'view', entity: 'dossier', entityId: 'd', detail: '' });
    expect(new AuditRepo(db).verifyChain()).toEqual({ checked: 3, brokenId: null, reason: null });
  });
});
