// A full disk on either side of sync: the desk's SQLite (max_page_count reached) while applying what
// the province sent, and the receiver's file store (ENOSPC) while a PDF arrives. Each gives a clear
// Vietnamese message, drops nothing from the outbox, writes nothing half-way upstream, and the next
// pass after space is freed completes exactly once.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SYNC_MESSAGES } from '../../../shared/contract/sync';
import { migrate, openDb, type Db } from '../../../server/db/db';
import { DiskFileStore } from '../../../server/files/store';
import { createApp } from '../../../server/http/app';
import { createEnrollmentToken } from '../../../server/sync/receiver';
import { SyncClient, SYNC_CLIENT_MESSAGES } from '../../../main/sync/client';
import { secretVault } from '../../../main/sync/secret-vault';
import { ADMIN_TOKEN, TestClock, dossierRow, postgresProblem, throwawayDatabase, upstream } from '../../server/helpers';
import { UNIT, deskData, receiveDossier, type TestDeskData } from './desk';

const skip = await postgresProblem();
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(200_000, 3), Buffer.from('\n%%EOF\n')]);

/** The receiver's disk store, whose disk can be made full. */
class FillableStore extends DiskFileStore {
  full = false;
  override async append(sha: string, body: Readable, maxBytes: number) {
    if (this.full) {
      body.resume();
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }
    return super.append(sha, body, maxBytes);
  }
}

describe.skipIf(skip)('a full disk on either side of sync', () => {
  let db: Db;
  let drop: () => Promise<void>;
  let server: http.Server;
  let base: string;
  let files: FillableStore;
  let filesDir: string;
  const clock = new TestClock();
  let d: TestDeskData;
  const at = (minutesAgo: number) => new Date(clock.now() - minutesAgo * 60_000).toISOString();

  beforeAll(async () => {
    const t = await throwawayDatabase();
    drop = t.drop;
    db = openDb(t.url, 4);
    await migrate(db);
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-full-'));
    files = new FillableStore(filesDir);
    server = http.createServer(createApp({ db, files, clock, adminToken: ADMIN_TOKEN, maxFileBytes: 10 * 1024 * 1024 }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    await db?.end();
    await drop?.();
    fs.rmSync(filesDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    d = deskData();
    files.full = false;
  });
  afterEach(() => d.close());

  async function enrolled(): Promise<SyncClient> {
    const c = new SyncClient({
      store: d.store,
      filesDir: d.filesDir,
      baseUrl: () => base,
      vault: secretVault(d.dir),
      now: () => new Date(clock.now()),
      sleep: async () => {},
      random: () => 0.5,
      chunkBytes: 64 * 1024,
    });
    await c.enroll(await createEnrollmentToken(db, clock, { unitCode: UNIT }), 'Quầy 1');
    return c;
  }
  const outboxStates = () => d.store.db.prepare('SELECT state, count(*) AS n FROM sync_outbox GROUP BY state ORDER BY state').all();

  it("the receiver's disk is full while a PDF arrives: 507 in Vietnamese, the item stays queued, nothing stored, then it arrives once", async () => {
    const { sha256 } = await receiveDossier(d, { id: 'f1', code: 'H01-0101', at: at(30), pdf: PDF });
    const c = await enrolled();
    files.full = true;
    const first = await c.syncNow();
    expect(first.ok).toBe(false);
    expect(first.error).toEqual({ code: 'SERVER', message: SYNC_MESSAGES.STORAGE_FULL });
    expect(first.pending).toBeGreaterThan(0);
    expect(outboxStates()).toEqual([{ state: 'pending', n: first.pending }]);
    const held = await db.query('SELECT count(*)::int AS n FROM files WHERE sha256 = $1', [sha256]);
    expect(held.rows[0].n).toBe(0);
    expect(fs.existsSync(path.join(filesDir, sha256!.slice(0, 2), sha256!))).toBe(false);
    // The screen and `motcua sync status` show the receiver's reason.
    expect(d.store.db.prepare("SELECT value FROM sync_state WHERE key = 'lastError'").pluck().get()).toBe(SYNC_MESSAGES.STORAGE_FULL);

    files.full = false;
    const second = await c.syncNow();
    expect(second).toMatchObject({ ok: true, pending: 0, uploaded: 1 });
    expect((await db.query('SELECT size::int AS size FROM files WHERE sha256 = $1', [sha256])).rows).toEqual([{ size: PDF.length }]);
    expect(fs.readFileSync(path.join(filesDir, sha256!.slice(0, 2), sha256!)).equals(PDF)).toBe(true);
    expect((await db.query("SELECT count(*)::int AS n FROM dossier_events WHERE code = 'H01-0101'")).rows[0].n).toBe(1);
  });

  it("the desk's disk is full while applying upstream results: a Vietnamese message, nothing half-applied, the outbox intact, then applied once", async () => {
    const n = 40;
    for (let i = 0; i < n; i++) await receiveDossier(d, { id: `g${i}`, code: `H01-02${String(i).padStart(2, '0')}`, at: at(60) });
    const c = await enrolled();
    expect(await c.syncNow()).toMatchObject({ ok: true, pending: 0 });
    for (let i = 0; i < n; i++) {
      const u = await upstream(base, { code: `H01-02${String(i).padStart(2, '0')}`, unitCode: UNIT, at: at(5), fields: { status: 9, resultCode: `KQ-${i}-${'x'.repeat(150)}`, endedAt: at(5) } });
      expect(u.status).toBe(200);
    }
    // A new desk change waits in the outbox while the disk is full.
    d.store.db.prepare("UPDATE dossiers SET applicant_phone = '0911000111', updated_at = ? WHERE id = 'g0'").run(at(1));
    const queued = d.store.db.prepare("SELECT seq, id FROM sync_outbox WHERE state = 'pending'").all();
    expect(queued).toHaveLength(1);
    d.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const pages = d.store.db.pragma('page_count', { simple: true }) as number;
    d.store.db.pragma(`max_page_count = ${pages}`);

    const full = await c.syncNow();
    expect(full.ok).toBe(false);
    expect(full.error).toEqual({ code: 'DISK_FULL', message: SYNC_CLIENT_MESSAGES.DISK_FULL });
    // Nothing of the upstream page was applied (one transaction with its cursor).
    expect(d.store.db.prepare("SELECT count(*) FROM dossiers WHERE status = 9").pluck().get()).toBe(0);
    expect(d.store.db.prepare("SELECT count(*) FROM dossier_events WHERE note = 'Cập nhật từ hệ thống xử lý của tỉnh'").pluck().get()).toBe(0);
    // The outbox item is still there (sent or still pending — never dropped).
    expect(d.store.db.prepare('SELECT seq, id FROM sync_outbox WHERE seq = ?').all((queued[0] as { seq: number }).seq)).toEqual(queued);

    d.store.db.pragma('max_page_count = 1073741823');
    const after = await c.syncNow();
    expect(after).toMatchObject({ ok: true, pending: 0, applied: n });
    expect(d.store.db.prepare('SELECT count(*) FROM dossiers WHERE status = 9').pluck().get()).toBe(n);
    expect(d.store.db.prepare("SELECT count(*) FROM dossier_events WHERE note = 'Cập nhật từ hệ thống xử lý của tỉnh'").pluck().get()).toBe(n);
    expect((await dossierRow(db, UNIT, 'H01-0200'))?.fields).toMatchObject({ status: 9, applicant: { phone: '0911000111' } });
    expect(await c.syncNow()).toMatchObject({ ok: true, pulled: 0, applied: 0 });
  });
});
