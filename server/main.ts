// The province receiver: `node dist/server/main.cjs` (production, configured by ./config), or
// `npm run serve:upstream` (--trial: a local PostgreSQL database "motcua_upstream" through the Unix
// socket, created if missing, an administrator token and one enrollment token printed).
import crypto from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import pg from 'pg';
import { loadConfig } from './config';
import { migrate, openDb } from './db/db';
import { S3FileStore } from './files/s3-store';
import { DiskFileStore, type FileStore } from './files/store';
import { createApp } from './http/app';
import { LgspPortalAdapter } from './portal/lgsp';
import { Relay, startRelayLoop } from './portal/relay';
import { createEnrollmentToken, systemClock } from './sync/receiver';

async function ensureTrialDatabase(): Promise<string> {
  const socket = process.env.PGHOST ?? '/var/run/postgresql';
  const user = process.env.PGUSER ?? os.userInfo().username;
  const admin = new pg.Client({ host: socket, user, database: 'postgres' });
  await admin.connect();
  const has = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'motcua_upstream'");
  if (has.rowCount === 0) await admin.query('CREATE DATABASE motcua_upstream');
  await admin.end();
  return `postgresql://${user}@/motcua_upstream?host=${socket}`;
}

async function main(): Promise<void> {
  const trial = process.argv.includes('--trial');
  const config = loadConfig();
  if (!config.databaseUrl) {
    if (!trial) throw new Error('Thiếu DATABASE_URL (chuỗi kết nối PostgreSQL).');
    config.databaseUrl = await ensureTrialDatabase();
  }
  if (trial && !config.adminToken) config.adminToken = crypto.randomBytes(18).toString('base64url');
  const db = openDb(config.databaseUrl);
  const applied = await migrate(db);
  if (applied.length) console.log(`Đã áp dụng migration: ${applied.join(', ')}`);
  const log = (line: string) => console.log(`[${new Date().toISOString()}] ${line}`);
  let files: FileStore;
  let where: string;
  if (config.s3) {
    const s3 = new S3FileStore(config.s3);
    files = s3;
    where = `kho S3 ${config.s3.endpoint}, bucket ${config.s3.bucket}${config.s3.prefix ? `, thư mục ${config.s3.prefix}` : ''}`;
    // Stateless: an S3 service down at start-up is not fatal; uploads answer 503 until it is back.
    await s3.ensureBucket().catch((e: unknown) => console.warn(`Chưa kiểm tra được bucket ${config.s3?.bucket} trên kho S3: ${(e as Error).message}. Máy chủ vẫn chạy; việc tải tệp sẽ báo lỗi tạm thời cho tới khi kho S3 hoạt động.`));
  } else {
    files = new DiskFileStore(config.filesDir);
    where = config.filesDir;
  }
  const server = http.createServer(createApp({ db, files, clock: systemClock, adminToken: config.adminToken, maxFileBytes: config.maxFileBytes, log }));
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  console.log(`Máy chủ tỉnh (nhận đồng bộ) đang chạy: http://localhost:${config.port} — tệp lưu tại ${where}`);
  let stopRelay: (() => Promise<void>) | null = null;
  if (config.portal) {
    const relay = new Relay({ db, adapter: new LgspPortalAdapter(config.portal), clock: systemClock, publicBaseUrl: config.publicBaseUrl });
    stopRelay = startRelayLoop(relay, config.portal.intervalMs ?? 30_000, log);
    console.log(`Chuyển tiếp lên Cổng Dịch vụ công quốc gia qua ${config.portal.serviceUrl}`);
  } else {
    console.log('Chưa cấu hình cổng LGSP (MOTCUA_PORTAL_SERVICE_URL, MOTCUA_PORTAL_AUTH_URL): hồ sơ được giữ trong hàng đợi, chưa chuyển tiếp.');
  }
  if (trial) {
    const unitCode = process.env.MOTCUA_TRIAL_UNIT ?? '000.00.01.H01';
    const token = await createEnrollmentToken(db, systemClock, { unitCode, note: 'serve:upstream' });
    console.log(`Mã quản trị (MOTCUA_ADMIN_TOKEN): ${config.adminToken}`);
    console.log(`Mã đăng ký máy cho đơn vị ${unitCode} (dùng một lần): ${token}`);
  }
  const stop = async () => {
    server.close();
    await stopRelay?.();
    await db.end();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error((e as Error).message);
  process.exit(1);
});
