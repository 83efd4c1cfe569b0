import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../main/data/migrations';
import { seededDatabase } from './seed';

describe('migration 004 (officer certificates)', () => {
  it('keeps existing components unsigned and stores one certificate per officer', () => {
    const db = seededDatabase(3, { fileId: 'sha-of-pdf' });
    db.prepare("INSERT INTO officers (id, username, full_name, unit_id, role, pin_hash, created_at) VALUES ('o', 'an', 'Nguyễn Văn An', 'u', 'officer', 'h', 't')").run();

    expect(migrate(db, 4)).toBe(4);

    // A file built before signing existed is recorded as not signed, not as signed by someone.
    expect(db.prepare('SELECT file_id, signed_by FROM components').get()).toEqual({ file_id: 'sha-of-pdf', signed_by: null });
    const insert = db.prepare(
      `INSERT INTO officer_certificates (officer_id, kind, p12, subject, issuer, serial, not_before, not_after, updated_at)
       VALUES (?, 'p12', ?, 'Nguyễn Văn An', 'CA', '01', 'a', 'b', 't')`,
    );
    insert.run('o', Buffer.from([1, 2, 3]));
    expect(() => insert.run('o', Buffer.from([4]))).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => insert.run('nobody', Buffer.from([4]))).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("UPDATE officer_certificates SET p12 = x'' WHERE officer_id = 'o'").run()).toThrow(/CHECK/);
    expect((db.prepare('SELECT p12 FROM officer_certificates').get() as { p12: Buffer }).p12).toEqual(Buffer.from([1, 2, 3]));
    // A token entry names where its key is; one that does not is refused.
    db.prepare("UPDATE officer_certificates SET kind = 'pkcs11', p12 = NULL, pkcs11_library = '/usr/lib/token.so', token_serial = 'A1', key_id = '01' WHERE officer_id = 'o'").run();
    expect(() => db.prepare("UPDATE officer_certificates SET key_id = NULL WHERE officer_id = 'o'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE officer_certificates SET kind = 'p12' WHERE officer_id = 'o'").run()).toThrow(/CHECK/);
  });
});
