// `motcua import-catalog FILE`: IT loads the province's procedure catalog into a desk's data folder,
// before anyone has signed in (the folder and its database are made if needed) or beside a running
// app (which picks the change up at its next search). Audited with no officer, `via: cli` and the
// operating-system account that ran it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CatalogImportReport } from '../../../shared/contract/api';
import { AppError } from '../../../shared/contract/errors';
import { MAX_CATALOG_BYTES } from '../../catalog/read';
import { databasePath, openDatabase } from '../../data/database';
import { Store } from '../../data/store';
import { importCatalogFile } from '../../services/catalog';
import type { CliCommand } from './commands';

const FORMAT_NAMES = { json: 'JSON', csv: 'CSV', xlsx: 'Excel' } as const;

export function formatImportReport(r: CatalogImportReport): string {
  const lines = [
    `${r.dryRun ? 'Chạy thử (chưa ghi gì): ' : ''}tệp ${r.fileName} (${FORMAT_NAMES[r.format]}), ${r.rows} thủ tục.`,
    `Thêm mới: ${r.created.length} · Cập nhật: ${r.updated.length}${r.unretired.length ? ` (áp dụng lại ${r.unretired.length})` : ''} · Không đổi: ${r.unchanged} · Ngừng áp dụng: ${r.retired.length}`,
  ];
  if (r.retired.length) lines.push(`  Ngừng áp dụng (không có trong tệp danh mục đầy đủ): ${r.retired.join(', ')}`);
  if (r.retireSkipped) lines.push(`Không ngừng áp dụng ${r.retireSkipped} thủ tục vắng mặt trong tệp vì tệp còn dòng lỗi: sửa các dòng đó rồi nhập lại.`);
  if (r.errors.length) {
    lines.push(`Dòng lỗi, không nhập (${r.errors.length}):`);
    for (const e of r.errors) lines.push(`  ${e.message}`);
  }
  for (const w of r.warnings) lines.push(`Lưu ý: ${w}`);
  return lines.join('\n');
}

export const importCatalog: CliCommand = {
  summary: 'Nhập danh mục thủ tục hành chính (JSON, CSV, Excel .xlsx) vào thư mục dữ liệu',
  usage: [
    'Cách dùng: motcua import-catalog TỆP [--full] [--dry-run] [--json] [--data-dir THƯ_MỤC]',
    '  TỆP        .json ({"procedures": [...]}), .csv (UTF-8) hoặc .xlsx — cách ghi: README, mục “Danh mục thủ tục”',
    '  Thủ tục đã có (theo mã) được cập nhật, hồ sơ đã tiếp nhận không đổi; dòng lỗi được báo kèm số dòng,',
    '  các dòng đúng vẫn được nhập.',
    '  --full     tệp là toàn bộ danh mục: thủ tục đang lưu mà tệp không có sẽ ngừng áp dụng (không xóa;',
    '             chỉ khi mọi dòng của tệp đều đúng)',
    '  --dry-run  chỉ kiểm tra và báo sẽ thay đổi gì, không ghi',
    '  --json     in kết quả dạng JSON',
    `  Mã thoát: 0 mọi dòng đúng; 1 có dòng lỗi (các dòng đúng đã nhập); 2 tệp không đọc được (không có gì thay đổi).`,
    `  Tệp tối đa ${MAX_CATALOG_BYTES / 1024 / 1024} MB.`,
  ].join('\n'),
  async run(args, ctx) {
    let values;
    let positionals;
    try {
      ({ values, positionals } = parseArgs({ args, allowPositionals: true, options: { full: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, 'data-dir': { type: 'string' } } }));
    } catch (err) {
      console.error(`Tùy chọn không hợp lệ: ${(err as Error).message}. Xem: motcua import-catalog --help`);
      return 2;
    }
    const [file, extra] = positionals;
    if (!file || extra) {
      console.error(this.usage);
      return 2;
    }
    let bytes: Buffer;
    try {
      const size = fs.statSync(file).size;
      if (size > MAX_CATALOG_BYTES) {
        console.error(`Tệp ${file} lớn ${(size / 1024 / 1024).toFixed(1)} MB, quá giới hạn ${MAX_CATALOG_BYTES / 1024 / 1024} MB của một danh mục thủ tục. Không có gì được nhập.`);
        return 2;
      }
      bytes = fs.readFileSync(file);
    } catch {
      console.error(`Không đọc được tệp ${file}.`);
      return 2;
    }
    fs.mkdirSync(ctx.dataDir, { recursive: true });
    const store = new Store(openDatabase(databasePath(ctx.dataDir)));
    try {
      const report = await importCatalogFile(store, { name: path.basename(file), bytes }, {
        mode: values.full ? 'full' : 'update',
        dryRun: !!values['dry-run'],
        actor: { officerId: null, via: 'cli', osUser: osUser() },
        at: new Date().toISOString(),
      });
      console.log(values.json ? JSON.stringify(report, null, 2) : formatImportReport(report));
      return report.errors.length ? 1 : 0;
    } catch (err) {
      if (err instanceof AppError) {
        console.error(err.message);
        return 2;
      }
      throw err;
    } finally {
      store.db.close();
    }
  },
};

function osUser(): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    return undefined;
  }
}
