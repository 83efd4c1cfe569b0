// `npm run serve`: the browser host as a process. Prints MOTCUA_URL=… (tests read that line).
import os from 'node:os';
import path from 'node:path';
import { argValue, resolveDataDir } from '../../config/data-dir';
import { createCore } from '../../core/create-core';
import { startBrowserHost } from './server';
import { TEST_CLOCK_ENV, TEST_SYNC_INTERVAL_ENV, testClockFromEnv } from './test-clock';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log('Cách dùng: npm run serve -- [--data-dir THƯ_MỤC] [--port CỔNG]\nPhục vụ giao diện tại http://127.0.0.1:CỔNG với mã truy cập ngẫu nhiên.');
    return;
  }
  const dataDir = resolveDataDir(argv, process.env, process.platform, os.homedir());
  const port = Number(argValue(argv, '--port') ?? process.env.MOTCUA_PORT ?? 0);
  // Tests only: a clock the e2e spec moves (days at a time, so the idle lock is off with it).
  const testNow = testClockFromEnv(process.env);
  if (testNow) console.error(`[motcua] ĐỒNG HỒ THỬ NGHIỆM (${TEST_CLOCK_ENV}): chỉ dùng khi chạy kiểm thử.`);
  const core = await createCore({
    dataDir,
    host: 'browser',
    ocrPoolSize: process.env.MOTCUA_OCR_WORKERS ? Number(process.env.MOTCUA_OCR_WORKERS) : undefined,
    ...(testNow ? { now: testNow, idleLockMinutes: 0 } : {}),
    // Tests only: the background sync pass interval (0: none, so "Đồng bộ ngay" is the only pass).
    ...(process.env[TEST_SYNC_INTERVAL_ENV] !== undefined ? { syncIntervalMs: Number(process.env[TEST_SYNC_INTERVAL_ENV]) } : {}),
  });
  const host = await startBrowserHost({ core, rendererDir: path.join(__dirname, '..', 'renderer'), port });
  console.log(`MOTCUA_URL=${host.url}`);
  console.error(`Một Cửa Số đang chạy. Mở địa chỉ trên trong trình duyệt. Dữ liệu: ${dataDir}. Nhấn Ctrl+C để dừng.`);
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    await host.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(`Không khởi động được: ${(err as Error).message}`);
  process.exit(1);
});
