// Small helpers for mapping SQLite rows (integers for booleans, JSON text) to domain values, and a
// per-database cache of prepared statements for repos that run the same SQL for every item.
import type { Statement } from 'better-sqlite3';
import type { Db } from '../database';

const preparedByDb = new WeakMap<Db, Map<string, Statement>>();
/** The statement for `sql` on `db`, prepared once (an import or a sync pass runs it for every item). */
export function prepared(db: Db, sql: string): Statement {
  let cache = preparedByDb.get(db);
  if (!cache) preparedByDb.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) cache.set(sql, (s = db.prepare(sql)));
  return s;
}
export const bool = (v: unknown): boolean => v === 1 || v === true;
export const int = (b: boolean): number => (b ? 1 : 0);
export function json<T>(text: unknown, fallback: T): T {
  if (typeof text !== 'string') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
