import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/data/migrations';
import { seededDatabase } from './seed';

describe('migration 009 (request log)', () => {
  it('adds an empty request log keyed by request id, and keeps the data', () => {
    const db = seededDatabase(8);
    expect(migrate(db, 9)).toBe(9);
    expect(db.prepare('SELECT count(*) AS n FROM request_log').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT code FROM dossiers').get()).toEqual({ code: 'U-260101-0001' });
    const insert = db.prepare("INSERT INTO request_log (request_id, officer_id, method, input_hash, response_json, at) VALUES ('r1', NULL, 'dossiers.create', 'h', '{}', 't')");
    insert.run();
    expect(() => insert.run()).toThrow(/UNIQUE|PRIMARY KEY/);
  });
});
