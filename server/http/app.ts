// The receiver's HTTP interface (node:http): the /v1 sync protocol for desks
// (docs/sync-protocol.md), the public file URLs the national portal downloads from, and a small
// administrator API (enrollment tokens, upstream changes, catalog and calendar). Stateless: every
// request reads and writes PostgreSQL and the file store only.
import http from 'node:http';
import { pipeline } from 'node:stream';
import { z } from 'zod';
import { EnrollRequestSchema, PushRequestSchema, SYNC_HEADERS, SYNC_MESSAGES, SYNC_PROTOCOL_VERSION, Sha256Schema, DeskRoleSchema } from '../../shared/contract/sync';
import pg from 'pg';
import type { Db } from '../db/db';
import { FileStoreUnavailable, type FileStore } from '../files/store';
import { SyncFailure, isStorageFull } from '../sync/failure';
import {
  applyAdminRecord,
  applyUpstream,
  authenticate,
  createEnrollmentToken,
  enroll,
  pull,
  push,
  revokeDesk,
  revokeEnrollmentToken,
  type Clock,
} from '../sync/receiver';

export interface AppDeps {
  db: Db;
  files: FileStore;
  clock: Clock;
  /** Bearer token of the administrator API; empty: the administrator API is off. */
  adminToken: string;
  maxFileBytes: number;
  log?: (line: string) => void;
}

const JSON_LIMIT = 20 * 1024 * 1024;
/** How long a desk's checked credential is taken for its file requests without asking the database. */
const FILE_AUTH_MS = 5_000;

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function fail(res: http.ServerResponse, f: SyncFailure, headers: Record<string, string> = {}): void {
  send(res, f.status, { code: f.code, message: f.message }, headers);
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > JSON_LIMIT) throw new SyncFailure(413, 'BAD_REQUEST', 'Gói dữ liệu đồng bộ quá lớn: hãy gửi ít mục hơn mỗi lần.');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new SyncFailure(400, 'BAD_REQUEST');
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new SyncFailure(400, 'BAD_REQUEST', `${SYNC_MESSAGES.BAD_REQUEST}${issue?.path.length ? ` (trường ${issue.path.join('.')})` : ''}`);
  }
  return r.data;
}

const header = (req: http.IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

export function createApp(deps: AppDeps): http.RequestListener {
  const { db, files, clock } = deps;
  const log = deps.log ?? (() => {});

  /**
   * A desk's credential checked for a file request (PUT, HEAD), remembered for a few seconds: a
   * desk sends its files several at once, each one PUT, and each would otherwise cost a database
   * round trip. Push and pull always check it afresh; a revoked desk's file requests stop within
   * FILE_AUTH_MS (a file is content-addressed and verified: nothing it sent can be wrong).
   */
  const fileAuth = new Map<string, number>();
  async function authenticateFile(req: http.IncomingMessage): Promise<void> {
    const given = header(req, 'authorization') ?? '';
    const now = clock.now();
    const until = fileAuth.get(given);
    if (until !== undefined && until > now) return;
    await authenticate(db, given);
    if (fileAuth.size >= 10_000) fileAuth.clear();
    fileAuth.set(given, now + FILE_AUTH_MS);
  }

  /**
   * Records a verified file. The row is committed without waiting for PostgreSQL's WAL flush (the
   * file is already in the store, which is what counts): if the database crashes before the flush,
   * the row is written again from the store the next time the file is asked for (`stored`) or named
   * in a push (`recoverFiles`).
   */
  async function recordFile(sha: string, size: number, contentType: string): Promise<void> {
    // One round trip (a simple query of several statements, so its values are written as escaped
    // literals); an error destroys the pooled connection, never returning it inside the transaction.
    const values = [pg.escapeLiteral(sha), String(Math.trunc(size)), pg.escapeLiteral(contentType), pg.escapeLiteral(new Date(clock.now()).toISOString())].join(', ');
    await db.query(`BEGIN; SET LOCAL synchronous_commit TO off; INSERT INTO files (sha256, size, content_type, stored_at) VALUES (${values}) ON CONFLICT DO NOTHING; COMMIT`);
  }

  /** A verified file in the store whose row is missing (a crash, an unflushed commit) is recorded here. */
  async function stored(sha: string): Promise<{ size: number; contentType: string } | null> {
    const r = await db.query<{ size: string; content_type: string }>('SELECT size, content_type FROM files WHERE sha256 = $1', [sha]);
    if (r.rows[0]) return { size: Number(r.rows[0].size), contentType: r.rows[0].content_type };
    const size = await files.size(sha);
    if (size === null) return null;
    await recordFile(sha, size, 'application/octet-stream');
    return { size, contentType: 'application/octet-stream' };
  }

  /** Before a push: the files its component-file items name that are in the store but have no row get one. */
  async function recoverFiles(items: unknown[]): Promise<void> {
    const named = new Set<string>();
    for (const x of items) {
      const it = (x ?? {}) as { kind?: unknown; payload?: { sha256?: unknown; removed?: unknown } };
      const sha = it.kind === 'componentFile' ? it.payload?.sha256 : undefined;
      if (typeof sha === 'string' && /^[0-9a-f]{64}$/.test(sha) && it.payload?.removed !== true) named.add(sha);
    }
    if (named.size === 0) return;
    const have = await db.query<{ sha256: string }>('SELECT sha256 FROM files WHERE sha256 = ANY($1::text[])', [[...named]]);
    for (const r of have.rows) named.delete(r.sha256);
    for (const sha of named) await stored(sha);
  }

  async function upload(req: http.IncomingMessage, res: http.ServerResponse, sha: string): Promise<void> {
    await authenticateFile(req);
    const length = Number(header(req, SYNC_HEADERS.uploadLength));
    if (!Number.isSafeInteger(length) || length < 0) throw new SyncFailure(400, 'BAD_REQUEST', `${SYNC_MESSAGES.BAD_REQUEST} (thiếu tiêu đề Upload-Length)`);
    if (length > deps.maxFileBytes) throw new SyncFailure(413, 'FILE_TOO_LARGE');
    if (await stored(sha)) {
      req.resume();
      send(res, 200, { complete: true, offset: length }, { [SYNC_HEADERS.uploadOffset]: String(length), [SYNC_HEADERS.uploadComplete]: '1' });
      return;
    }
    const offset = Number(header(req, SYNC_HEADERS.uploadOffset));
    const held = await files.partialSize(sha);
    if (!Number.isSafeInteger(offset) || offset !== held || held > length) {
      req.resume();
      fail(res, new SyncFailure(409, 'OFFSET_MISMATCH'), { [SYNC_HEADERS.uploadOffset]: String(held) });
      return;
    }
    const r = await files.append(sha, req, length - held, held);
    if (r.tooMuch) {
      req.resume();
      fail(res, new SyncFailure(413, 'BAD_REQUEST', 'Tệp gửi lên dài hơn kích thước đã khai (Upload-Length): hãy tải lại từ đầu.'));
      return;
    }
    if (r.broken) {
      // The desk went away mid-body: the bytes that arrived are kept for the next PUT.
      log(`upload ${sha}: connection dropped at ${r.size} of ${length} bytes`);
      if (!res.headersSent && !res.destroyed) fail(res, new SyncFailure(400, 'BAD_REQUEST', 'Kết nối bị ngắt khi đang tải tệp: hãy tải tiếp từ vị trí máy chủ báo.'), { [SYNC_HEADERS.uploadOffset]: String(r.size) });
      return;
    }
    if (r.size < length) {
      send(res, 200, { complete: false, offset: r.size }, { [SYNC_HEADERS.uploadOffset]: String(r.size) });
      return;
    }
    if (!(await files.finish(sha))) {
      fail(res, new SyncFailure(422, 'HASH_MISMATCH'), { [SYNC_HEADERS.uploadOffset]: '0' });
      return;
    }
    const type = header(req, 'content-type');
    const contentType = type && /^[\w.+-]+\/[\w.+-]+$/.test(type) && type !== 'application/offset+octet-stream' ? type : 'application/octet-stream';
    await recordFile(sha, length, contentType);
    send(res, 201, { complete: true, offset: length }, { [SYNC_HEADERS.uploadOffset]: String(length), [SYNC_HEADERS.uploadComplete]: '1' });
  }

  async function admin(req: http.IncomingMessage, res: http.ServerResponse, route: string): Promise<void> {
    if (!deps.adminToken || header(req, 'authorization') !== `Bearer ${deps.adminToken}`) throw new SyncFailure(401, 'UNAUTHORIZED', 'Cần mã quản trị của máy chủ tỉnh.');
    const body = await readJson(req);
    if (route === '/admin/enrollment-tokens') {
      const b = parse(z.object({ unitCode: z.string().min(1).max(64), role: DeskRoleSchema.default('officer'), note: z.string().max(500).default(''), validForHours: z.number().positive().optional() }), body);
      const token = await createEnrollmentToken(db, clock, { unitCode: b.unitCode, role: b.role, note: b.note, validForMs: b.validForHours ? b.validForHours * 3600_000 : undefined });
      send(res, 201, { token });
    } else if (route === '/admin/enrollment-tokens/revoke') {
      const b = parse(z.object({ token: z.string() }), body);
      send(res, 200, { revoked: await revokeEnrollmentToken(db, clock, b.token) });
    } else if (route === '/admin/desks/revoke') {
      const b = parse(z.object({ deskId: z.string() }), body);
      send(res, 200, { revoked: await revokeDesk(db, clock, b.deskId) });
    } else if (route === '/admin/upstream') {
      const changed = await applyUpstream(db, clock, parse(z.object({}).passthrough(), body) as never);
      send(res, 200, { changed });
    } else if (route === '/admin/records') {
      const b = parse(z.object({ kind: z.enum(['catalog', 'calendar']), entityId: z.string().min(1).max(200), unitCode: z.string().nullable(), data: z.unknown(), at: z.string().datetime({ offset: true }).optional() }), body);
      send(res, 200, { applied: await applyAdminRecord(db, clock, b) });
    } else {
      throw new SyncFailure(404, 'NOT_FOUND');
    }
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://receiver');
    const p = url.pathname;
    const method = req.method ?? 'GET';
    if (p === '/health' && method === 'GET') return send(res, 200, { ok: true, protocol: SYNC_PROTOCOL_VERSION, serverTime: new Date(clock.now()).toISOString() });
    const pub = /^\/files\/([0-9a-f]{64})$/.exec(p);
    if (pub && (method === 'GET' || method === 'HEAD')) {
      const f = await stored(pub[1]);
      if (!f) throw new SyncFailure(404, 'NOT_FOUND');
      const body = method === 'HEAD' ? null : await files.read(pub[1]);
      res.writeHead(200, { 'content-type': f.contentType, 'content-length': f.size, 'cache-control': 'public, max-age=31536000, immutable', etag: `"${pub[1]}"` });
      if (!body) return void res.end();
      // A store failing half-way cuts the answer short (the length tells the reader it is incomplete);
      // a reader going away closes the store's stream.
      pipeline(body, res, (e) => {
        if (e && e.code !== 'ERR_STREAM_PREMATURE_CLOSE') log(`read ${pub[1]}: ${e.message}`);
      });
      return;
    }
    if (p.startsWith('/admin/') && method === 'POST') return admin(req, res, p);
    if (!p.startsWith('/v1/')) throw new SyncFailure(404, 'NOT_FOUND');
    if (header(req, SYNC_HEADERS.version) !== String(SYNC_PROTOCOL_VERSION)) {
      req.resume();
      return fail(res, new SyncFailure(426, 'PROTOCOL_VERSION'), { upgrade: `motcua-sync/${SYNC_PROTOCOL_VERSION}`, connection: 'Upgrade' });
    }
    const deskTime = header(req, SYNC_HEADERS.deskTime);
    if (p === '/v1/enroll' && method === 'POST') return send(res, 201, await enroll(db, clock, parse(EnrollRequestSchema, await readJson(req))));
    if (p === '/v1/push' && method === 'POST') {
      const desk = await authenticate(db, header(req, 'authorization'));
      const body = parse(PushRequestSchema, await readJson(req));
      await recoverFiles(body.items);
      return send(res, 200, await push(db, clock, desk, body.items, deskTime));
    }
    if (p === '/v1/pull' && method === 'GET') {
      const desk = await authenticate(db, header(req, 'authorization'));
      const cursor = Number(url.searchParams.get('cursor') ?? '0');
      const limit = url.searchParams.get('limit');
      if (!Number.isSafeInteger(cursor) || cursor < 0) throw new SyncFailure(400, 'BAD_REQUEST', `${SYNC_MESSAGES.BAD_REQUEST} (cursor)`);
      return send(res, 200, await pull(db, clock, desk, { cursor, unit: url.searchParams.get('unit') ?? undefined, limit: limit ? Number(limit) || undefined : undefined, deskTime }));
    }
    const file = /^\/v1\/files\/([^/]+)$/.exec(p);
    if (file) {
      const sha = parse(Sha256Schema, file[1]);
      if (method === 'PUT') return upload(req, res, sha);
      if (method === 'HEAD') {
        await authenticateFile(req);
        const f = await stored(sha);
        res.writeHead(200, f ? { [SYNC_HEADERS.uploadOffset]: String(f.size), [SYNC_HEADERS.uploadComplete]: '1' } : { [SYNC_HEADERS.uploadOffset]: String(await files.partialSize(sha)) });
        return void res.end();
      }
    }
    throw new SyncFailure(404, 'NOT_FOUND');
  }

  return (req, res) => {
    route(req, res).catch((e: unknown) => {
      if (res.headersSent || res.destroyed) return;
      req.resume();
      if (e instanceof SyncFailure) return fail(res, e);
      if (e instanceof z.ZodError) return fail(res, new SyncFailure(400, 'BAD_REQUEST'));
      // Nothing half-written: a push is one transaction, a partial upload stays invisible until its hash is checked.
      if (e instanceof FileStoreUnavailable) {
        log(`file store unavailable ${req.method} ${req.url}: ${e.message}`);
        return fail(res, new SyncFailure(503, 'STORE_UNAVAILABLE'), { 'retry-after': '30' });
      }
      if (isStorageFull(e)) {
        log(`storage full ${req.method} ${req.url}: ${(e as Error).message}`);
        return fail(res, new SyncFailure(507, 'STORAGE_FULL'));
      }
      log(`error ${req.method} ${req.url}: ${(e as Error).stack ?? e}`);
      fail(res, new SyncFailure(500, 'INTERNAL'));
    });
  };
}
