import type { Db } from '../database';
import type { MessageKind } from '../../../shared/domain/message-templates';
import { bool, int } from './rows';

export type MessageStatus = 'queued' | 'sent' | 'failed' | 'cancelled';
export type MessageChannel = 'sms' | 'email';

export interface StoredTemplate {
  kind: MessageKind;
  text: string;
  enabled: boolean;
  updatedAt: string;
}

export interface OutboxMessage {
  id: string;
  dossierId: string;
  dossierCode: string;
  kind: MessageKind;
  eventRef: string;
  channel: MessageChannel | null;
  recipient: string;
  text: string;
  status: MessageStatus;
  createdAt: string;
  sentAt: string | null;
  attempts: number;
  lastError: string | null;
}

interface OutboxRow {
  id: string;
  dossier_id: string;
  dossier_code: string;
  kind: MessageKind;
  event_ref: string;
  channel: MessageChannel | null;
  recipient: string;
  text: string;
  status: MessageStatus;
  created_at: string;
  sent_at: string | null;
  attempts: number;
  last_error: string | null;
}

const toMessage = (r: OutboxRow): OutboxMessage => ({
  id: r.id,
  dossierId: r.dossier_id,
  dossierCode: r.dossier_code,
  kind: r.kind,
  eventRef: r.event_ref,
  channel: r.channel,
  recipient: r.recipient,
  text: r.text,
  status: r.status,
  createdAt: r.created_at,
  sentAt: r.sent_at,
  attempts: r.attempts,
  lastError: r.last_error,
});

const SELECT = 'SELECT m.*, d.code AS dossier_code FROM message_outbox m JOIN dossiers d ON d.id = m.dossier_id';

/** A dossier still counting towards its due moment (for the due-soon warning). */
export interface RunningDossier {
  id: string;
  dueAt: string;
}

/** Templates saved by an administrator and the outbox of messages to applicants (migration 015). */
export class MessagesRepo {
  constructor(private readonly db: Db) {}

  templates(): StoredTemplate[] {
    return (this.db.prepare('SELECT kind, text, enabled, updated_at FROM message_templates ORDER BY kind').all() as { kind: MessageKind; text: string; enabled: number; updated_at: string }[]).map(
      (r) => ({ kind: r.kind, text: r.text, enabled: bool(r.enabled), updatedAt: r.updated_at }),
    );
  }

  template(kind: MessageKind): StoredTemplate | null {
    return this.templates().find((t) => t.kind === kind) ?? null;
  }

  saveTemplate(t: StoredTemplate): void {
    this.db
      .prepare(
        `INSERT INTO message_templates (kind, text, enabled, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(kind) DO UPDATE SET text = excluded.text, enabled = excluded.enabled, updated_at = excluded.updated_at`,
      )
      .run(t.kind, t.text, int(t.enabled), t.updatedAt);
  }

  /** Inserts unless a message for the same (dossier, kind, event) exists; true when inserted. */
  insert(m: Omit<OutboxMessage, 'dossierCode' | 'sentAt' | 'attempts'>): boolean {
    const r = this.db
      .prepare(
        `INSERT INTO message_outbox (id, dossier_id, kind, event_ref, channel, recipient, text, status, created_at, last_error)
         VALUES (@id, @dossierId, @kind, @eventRef, @channel, @recipient, @text, @status, @createdAt, @lastError)
         ON CONFLICT(dossier_id, kind, event_ref) DO NOTHING`,
      )
      .run(m);
    return r.changes === 1;
  }

  get(id: string): OutboxMessage | null {
    const r = this.db.prepare(`${SELECT} WHERE m.id = ?`).get(id) as OutboxRow | undefined;
    return r ? toMessage(r) : null;
  }

  byEvent(dossierId: string, kind: MessageKind, eventRef: string): OutboxMessage | null {
    const r = this.db.prepare(`${SELECT} WHERE m.dossier_id = ? AND m.kind = ? AND m.event_ref = ?`).get(dossierId, kind, eventRef) as OutboxRow | undefined;
    return r ? toMessage(r) : null;
  }

  forDossier(dossierId: string): OutboxMessage[] {
    return (this.db.prepare(`${SELECT} WHERE m.dossier_id = ? ORDER BY m.created_at, m.rowid`).all(dossierId) as OutboxRow[]).map(toMessage);
  }

  list(filter: { status?: MessageStatus; limit: number; offset: number }): { items: OutboxMessage[]; total: number } {
    const where = filter.status ? 'WHERE m.status = ?' : '';
    const params = filter.status ? [filter.status] : [];
    const total = (this.db.prepare(`SELECT count(*) AS n FROM message_outbox m ${where}`).get(...params) as { n: number }).n;
    const items = (this.db.prepare(`${SELECT} ${where} ORDER BY m.created_at, m.rowid LIMIT ? OFFSET ?`).all(...params, filter.limit, filter.offset) as OutboxRow[]).map(toMessage);
    return { items, total };
  }

  markSent(id: string, at: string): void {
    this.db.prepare("UPDATE message_outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?").run(at, id);
  }

  markFailed(id: string, error: string): void {
    this.db.prepare("UPDATE message_outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?").run(error, id);
  }

  /**
   * Dossiers received or in processing (clock running) whose current due moment (after pauses and
   * apologies) is in (from, to]. Not another desk's dossier held here (source 'sync'): its own desk
   * warns its applicant.
   */
  runningDueBetween(fromIso: string, toIso: string): RunningDossier[] {
    return this.db
      .prepare(
        `SELECT id, current_due_at AS dueAt FROM dossiers
          WHERE status IN (2, 4) AND source <> 'sync' AND ended_at IS NULL AND paused_since IS NULL AND current_due_at IS NOT NULL AND current_due_at > ? AND current_due_at <= ?
          ORDER BY current_due_at`,
      )
      .all(fromIso, toIso) as RunningDossier[];
  }
}
