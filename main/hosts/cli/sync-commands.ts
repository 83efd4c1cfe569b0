// `motcua sync`: IT's view of the desk's sync with the province receiver (issue 19).
//   motcua sync status [--json]        pending / set-aside / sent counts, last success, last error
//   motcua sync now [--json]           one pass now; exit 0 when nothing is left to send
//   motcua sync enroll --token MÃ [--desk-name TÊN]
// The receiver's address comes from the machine policy (upstreamUrl). The CLI keeps the enrollment
// secret with the plain-file fallback (main/sync/secret-vault.ts); a desk enrolled from the Electron
// app (secret encrypted by the OS) syncs from the app, not from the CLI.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { databasePath, openDatabase } from '../../data/database';
import { Store } from '../../data/store';
import { defaultPolicyPath, loadPolicy } from '../../config/policy';
import { DeskSync, policyEnrollment } from '../../services/sync';
import { secretVault } from '../../sync/secret-vault';
import type { SyncStatus } from '../../../shared/contract/sync-desk';
import type { CliCommand } from './commands';

const USAGE = [
  'Cách dùng: motcua sync <status|now|enroll> [tùy chọn] [--data-dir THƯ_MỤC]',
  '  status [--json]                    số mục chờ gửi, bị từ chối, đã gửi; lần đồng bộ thành công gần nhất',
  '  now [--json]                       đồng bộ ngay một lượt; mã thoát 0 khi không còn mục nào chờ gửi',
  '  enroll --token MÃ [--desk-name T]  đăng ký máy với máy chủ tỉnh bằng mã do bộ phận CNTT cấp',
  '  Địa chỉ máy chủ tỉnh lấy từ tệp chính sách máy (upstreamUrl).',
].join('\n');

function printStatus(s: SyncStatus): void {
  console.log(`Máy chủ tỉnh: ${s.upstreamUrl ?? '(chưa cấu hình trong chính sách máy)'}`);
  console.log(`Đăng ký: ${s.enrolled ? `đã đăng ký (mã máy ${s.deskId}, đơn vị ${s.unitCode})` : 'chưa đăng ký'}`);
  console.log(`Chờ gửi: ${s.counts.pending}   Bị từ chối: ${s.counts.failed}   Đã gửi: ${s.counts.done}`);
  console.log(`Đồng bộ thành công gần nhất: ${s.lastSuccessAt ?? 'chưa có'}`);
  console.log(`Nhận thay đổi từ tỉnh gần nhất: ${s.lastPulledAt ?? 'chưa có'}`);
  if (s.role === 'supervisor') console.log(`Hồ sơ của quầy khác (chỉ xem): ${s.remote.dossiers} hồ sơ của ${s.remote.desks} quầy`);
  if (s.lastError) console.log(`Lỗi gần nhất: ${s.lastError}`);
  for (const f of s.failed) console.log(`  [từ chối] #${f.seq} ${f.kind} ${f.dossierCode ?? f.entityId}: ${f.message ?? ''}`);
}

export const sync: CliCommand = {
  summary: 'Đồng bộ với máy chủ tỉnh: xem trạng thái, đồng bộ ngay, đăng ký máy',
  usage: USAGE,
  async run(args, ctx) {
    let parsed;
    try {
      parsed = parseArgs({ args, options: { json: { type: 'boolean' }, token: { type: 'string' }, 'desk-name': { type: 'string' }, 'data-dir': { type: 'string' } }, allowPositionals: true });
    } catch (err) {
      console.error((err as Error).message);
      console.error(USAGE);
      return 2;
    }
    const { values, positionals } = parsed;
    const sub = positionals[0];
    if (!sub || !['status', 'now', 'enroll'].includes(sub)) {
      console.error(USAGE);
      return 2;
    }
    fs.mkdirSync(ctx.dataDir, { recursive: true });
    const policy = loadPolicy(defaultPolicyPath(process.env, process.platform));
    if (policy.view.error) console.error(policy.view.error);
    const store = new Store(openDatabase(databasePath(ctx.dataDir)));
    const now = () => new Date();
    const desk = new DeskSync({
      store,
      dataDir: ctx.dataDir,
      upstreamUrl: () => policy.policy.upstreamUrl,
      vault: secretVault(ctx.dataDir),
      now,
      ...policyEnrollment(store, () => policy.policy.syncEnrollmentToken, now),
    });
    try {
      if (sub === 'status') {
        const s = desk.status();
        if (values.json) console.log(JSON.stringify(s, null, 2));
        else printStatus(s);
        return 0;
      }
      if (sub === 'enroll') {
        if (!values.token) {
          console.error('Thiếu mã đăng ký máy: motcua sync enroll --token MÃ');
          return 2;
        }
        try {
          const s = await desk.enroll(values.token, values['desk-name'] || 'Quầy (dòng lệnh)');
          console.log(`Đã đăng ký máy với máy chủ tỉnh: mã máy ${s.deskId}, đơn vị ${s.unitCode}.`);
          return 0;
        } catch (err) {
          console.error((err as Error).message);
          return 1;
        }
      }
      const pass = await desk.syncNow();
      const s = desk.status();
      if (values.json) console.log(JSON.stringify({ pass, status: s }, null, 2));
      else {
        if (pass.error) console.error(pass.error.message);
        console.log(`Đã tải lên ${pass.uploaded} tệp; gửi ${pass.accepted} mục mới, ${pass.duplicate} mục máy chủ đã có, ${pass.rejected} mục bị từ chối; nhận ${pass.applied} thay đổi từ tỉnh.`);
        printStatus(s);
      }
      return pass.ok && s.counts.pending === 0 ? 0 : 1;
    } finally {
      await desk.stop();
      store.db.close();
    }
  },
};
