import type { Migration } from './index';

// Messages to the applicant (issue 17): the templates an administrator saved (a kind without a row
// uses the shipped default, shared/domain/message-templates.ts) and the outbox that sync delivers.
// One row per (dossier, kind, event): a retried request or a repeated scan never queues twice.
// `channel` is null on a message not sent for want of a phone number or e-mail address ('cancelled').
export const migration013: Migration = {
  version: 13,
  name: 'messages',
  up(db) {
    db.exec(`
      CREATE TABLE message_templates (
        kind TEXT PRIMARY KEY CHECK (kind IN ('received', 'supplement', 'feePaid', 'resultReady', 'resultReturned', 'apology', 'dueSoon')),
        text TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        updated_at TEXT NOT NULL
      );
      CREATE TABLE message_outbox (
        id TEXT PRIMARY KEY,
        dossier_id TEXT NOT NULL REFERENCES dossiers(id),
        kind TEXT NOT NULL CHECK (kind IN ('received', 'supplement', 'feePaid', 'resultReady', 'resultReturned', 'apology', 'dueSoon')),
        event_ref TEXT NOT NULL,
        channel TEXT CHECK (channel IN ('sms', 'email')),
        recipient TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed', 'cancelled')),
        created_at TEXT NOT NULL,
        sent_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error TEXT,
        UNIQUE (dossier_id, kind, event_ref)
      );
      CREATE INDEX message_outbox_status ON message_outbox (status, created_at);
    `);
  },
};
