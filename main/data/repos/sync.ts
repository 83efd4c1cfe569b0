// The desk's sync outbox (filled by the triggers of migration 018), the rows the client reads to
// build each item's payload at send time, the sync state (enrollment, cursor, last results) and the
// upstream changes a pull applies. See main/sync/client.ts and docs/sync-protocol.md.
import type { Statement } from 'better-sqlite3';
import { prepared } from './rows';
import type { Db } from '../database';
import type { OutboxKind } from '../../../shared/contract/sync';

export type OutboxState = 'pending' | 'done' | 'rejected' | 'resent';

export interface OutboxRow {
  seq: number;
  id: string;
  kind: OutboxKind;
  entityId: string;
  dossierId: string | null;
  at: string;
  state: OutboxState;
  attempts: number;
  code: string | null;
  message: string | null;
  sentAt: string | null;
}

export interface DossierKeyRow {
  unitCode: string;
  code: string;
}

/** A dossier as the payload builder reads it (reception columns, plus names it needs). */
export interface SyncDossierRow {
  id: string;
  procedure_code: string;
  procedure_name: string;
  field: string | null;
  channel: number;
  applicant_name: string;
  applicant_id_number: string;
  applicant_address: string;
  applicant_phone: string;
  applicant_email: string;
  received_at: string;
  due_at: string | null;
  officer_name: string | null;
  fees_json: string;
}

export interface SyncEventRow {
  id: string;
  dossier_id: string;
  status: number;
  at: string;
  note: string;
  officer_name: string | null;
  detail_json: string;
}

export interface SyncComponentRow {
  id: string;
  dossier_id: string;
  sequence: number;
  name: string;
  file_id: string | null;
  file_ext: string | null;
  reused_from: string | null;
  result_code: string | null;
}

/** The fields an upstream change may set on a dossier (column → value), already checked. */
export interface UpstreamDossierFields {
  status?: number;
  result_code?: string | null;
  result_file?: string | null;
  ended_at?: string | null;
  returned_at?: string | null;
  paid_online?: number;
  complaint?: number;
}

const OUTBOX_COLUMNS = 'seq, id, kind, entity_id AS entityId, dossier_id AS dossierId, at, state, attempts, code, message, sent_at AS sentAt';
/** The dossier columns an upstream change may set. */
export const UPSTREAM_COLUMNS = new Set(['status', 'result_code', 'result_file', 'ended_at', 'returned_at', 'paid_online', 'complaint']);

export class SyncRepo {
  constructor(private readonly db: Db) {}

  /** Statements prepared once per store (a sync pass runs several for every outbox item). */
  private stmt(sql: string): Statement {
    return prepared(this.db, sql);
  }

  /** Pending items in seq order, from `afterSeq` on. */
  pending(limit: number, afterSeq = 0): OutboxRow[] {
    return this.stmt(`SELECT ${OUTBOX_COLUMNS} FROM sync_outbox WHERE state = 'pending' AND seq > ? ORDER BY seq LIMIT ?`).all(afterSeq, limit) as OutboxRow[];
  }

  /** Items set aside, with the code of their dossier when they have one. */
  rejected(limit = 200): (OutboxRow & { dossierCode: string | null })[] {
    return this.stmt(
      `SELECT ${OUTBOX_COLUMNS.split(', ').map((c) => `o.${c}`).join(', ')}, k.code AS dossierCode
       FROM sync_outbox o LEFT JOIN sync_dossier_keys k ON k.dossier_id = o.dossier_id WHERE o.state = 'rejected' ORDER BY o.seq LIMIT ?`,
    ).all(limit) as (OutboxRow & { dossierCode: string | null })[];
  }

  item(seq: number): OutboxRow | null {
    return (this.stmt(`SELECT ${OUTBOX_COLUMNS} FROM sync_outbox WHERE seq = ?`).get(seq) as OutboxRow | undefined) ?? null;
  }

  counts(): Record<OutboxState, number> {
    const out: Record<OutboxState, number> = { pending: 0, done: 0, rejected: 0, resent: 0 };
    for (const r of this.stmt('SELECT state, count(*) AS n FROM sync_outbox GROUP BY state').all() as { state: OutboxState; n: number }[]) out[r.state] = r.n;
    return out;
  }

  /** Counts one more send attempt on each item. */
  noteAttempt(seqs: number[]): void {
    const st = this.stmt('UPDATE sync_outbox SET attempts = attempts + 1 WHERE seq = ?');
    this.db.transaction(() => seqs.forEach((s) => st.run(s)))();
  }

  markDone(seq: number, at: string): void {
    this.stmt("UPDATE sync_outbox SET state = 'done', code = NULL, message = NULL, sent_at = ? WHERE seq = ?").run(at, seq);
  }

  /** Set aside with the receiver's (Vietnamese) message; kept until an officer resends it. */
  markRejected(seq: number, code: string, message: string, at: string): void {
    this.stmt("UPDATE sync_outbox SET state = 'rejected', code = ?, message = ?, sent_at = ? WHERE seq = ?").run(code, message, at, seq);
  }

  /**
   * Queues rejected items again (one, or all when `seq` is null) as new items (new seq and id, same
   * entity); the rejected rows are kept as 'resent'. Returns how many.
   */
  resend(seq: number | null): number {
    return this.db.transaction(() => {
      const rows = (seq === null
        ? this.stmt("SELECT seq FROM sync_outbox WHERE state = 'rejected' ORDER BY seq").all()
        : this.stmt("SELECT seq FROM sync_outbox WHERE state = 'rejected' AND seq = ?").all(seq)) as { seq: number }[];
      const copy = this.stmt(
        `INSERT INTO sync_outbox (id, kind, entity_id, dossier_id, at)
         SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' ||
                substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))),
                kind, entity_id, dossier_id, at FROM sync_outbox WHERE seq = ?`,
      );
      const mark = this.stmt("UPDATE sync_outbox SET state = 'resent' WHERE seq = ?");
      for (const r of rows) {
        copy.run(r.seq);
        mark.run(r.seq);
      }
      return rows.length;
    })();
  }

  key(dossierId: string): DossierKeyRow | null {
    return (this.stmt('SELECT unit_code AS unitCode, code FROM sync_dossier_keys WHERE dossier_id = ?').get(dossierId) as DossierKeyRow | undefined) ?? null;
  }

  dossier(id: string): SyncDossierRow | null {
    return (
      (this.stmt(
        `SELECT d.id, d.procedure_code, d.procedure_name, p.field, d.channel, d.applicant_name, d.applicant_id_number, d.applicant_address, d.applicant_phone,
                d.applicant_email, d.received_at, d.due_at, o.full_name AS officer_name, d.fees_json
         FROM dossiers d LEFT JOIN procedures p ON p.id = d.procedure_id LEFT JOIN officers o ON o.id = d.officer_id WHERE d.id = ?`,
      ).get(id) as SyncDossierRow | undefined) ?? null
    );
  }

  event(id: string): SyncEventRow | null {
    return (
      (this.stmt('SELECT e.id, e.dossier_id, e.status, e.at, e.note, o.full_name AS officer_name, e.detail_json FROM dossier_events e LEFT JOIN officers o ON o.id = e.officer_id WHERE e.id = ?').get(
        id,
      ) as SyncEventRow | undefined) ?? null
    );
  }

  component(id: string): SyncComponentRow | null {
    return (
      (this.stmt('SELECT id, dossier_id, sequence, name, file_id, file_ext, reused_from, result_code FROM components WHERE id = ?').get(id) as SyncComponentRow | undefined) ?? null
    );
  }

  /** A whole row of a record table (assisted submissions, messages) for an opaque record payload. */
  record(kind: 'guided' | 'message', id: string): Record<string, unknown> | null {
    const table = kind === 'guided' ? 'assisted_submissions' : 'message_outbox';
    return (this.stmt(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, unknown> | undefined) ?? null;
  }

  getState(): Record<string, string> {
    return Object.fromEntries((this.stmt('SELECT key, value FROM sync_state').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
  }

  /** Sets (a string) or removes (null) state keys, in one transaction. */
  setState(patch: Record<string, string | null>): void {
    const set = this.stmt('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    const del = this.stmt('DELETE FROM sync_state WHERE key = ?');
    this.db.transaction(() => {
      for (const [k, v] of Object.entries(patch)) {
        if (v === null) del.run(k);
        else set.run(k, v);
      }
    })();
  }

  /**
   * Runs `fn` in one transaction marked as sync's own: the outbox triggers skip every change made
   * inside it, so what a pull applies is never sent back.
   */
  applying<T>(fn: () => T): T {
    return this.db.transaction(() => {
      this.stmt('INSERT INTO sync_applying (id) VALUES (1)').run();
      try {
        return fn();
      } finally {
        this.stmt('DELETE FROM sync_applying').run();
      }
    })();
  }

  dossierByKey(unitCode: string, code: string): { id: string; status: number } | null {
    return (
      (this.stmt('SELECT d.id, d.status FROM sync_dossier_keys k JOIN dossiers d ON d.id = k.dossier_id WHERE k.unit_code = ? AND k.code = ?').get(unitCode, code) as
        | { id: string; status: number }
        | undefined) ?? null
    );
  }

  /** Writes upstream-owned columns of a dossier (call inside `applying`). */
  setUpstreamFields(dossierId: string, fields: UpstreamDossierFields, at: string): void {
    const cols = Object.keys(fields).filter((c) => UPSTREAM_COLUMNS.has(c));
    if (cols.length === 0) return;
    this.stmt(`UPDATE dossiers SET ${cols.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`).run(...cols.map((c) => fields[c as keyof UpstreamDossierFields] ?? null), at, dossierId);
  }

  /** An upstream status step in the dossier's history (call inside `applying`). */
  insertUpstreamEvent(e: { id: string; dossierId: string; status: number; at: string; note: string; detail: Record<string, unknown> }): void {
    this.stmt('INSERT OR IGNORE INTO dossier_events (id, dossier_id, status, at, officer_id, note, detail_json) VALUES (?, ?, ?, ?, NULL, ?, ?)').run(e.id, e.dossierId, e.status, e.at, e.note, JSON.stringify(e.detail));
  }
}
