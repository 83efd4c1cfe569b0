// The receiver's configuration: a JSON file (MOTCUA_SERVER_CONFIG=path) and environment variables,
// the environment winning.
import fs from 'node:fs';
import path from 'node:path';
import type { LgspOptions } from './portal/lgsp';

export interface ServerConfig {
  port: number;
  host: string;
  databaseUrl: string;
  /** The content-addressed file store (default server/files under the working folder). */
  filesDir: string;
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
  return {
    port,
    host: env.HOST ?? file.host ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL ?? file.databaseUrl ?? '',
    filesDir: path.resolve(env.MOTCUA_FILES_DIR ?? file.filesDir ?? 'server/files'),
    publicBaseUrl: env.MOTCUA_PUBLIC_URL ?? file.publicBaseUrl ?? `http://localhost:${port}`,
    adminToken: env.MOTCUA_ADMIN_TOKEN ?? file.adminToken ?? '',
    maxFileBytes: Number(env.MOTCUA_MAX_FILE_BYTES ?? file.maxFileBytes ?? 200 * 1024 * 1024),
    portal,
  };
}
