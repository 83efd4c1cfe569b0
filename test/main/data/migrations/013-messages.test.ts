import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/data/migrations';
import { seededDatabase } from './seed';

describe('migration 013 (messages)', () => {
  it('adds the templates and the outbox, keeps the data, and refuses a second message for the same event', () => {
    const db = seededDatabase(12);
    expect(migrate(db, 13)).toBe(13);
    expect(db.prepare('SELECT code FROM dossiers').get()).toEqual({ code: 'U-260101-0001' });
    expect(db.prepare('SELECT count(*) AS n FROM message_templates').get()).toEqual({ n: 0 });
    const insert = db.prepare(
      "INSERT INTO message_outbox (id, dossier_id, kind, event_ref, channel, recipient, text, created_at) VALUES (?, 'd', 'received', 'reception', 'sms', '0903123456', 'Đã tiếp nhận hồ sơ', 't')",
    );
    insert.run('m1');
    expect(db.prepare("SELECT status, attempts, sent_at FROM message_outbox WHERE id = 'm1'").get()).toEqual({ status: 'queued', attempts: 0, sent_at: null });
    expect(() => insert.run('m2')).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO message_outbox (id, dossier_id, kind, event_ref, text, created_at) VALUES ('m3', 'nope', 'received', 'x', 't', 't')").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("INSERT INTO message_outbox (id, dossier_id, kind, event_ref, text, created_at) VALUES ('m4', 'd', 'hello', 'x', 't', 't')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO message_outbox (id, dossier_id, kind, event_ref, text, status, created_at) VALUES ('m5', 'd', 'dueSoon', 'x', 't', 'lost', 't')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO message_templates (kind, text, enabled, updated_at) VALUES ('received', 'x', 2, 't')").run()).toThrow(/CHECK/);
  });
});
