// `motcua import-catalog`, run as IT would on a desk's data folder (before anyone signs in).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { motcua } from '../../helpers/cli';
import { tempDir } from '../../helpers/temp';

const root = path.resolve(__dirname, '../../..');

describe('motcua import-catalog', () => {
  it('imports the sample into an empty data folder, audited as the CLI; then a CSV with a broken row, by its line', () => {
    const dir = tempDir();
    const sample = path.join(root, 'samples', 'catalog-sample.xlsx');
    const dry = motcua(['import-catalog', sample, '--dry-run', '--data-dir', dir]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^Chạy thử \(chưa ghi gì\): tệp catalog-sample\.xlsx \(Excel\), 20 thủ tục\.\nThêm mới: 20 · Cập nhật: 0 · Không đổi: 0 · Ngừng áp dụng: 0/);

    const r = motcua(['import-catalog', sample, '--data-dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    const db = new Database(path.join(dir, 'motcua.sqlite'), { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM procedures WHERE retired = 0').get()).toEqual({ n: 20 });
    const summary = db.prepare("SELECT officer_id, detail FROM audit_log WHERE action = 'catalog.import'").get() as { officer_id: string | null; detail: string };
    expect(summary.officer_id).toBeNull();
    expect(JSON.parse(summary.detail)).toMatchObject({ via: 'cli', osUser: os.userInfo().username, created: 20, file: 'catalog-sample.xlsx' });
    db.close();

    const csv = path.join(tempDir(), 'danh-muc.csv');
    fs.writeFileSync(csv, '\uFEFFMã thủ tục,Tên thủ tục,Số ngày giải quyết\r\n1.001193,Đăng ký khai sinh,0\r\n1.000656,Đăng ký khai tử,-3\r\n9.999999,Thủ tục mới,2\r\n');
    const partial = motcua(['import-catalog', csv, '--full', '--json', '--data-dir', dir]);
    expect(partial.code).toBe(1);
    const report = JSON.parse(partial.stdout);
    expect(report).toMatchObject({ format: 'csv', mode: 'full', created: ['9.999999'], retired: [], retireSkipped: 18 });
    expect(report.errors).toEqual([{ where: 'Dòng 3', line: 3, code: '1.000656', message: 'Dòng 3 (mã 1.000656): Số ngày giải quyết: phải là số không âm, không phải “-3”.' }]);
    const text = motcua(['import-catalog', csv, '--full', '--data-dir', dir]);
    expect(text.stdout).toContain('Không ngừng áp dụng 18 thủ tục vắng mặt trong tệp vì tệp còn dòng lỗi');
  });

  it('refuses an unreadable, empty or oversized file with exit 2 and changes nothing', () => {
    const dir = tempDir();
    const bad = path.join(tempDir(), 'hong.json');
    fs.writeFileSync(bad, '{"procedures": [{"code": "1.1", "name": "A"},]}');
    const r = motcua(['import-catalog', bad, '--data-dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Tệp không phải JSON hợp lệ \(lỗi ở dòng 1, cột 46: dấu phẩy thừa trước dấu \]\)\. Không có gì được nhập/);
    const empty = path.join(tempDir(), 'trong.csv');
    fs.writeFileSync(empty, '');
    expect(motcua(['import-catalog', empty, '--data-dir', dir]).stderr).toContain('Tệp trống');
    const big = path.join(tempDir(), 'lon.json');
    fs.writeFileSync(big, Buffer.alloc(21 * 1024 * 1024, 32));
    const huge = motcua(['import-catalog', big, '--data-dir', dir]);
    expect(huge.code).toBe(2);
    expect(huge.stderr).toMatch(/quá giới hạn 20 MB/);
    expect(motcua(['import-catalog', path.join(dir, 'khong-co.json'), '--data-dir', dir])).toMatchObject({ code: 2, stderr: expect.stringContaining('Không đọc được tệp') });
    expect(motcua(['import-catalog', '--data-dir', dir]).code).toBe(2);
    const db = new Database(path.join(dir, 'motcua.sqlite'), { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM procedures').get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'procedure'").get()).toEqual({ n: 0 });
    db.close();
    expect(motcua(['--help']).stdout).toContain('import-catalog');
  });
});
