// `motcua import-dossiers FILE.jsonl`: dossier histories from the national portal's sync records
// (main/services/history-import.ts), read line by line so a file of any size imports in bounded
// memory. Works on a fresh data directory, before anyone has signed in (IT prepares a desk).
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { databasePath, openDatabase } from '../../data/database';
import { Store } from '../../data/store';
import { defaultPolicyPath, loadPolicy } from '../../config/policy';
import { importDossierHistories, resolveImportUnit } from '../../services/history-import';
import type { CliCommand } from './commands';

export const importDossiers: CliCommand = {
  summary: 'Nhập lịch sử hồ sơ (JSON Lines theo trường đồng bộ của Cổng DVC quốc gia)',
  usage: [
    'Cách dùng: motcua import-dossiers TỆP.jsonl [--unit MÃ_ĐƠN_VỊ] [--unit-name TÊN] [--json] [--data-dir THƯ_MỤC]',
    '  Mỗi dòng một hồ sơ: MaHoSo, MaTTHC, NgayTiepNhan, NgayHenTra, NgayKetThucXuLy, NgayTra, TrangThai,',
    '  KenhThucHien, DuocThanhToanTrucTuyen, HoSoCoThanhPhanSoHoa, MaKetQua, DuongDanTepTinKetQua,',
    '  QuaTrinhXuLy [{TrangThai, ThoiDiem}], và tùy chọn DuocTaiSuDung, DanhSachLePhi [{Gia}], CoPhanAnhKienNghi, ChuHoSo.',
    '  Thời điểm ISO 8601 có múi giờ. Thủ tục lấy theo MaTTHC từ danh mục (motcua import-catalog).',
    '  Cập nhật theo MaHoSo (thay cả quá trình xử lý); nhập lại cùng tệp không thay đổi gì.',
    '  Dòng lỗi được báo theo số dòng và bỏ qua; các dòng khác vẫn được nhập.',
    '  --unit       mã đơn vị nhận các hồ sơ (tạo mới nếu thư mục dữ liệu chưa có); mặc định: đơn vị trong',
    '               tệp chính sách máy, hoặc đơn vị duy nhất đã có',
    '  --unit-name  tên đơn vị khi tạo mới (mặc định: tên trong tệp chính sách máy, hoặc chính mã đơn vị)',
    '  Mã thoát: 0 mọi dòng đã nhập, 1 có dòng bị bỏ qua, 2 không nhập được (tệp, tùy chọn).',
  ].join('\n'),
  async run(args, ctx) {
    let values;
    let positionals;
    try {
      ({ values, positionals } = parseArgs({ args, allowPositionals: true, options: { unit: { type: 'string' }, 'unit-name': { type: 'string' }, json: { type: 'boolean' }, 'data-dir': { type: 'string' } } }));
    } catch (err) {
      console.error(`Tùy chọn không hợp lệ: ${(err as Error).message}. Xem: motcua import-dossiers --help`);
      return 2;
    }
    const [file, extra] = positionals;
    if (!file || extra !== undefined) {
      console.error(this.usage);
      return 2;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      console.error(`Không đọc được tệp ${file}.`);
      return 2;
    }
    if (!stat.isFile()) {
      console.error(`${file} không phải một tệp.`);
      return 2;
    }
    fs.mkdirSync(ctx.dataDir, { recursive: true });
    const store = new Store(openDatabase(databasePath(ctx.dataDir)));
    try {
      const policy = loadPolicy(defaultPolicyPath(process.env, process.platform)).policy;
      let target;
      try {
        target = resolveImportUnit(store, { unitCode: values.unit, unitName: values['unit-name'], policyUnit: policy.unit });
      } catch (err) {
        console.error((err as Error).message);
        return 2;
      }
      const input = fs.createReadStream(file, { encoding: 'utf8' });
      const lines = readline.createInterface({ input, crlfDelay: Infinity });
      const r = await importDossierHistories(store, lines, { unit: target.unit, createUnit: target.create, actor: null, via: 'cli', source: path.basename(file), now: () => new Date() });
      if (values.json) console.log(JSON.stringify(r, null, 2));
      else {
        console.log(`Đơn vị ${r.unitCode}: đọc ${r.lines} dòng — thêm ${r.created}, cập nhật ${r.updated}, không đổi ${r.unchanged}, bỏ qua ${r.refused}.`);
        for (const e of r.errors) console.log(`  Dòng ${e.line}: ${e.message}`);
        if (r.errorsNotListed) console.log(`  … và ${r.errorsNotListed} dòng lỗi khác.`);
      }
      return r.refused > 0 ? 1 : 0;
    } catch (err) {
      console.error(`Không nhập được: ${(err as Error).message}`);
      return 2;
    } finally {
      store.db.close();
    }
  },
};
