import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupDatabase, openDatabase, schemaVersion } from '../../../main/data/database';
import { latestVersion } from '../../../main/data/migrations';
import { tempDir } from '../../helpers/temp';

describe('local store', () => {
  it('opens in WAL mode with foreign keys on, migrated to the latest version', () => {
    const db = openDatabase(path.join(tempDir(), 'a.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(latestVersion);
    db.close();
  });

  it('refuses a file that is not a database with a Vietnamese message', () => {
    const file = path.join(tempDir(), 'bad.sqlite');
    fs.writeFileSync(file, 'đây không phải cơ sở dữ liệu'.repeat(200));
    expect(() => openDatabase(file)).toThrow(/không phải cơ sở dữ liệu hợp lệ|bị lỗi/);
  });

  it('refuses a database from a newer version of the app', () => {
    const file = path.join(tempDir(), 'new.sqlite');
    const db = openDatabase(file);
    db.pragma(`user_version = ${latestVersion + 1}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(/phiên bản mới hơn/);
  });

  it('makes a consistent online backup that opens on its own', async () => {
    const dir = tempDir();
    const db = openDatabase(path.join(dir, 'live.sqlite'));
    db.prepare("INSERT INTO settings VALUES ('k', '\"giá trị\"')").run();
    const copy = path.join(dir, 'backup', 'copy.sqlite');
    await backupDatabase(db, copy);
    db.prepare("INSERT INTO settings VALUES ('after', '1')").run();
    const restored = openDatabase(copy);
    expect(restored.prepare('SELECT value FROM settings WHERE key = ?').get('k')).toEqual({ value: '"giá trị"' });
    expect(restored.prepare('SELECT count(*) AS n FROM settings').get()).toEqual({ n: 1 });
    restored.close();
    db.close();
  });
});
