import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/data/migrations';
import { seededDatabase } from './seed';

describe('migration 012 (dossier index fields)', () => {
  it('adds the index fields with "nothing recorded" defaults and keeps the original due moment as the current one', () => {
    const db = seededDatabase(11);
    db.prepare("UPDATE dossiers SET due_at = '2026-01-08T10:00:00.000Z'").run();
    db.prepare("INSERT INTO dossier_events (id, dossier_id, status, at, note) VALUES ('e', 'd', 2, 't', '')").run();
    expect(migrate(db, 12)).toBe(12);
    expect(db.prepare('SELECT fees_json, paid_online, result_code, result_file, complaint, source, current_due_at, paused_since FROM dossiers').get()).toEqual({
      fees_json: '[]',
      paid_online: 0,
      result_code: null,
      result_file: null,
      complaint: 0,
      source: 'desk',
      current_due_at: '2026-01-08T10:00:00.000Z',
      paused_since: null,
    });
    expect(db.prepare('SELECT detail_json FROM dossier_events').get()).toEqual({ detail_json: '{}' });
  });

  it('refuses values the portal does not know', () => {
    const db = seededDatabase(12);
    expect(() => db.prepare('UPDATE dossiers SET paid_online = 3').run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE dossiers SET source = 'elsewhere'").run()).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE dossiers SET complaint = 2').run()).toThrow(/CHECK/);
  });
});
