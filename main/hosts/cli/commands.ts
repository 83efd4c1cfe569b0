import { parseArgs } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { backupDatabase, databasePath, openDatabase } from '../../data/database';
import { Store } from '../../data/store';
import { runDoctor } from '../../services/doctor';
import { APP_VERSION } from '../../core/version';
import { ocr, pdf } from './ocr-commands';
import { report } from './report-command';

export interface CliContext {
  dataDir: string;
}

export interface CliCommand {
  summary: string;
  usage: string;
  run(args: string[], ctx: CliContext): Promise<number>;
}

const doctor: CliCommand = {
  summary: 'Kiểm tra cơ sở dữ liệu, dung lượng trống và dữ liệu ngôn ngữ OCR',
  usage: 'Cách dùng: motcua doctor [--json] [--data-dir THƯ_MỤC]',
  async run(args, ctx) {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean' }, 'data-dir': { type: 'string' } }, allowPositionals: false });
    fs.mkdirSync(ctx.dataDir, { recursive: true });
    let store: Store | null = null;
    let openError = '';
    try {
      store = new Store(openDatabase(databasePath(ctx.dataDir)));
    } catch (err) {
      openError = (err as Error).message;
    }
    const report = runDoctor(store, ctx.dataDir);
    if (openError) report.checks[0]!.detail = openError;
    store?.db.close();
    if (values.json) console.log(JSON.stringify(report, null, 2));
    else {
      for (const c of report.checks) console.log(`${c.ok ? '[ OK ]' : '[LỖI]'} ${c.label}: ${c.detail}`);
      console.log(report.ok ? 'Kết quả: máy sẵn sàng.' : 'Kết quả: có mục cần xử lý.');
    }
    return report.ok ? 0 : 1;
  },
};

const backup: CliCommand = {
  summary: 'Sao lưu cơ sở dữ liệu khi ứng dụng vẫn đang chạy (sao lưu trực tuyến)',
  usage: 'Cách dùng: motcua backup --out TỆP.sqlite [--data-dir THƯ_MỤC]',
  async run(args, ctx) {
    const { values } = parseArgs({ args, options: { out: { type: 'string' }, 'data-dir': { type: 'string' } } });
    if (!values.out) {
      console.error('Thiếu --out TỆP.sqlite');
      return 2;
    }
    const db = openDatabase(databasePath(ctx.dataDir), { skipIntegrityCheck: true });
    try {
      await backupDatabase(db, path.resolve(values.out));
    } finally {
      db.close();
    }
    console.log(`Đã sao lưu vào ${path.resolve(values.out)}`);
    return 0;
  },
};

export const commands: Record<string, CliCommand> = { doctor, ocr, pdf, report, backup };

export function printHelp(): void {
  const lines = [
    `motcua ${APP_VERSION} — Một Cửa Số, công cụ dòng lệnh`,
    '',
    'Cách dùng: motcua <lệnh> [tùy chọn]',
    '',
    'Lệnh:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`),
    '',
    'Tùy chọn chung:',
    '  --data-dir THƯ_MỤC   thư mục dữ liệu (mặc định: MOTCUA_DATA_DIR hoặc thư mục dữ liệu ứng dụng của người dùng)',
    '  --help               hướng dẫn của một lệnh: motcua <lệnh> --help',
  ];
  console.log(lines.join('\n'));
}
