import type { Migration } from './index';
import { AUDIT_GENESIS, auditRowHash, type AuditChainRow } from '../audit-chain';

// The audit log becomes append-only and tamper-evident: every row carries the previous row's hash
// and its own (SHA-256, see audit-chain.ts), existing rows are chained in id order, and triggers
// refuse UPDATE and DELETE. `motcua doctor` verifies the chain (AuditRepo.verifyChain).
export const migration007: Migration = {
  version: 7,
  name: 'audit-chain',
  up(db) {
    db.exec(`ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
             ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';`);
    const rows = db
      .prepare('SELECT id, at, officer_id AS officerId, action, entity, entity_id AS entityId, detail FROM audit_log ORDER BY id')
      .all() as AuditChainRow[];
    const set = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?');
    let prev = AUDIT_GENESIS;
    for (const r of rows) {
      const hash = auditRowHash(prev, r);
      set.run(prev, hash, r.id);
      prev = hash;
    }
    db.exec(`
      CREATE INDEX audit_log_officer ON audit_log(officer_id, id);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'Nhật ký thao tác chỉ được ghi thêm: không được sửa một mục đã ghi.'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'Nhật ký thao tác chỉ được ghi thêm: không được xóa một mục đã ghi.'); END;
    `);
  },
};
