// The audit log is hash-chained: each row's hash is SHA-256 over a canonical serialization of the
// previous row's hash and the row's own fields (id included, so a renumbered or missing row breaks
// the chain). Migration 007 back-fills with this function and AuditRepo appends with it, so both
// always agree on the format.
import crypto from 'node:crypto';

/** The "previous hash" of the first row. */
export const AUDIT_GENESIS = '0'.repeat(64);

export interface AuditChainRow {
  id: number;
  at: string;
  officerId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  detail: string;
}

/** JSON of a fixed-order array: no key order, whitespace or escaping ambiguity. */
export function auditRowHash(prevHash: string, r: AuditChainRow): string {
  const canonical = JSON.stringify([prevHash, r.id, r.at, r.officerId, r.action, r.entity, r.entityId, r.detail]);
  return crypto.createHash('sha256').update(canonical, 'utf8').digest('hex');
}
