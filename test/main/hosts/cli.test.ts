import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { motcua } from '../../helpers/cli';
import { tempDir } from '../../helpers/temp';

describe('motcua CLI', () => {
  it('prints help in Vietnamese and lists its commands', () => {
    const r = motcua(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Cách dùng: motcua <lệnh>');
    for (const c of ['doctor', 'backup']) expect(r.stdout).toContain(c);
    expect(motcua([]).code).toBe(2);
    const unknown = motcua(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Lệnh không tồn tại');
  });

  it('doctor checks the store, free disk and bundled language data (--data-dir and MOTCUA_DATA_DIR)', () => {
    const dir = tempDir();
    const r = motcua(['doctor', '--json', '--data-dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(['store', 'disk', 'data-dir', 'lang-vie', 'lang-eng', 'lang-osd']));
    expect(fs.existsSync(path.join(dir, 'motcua.sqlite'))).toBe(true);

    const other = tempDir();
    const viaEnv = motcua(['doctor'], { env: { MOTCUA_DATA_DIR: other } });
    expect(viaEnv.code).toBe(0);
    expect(viaEnv.stdout).toContain('[ OK ] Cơ sở dữ liệu');
    expect(fs.existsSync(path.join(other, 'motcua.sqlite'))).toBe(true);
  });

  it('doctor reports a corrupt store with a non-zero exit instead of crashing', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'motcua.sqlite'), Buffer.alloc(8192, 7));
    const r = motcua(['doctor', '--data-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\[LỖI\] Cơ sở dữ liệu: .*(không phải cơ sở dữ liệu hợp lệ|bị lỗi)/);
  });

  it('backup writes a consistent copy that opens on its own', () => {
    const dir = tempDir();
    expect(motcua(['doctor', '--data-dir', dir]).code).toBe(0);
    const out = path.join(tempDir(), 'sao-luu.sqlite');
    const r = motcua(['backup', '--out', out, '--data-dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    const db = new Database(out, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(2);
    db.close();
  });
});
