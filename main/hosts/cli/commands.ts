import { parseArgs } from 'node:util';
import fs from 'node:fs';
import { databasePath, openDatabase } from '../../data/database';
import { Store } from '../../data/store';
import { runDoctor } from '../../services/doctor';
import { backupFolderOf } from '../../services/backup';
import { APP_VERSION } from '../../core/version';
import { ocr, pdf } from './ocr-commands';
import { report } from './report-command';
import { backup, restore } from './backup-commands';
import { calendar, due } from './calendar-commands';
import { cccd } from './cccd-command';
import { importDossiers } from './import-dossiers-command';
import { sync } from './sync-commands';
import { importCatalog } from './catalog-command';

export interface CliContext {
  dataDir: string;
}

export interface CliCommand {
  summary: string;
  usage: string;
  run(args: string[], ctx: CliContext): Promise<number>;
}

const doctor: CliCommand = {
  summary: 'Kiểm tra cơ sở dữ liệu, tệp đã lưu, dung lượng trống và dữ liệu ngôn ngữ OCR',
  usage: [
    'Cách dùng: motcua doctor [--deep] [--clean] [--json] [--data-dir THƯ_MỤC]',
    '  Luôn kiểm tra: mọi tệp hồ sơ tham chiếu có mặt, tệp tạm còn sót, tệp không thuộc hồ sơ nào,',
    '  cơ sở dữ liệu có bị lùi so với mốc mã hồ sơ không.',
    '  --deep   đọc lại từng tệp và so SHA-256 với tên của nó (chậm với kho lớn)',
    '  --clean  xóa các tệp tạm còn sót (cũ hơn 10 phút)',
  ].join('\n'),
  async run(args, ctx) {
    const { values } = parseArgs({
      args,
      options: { json: { type: 'boolean' }, deep: { type: 'boolean' }, clean: { type: 'boolean' }, 'data-dir': { type: 'string' } },
      allowPositionals: false,
    });
    fs.mkdirSync(ctx.dataDir, { recursive: true });
    let store: Store | null = null;
    let openError = '';
    try {
      store = new Store(openDatabase(databasePath(ctx.dataDir)));
    } catch (err) {
      openError = (err as Error).message;
    }
    const report = runDoctor(store, ctx.dataDir, { deep: values.deep, clean: values.clean, backupFolder: store ? backupFolderOf(store) : undefined });
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

export const commands: Record<string, CliCommand> = { doctor, ocr, pdf, report, backup, restore, due, calendar, cccd, 'import-catalog': importCatalog, 'import-dossiers': importDossiers, sync };

export function printHelp(): void {
  const lines = [
    `motcua ${APP_VERSION} — Một Cửa Số, công cụ dòng lệnh`,
    '',
    'Cách dùng: motcua <lệnh> [tùy chọn]',
    '',
    'Lệnh:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(16)} ${c.summary}`),
    '',
    'Tùy chọn chung:',
    '  --data-dir THƯ_MỤC   thư mục dữ liệu (mặc định: MOTCUA_DATA_DIR hoặc thư mục dữ liệu ứng dụng của người dùng)',
    '  --help               hướng dẫn của một lệnh: motcua <lệnh> --help',
  ];
  console.log(lines.join('\n'));
}
