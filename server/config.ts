// The receiver's configuration: a JSON file (MOTCUA_SERVER_CONFIG=path) and environment variables,
// the environment winning.
import fs from 'node:fs';
import path from 'node:path';
import type { S3Options } from './files/s3-store';
import type { LgspOptions } from './portal/lgsp';

export interface ServerConfig {
  port: number;
  host: string;
  databaseUrl: string;
  /** The content-addressed file store on disk (default server/files under the working folder). */
  filesDir: string;
  /** An S3-compatible bucket instead of the folder (every receiver of a province shares it); absent: disk. */
  s3?: S3Options;
  /** The base URL the national portal downloads files from (…/files/:sha256). */
  publicBaseUrl: string;
  /** Bearer token of the administrator API (enrollment tokens, upstream changes); empty: off. */
  adminToken: string;
  maxFileBytes: number;
  /** The gateway to the national portal; absent: the relay does not run. */
  portal?: LgspOptions & { intervalMs?: number };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const file = env.MOTCUA_SERVER_CONFIG ? (JSON.parse(fs.readFileSync(env.MOTCUA_SERVER_CONFIG, 'utf8')) as Partial<ServerConfig>) : {};
  const port = Number(env.PORT ?? file.port ?? 8787);
  const portal =
    env.MOTCUA_PORTAL_SERVICE_URL && env.MOTCUA_PORTAL_AUTH_URL
      ? {
          serviceUrl: env.MOTCUA_PORTAL_SERVICE_URL,
          authUrl: env.MOTCUA_PORTAL_AUTH_URL,
          username: env.MOTCUA_PORTAL_USERNAME ?? '',
          password: env.MOTCUA_PORTAL_PASSWORD ?? '',
          madonvi: env.MOTCUA_PORTAL_MADONVI ?? '',
        }
      : file.portal;
  const s3 =
    env.MOTCUA_S3_ENDPOINT || env.MOTCUA_S3_BUCKET
      ? {
          endpoint: env.MOTCUA_S3_ENDPOINT ?? file.s3?.endpoint ?? '',
          bucket: env.MOTCUA_S3_BUCKET ?? file.s3?.bucket ?? '',
          accessKey: env.MOTCUA_S3_ACCESS_KEY ?? file.s3?.accessKey ?? '',
          secretKey: env.MOTCUA_S3_SECRET_KEY ?? file.s3?.secretKey ?? '',
          region: env.MOTCUA_S3_REGION ?? file.s3?.region,
          prefix: env.MOTCUA_S3_PREFIX ?? file.s3?.prefix,
          timeoutMs: env.MOTCUA_S3_TIMEOUT_MS ? Number(env.MOTCUA_S3_TIMEOUT_MS) : file.s3?.timeoutMs,
        }
      : file.s3;
  if (s3?.timeoutMs !== undefined && !(Number.isInteger(s3.timeoutMs) && s3.timeoutMs >= 1000)) throw new Error('MOTCUA_S3_TIMEOUT_MS phải là số mili giây, ít nhất 1000.');
  if (s3 && (!s3.endpoint || !s3.bucket)) throw new Error('Cấu hình kho S3 chưa đủ: cần cả MOTCUA_S3_ENDPOINT (địa chỉ dịch vụ) và MOTCUA_S3_BUCKET (tên bucket).');
  return {
    port,
    host: env.HOST ?? file.host ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL ?? file.databaseUrl ?? '',
    filesDir: path.resolve(env.MOTCUA_FILES_DIR ?? file.filesDir ?? 'server/files'),
    publicBaseUrl: env.MOTCUA_PUBLIC_URL ?? file.publicBaseUrl ?? `http://localhost:${port}`,
    adminToken: env.MOTCUA_ADMIN_TOKEN ?? file.adminToken ?? '',
    maxFileBytes: Number(env.MOTCUA_MAX_FILE_BYTES ?? file.maxFileBytes ?? 200 * 1024 * 1024),
    s3,
    portal,
  };
}
