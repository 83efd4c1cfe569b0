import type { Db } from '../database';
import type { AuditEntry } from '../../../shared/domain/schemas';
import { AUDIT_GENESIS, auditRowHash, type AuditChainRow } from '../audit-chain';

export class SettingsRepo {
  constructor(private readonly db: Db) {}

  all(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const r of this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[]) {
      try {
        out[r.key] = JSON.parse(r.value);
      } catch {
        // A value that no longer parses falls back to its default rather than blocking start-up.
      }
    }
    return out;
  }

  set(key: string, value: unknown): void {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(key, JSON.stringify(value));
  }
}

/** An entry to append: the chain's row without the id the log gives it. */
export type NewAuditEntry = Omit<AuditChainRow, 'id'>;

export interface AuditFilter {
  officerId?: string;
  action?: string;
  /** Instants (ISO), `from` inclusive, `to` exclusive. */
  fromIso?: string;
  toIso?: string;
  limit: number;
  offset?: number;
}

export type AuditListRow = AuditEntry & { officerName: string | null; hash: string };

/** The first entry at which the chain breaks, and how; `brokenId` null: intact. */
export interface ChainCheck {
  checked: number;
  brokenId: number | null;
  reason: 'edited' | 'gap' | 'relinked' | 'removed-tail' | null;
}

export class AuditRepo {
  constructor(private readonly db: Db) {}

  /**
   * Appends one entry, chained to the last. Runs in a transaction of its own (nested as a savepoint
   * when the caller already holds one), so reading the last hash and inserting cannot interleave
   * with another writer. The id is the next one AUTOINCREMENT would give, written explicitly
   * because it is part of the hash.
   */
  append(e: NewAuditEntry): void {
    this.db.transaction(() => {
      const seq = this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").get() as { seq: number } | undefined;
      const last = this.db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined;
      const id = (seq?.seq ?? 0) + 1;
      const prevHash = last?.hash ?? AUDIT_GENESIS;
      const hash = auditRowHash(prevHash, { id, ...e });
      this.db
        .prepare(
          `INSERT INTO audit_log (id, at, officer_id, action, entity, entity_id, detail, prev_hash, hash)
           VALUES (@id, @at, @officerId, @action, @entity, @entityId, @detail, @prevHash, @hash)`,
        )
        .run({ ...e, id, prevHash, hash });
    })();
  }

  lastId(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM audit_log').get() as { id: number }).id;
  }

  private where(f: Omit<AuditFilter, 'limit' | 'offset'>): { sql: string; params: unknown[] } {
    const conds: string[] = [];
    const params: unknown[] = [];
    const add = (cond: string, value: unknown) => {
      conds.push(cond);
      params.push(value);
    };
    if (f.officerId) add('a.officer_id = ?', f.officerId);
    if (f.action) add('a.action = ?', f.action);
    if (f.fromIso) add('a.at >= ?', f.fromIso);
    if (f.toIso) add('a.at < ?', f.toIso);
    return { sql: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
  }

  /** Newest first, with the officer's name. */
  list(f: AuditFilter | number): AuditListRow[] {
    const filter: AuditFilter = typeof f === 'number' ? { limit: f } : f;
    const w = this.where(filter);
    return this.db
      .prepare(
        `SELECT a.id, a.at, a.officer_id AS officerId, o.full_name AS officerName, a.action, a.entity, a.entity_id AS entityId, a.detail, a.hash
         FROM audit_log a LEFT JOIN officers o ON o.id = a.officer_id ${w.sql} ORDER BY a.id DESC LIMIT ? OFFSET ?`,
      )
      .all(...w.params, filter.limit, filter.offset ?? 0) as AuditListRow[];
  }

  /** The actions recorded so far (for the filter). */
  actions(): string[] {
    return (this.db.prepare('SELECT DISTINCT action FROM audit_log ORDER BY action').all() as { action: string }[]).map((r) => r.action);
  }

  /**
   * Walks the chain in id order: ids must run 1, 2, 3… with no gap, each row must name the previous
   * row's hash and its own hash must match its fields; the last id must be the last AUTOINCREMENT
   * gave (else rows were removed from the end).
   */
  verifyChain(): ChainCheck {
    let prev = AUDIT_GENESIS;
    let expectedId = 1;
    let checked = 0;
    const rows = this.db
      .prepare('SELECT id, at, officer_id AS officerId, action, entity, entity_id AS entityId, detail, prev_hash AS prevHash, hash FROM audit_log ORDER BY id')
      .iterate() as IterableIterator<AuditChainRow & { prevHash: string; hash: string }>;
    for (const r of rows) {
      if (r.id !== expectedId) return { checked, brokenId: r.id, reason: 'gap' };
      if (r.prevHash !== prev) return { checked, brokenId: r.id, reason: 'relinked' };
      if (auditRowHash(prev, r) !== r.hash) return { checked, brokenId: r.id, reason: 'edited' };
      prev = r.hash;
      expectedId++;
      checked++;
    }
    const seq = this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").get() as { seq: number } | undefined;
    if (seq && seq.seq >= expectedId) return { checked, brokenId: expectedId, reason: 'removed-tail' };
    return { checked, brokenId: null, reason: null };
  }

  /** The dossier a served file belongs to (for the audit of opened files), when known. */
  fileDossier(kind: string, fileId: string): { id: string; code: string } | null {
    const sql =
      kind === 'pdf'
        ? 'SELECT d.id, d.code FROM components c JOIN dossiers d ON d.id = c.dossier_id WHERE c.file_id = ? LIMIT 1'
        : kind === 'receipt' || kind === 'report'
          ? null
          : 'SELECT d.id, d.code FROM pages p JOIN components c ON c.id = p.component_id JOIN dossiers d ON d.id = c.dossier_id WHERE p.image_id = ? LIMIT 1';
    if (!sql) return null;
    return (this.db.prepare(sql).get(fileId) as { id: string; code: string } | undefined) ?? null;
  }
}
