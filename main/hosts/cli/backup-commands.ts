// `motcua backup` and `motcua restore` (see main/services/backup.ts for the backup's layout).
import { parseArgs } from 'node:util';
import path from 'node:path';
import { databasePath, snapshotDatabase } from '../../data/database';
import { createBackup, restoreBackup } from '../../services/backup';
import type { CliCommand } from './commands';

export const backup: CliCommand = {
  summary: 'Sao lưu cơ sở dữ liệu và mọi tệp đã lưu khi ứng dụng vẫn đang chạy',
  usage: [
    'Cách dùng: motcua backup --out THƯ_MỤC [--keep N] [--data-dir THƯ_MỤC]',
    '  Tạo THƯ_MỤC/motcua-backup-<thời điểm UTC>/ gồm motcua.sqlite (một bản chụp nhất quán),',
    '  files/ (ảnh trang, PDF; trừ files/renditions) và manifest.json (phiên bản, mốc mã hồ sơ,',
    '  SHA-256 và kích thước từng tệp). Bản sao lưu chỉ xuất hiện khi đã ghi xong.',
    '  --keep N  chỉ giữ N bản mới nhất trong THƯ_MỤC (dùng với Task Scheduler / cron).',
    '  Khôi phục: motcua restore --from THƯ_MỤC_SAO_LƯU --data-dir THƯ_MỤC_DỮ_LIỆU',
    'Cách cũ: motcua backup --out TỆP.sqlite chỉ chép cơ sở dữ liệu (không có ảnh và PDF).',
  ].join('\n'),
  async run(args, ctx) {
    const { values } = parseArgs({ args, options: { out: { type: 'string' }, keep: { type: 'string' }, 'data-dir': { type: 'string' } } });
    if (!values.out) {
      console.error('Thiếu --out THƯ_MỤC');
      return 2;
    }
    const keep = values.keep === undefined ? undefined : Number(values.keep);
    if (keep !== undefined && !(Number.isInteger(keep) && keep >= 1)) {
      console.error('--keep phải là số nguyên từ 1 trở lên');
      return 2;
    }
    const out = path.resolve(values.out);
    if (/\.(sqlite|db)$/i.test(out)) {
      await snapshotDatabase(databasePath(ctx.dataDir), out);
      console.log(`Đã sao lưu cơ sở dữ liệu vào ${out} (chỉ cơ sở dữ liệu; dùng --out THƯ_MỤC để sao lưu cả ảnh và PDF)`);
      return 0;
    }
    const started = Date.now();
    const r = await createBackup({ dataDir: ctx.dataDir, outDir: out, keep });
    const bytes = r.manifest.files.reduce((n, f) => n + f.size, r.manifest.database.size);
    console.log(
      `Đã sao lưu vào ${r.dir}: ${r.manifest.dossiers} hồ sơ, ${r.manifest.files.length} tệp, ${(bytes / 1024 ** 2).toFixed(1)} MB trong ${((Date.now() - started) / 1000).toFixed(1)} giây.`,
    );
    for (const d of r.removed) console.log(`Đã xóa bản cũ: ${d}`);
    return 0;
  },
};

export const restore: CliCommand = {
  summary: 'Khôi phục một bản sao lưu vào thư mục dữ liệu (kiểm tra toàn vẹn trước)',
  usage: [
    'Cách dùng: motcua restore --from THƯ_MỤC_SAO_LƯU --data-dir THƯ_MỤC_DỮ_LIỆU [--force]',
    '  Kiểm tra SHA-256 của mọi tệp trong manifest.json trước; bản sao lưu hỏng thì không ghi gì.',
    '  Thư mục dữ liệu phải trống, trừ khi có --force (thay cơ sở dữ liệu, giữ các tệp đã có).',
    '  Không chạy được khi Một Cửa Số đang mở trên thư mục dữ liệu đó.',
  ].join('\n'),
  async run(args, ctx) {
    const { values } = parseArgs({ args, options: { from: { type: 'string' }, force: { type: 'boolean' }, 'data-dir': { type: 'string' } } });
    if (!values.from) {
      console.error('Thiếu --from THƯ_MỤC_SAO_LƯU');
      return 2;
    }
    if (!values['data-dir']) {
      console.error('Thiếu --data-dir THƯ_MỤC_DỮ_LIỆU (nơi khôi phục; nêu rõ để không ghi nhầm vào dữ liệu đang dùng)');
      return 2;
    }
    try {
      const r = await restoreBackup({ from: values.from, dataDir: ctx.dataDir, force: values.force });
      console.log(`Đã khôi phục bản sao lưu ngày ${r.manifest.createdAt} (${r.manifest.dossiers} hồ sơ, ${r.files} tệp) vào ${r.dataDir}.`);
      return 0;
    } catch (err) {
      console.error(`Không khôi phục: ${(err as Error).message}`);
      return 1;
    }
  },
};
