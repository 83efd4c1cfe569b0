import type { Db } from '../database';
import type { AuditEntry } from '../../../shared/domain/schemas';

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

export interface NewAuditEntry {
  at: string;
  officerId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  detail: string;
}

export class AuditRepo {
  constructor(private readonly db: Db) {}

  append(e: NewAuditEntry): void {
    this.db
      .prepare(
        'INSERT INTO audit_log (at, officer_id, action, entity, entity_id, detail) VALUES (@at, @officerId, @action, @entity, @entityId, @detail)',
      )
      .run(e);
  }

  lastId(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM audit_log').get() as { id: number }).id;
  }

  list(limit: number): AuditEntry[] {
    return this.db
      .prepare(
        `SELECT id, at, officer_id AS officerId, action, entity, entity_id AS entityId, detail
         FROM audit_log ORDER BY id DESC LIMIT ?`,
      )
      .all(limit) as AuditEntry[];
  }
}
