// The desk's sync client against a real province receiver (test/server helpers, throwaway
// PostgreSQL): exactly-once delivery through dropped connections and 5xx, upstream changes coming
// back without being re-sent, rejected items set aside, enrollment errors in Vietnamese.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYNC_HEADERS, SYNC_MESSAGES, SYNC_PROTOCOL_VERSION } from '../../../shared/contract/sync';
import { createEnrollmentToken } from '../../../server/sync/receiver';
import { SyncClient, SYNC_CLIENT_MESSAGES, type SyncClientOptions } from '../../../main/sync/client';
import { secretVault } from '../../../main/sync/secret-vault';
import { dossierRow, postgresProblem, upstream, type Receiver } from '../../server/helpers';
import { receiverForFile } from '../../server/receiver-per-file';
import { UNIT, deskData, faultyFetch, receiveDossier, type TestDeskData } from './desk';

const skip = await postgresProblem();
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300_000, 7), Buffer.from('\n%%EOF\n')]);

describe.skipIf(skip)('desk sync client ⇄ province receiver', () => {
  let r: Receiver;
  let d: TestDeskData;
  let sleeps: number[];
  const t0 = Date.parse('2031-03-10T02:00:00Z');
  const at = (minutesAgo: number) => new Date(t0 - minutesAgo * 60_000).toISOString();

  receiverForFile((x) => (r = x));
  beforeEach(() => {
    d = deskData();
    sleeps = [];
  });
  afterEach(() => d.close());

  function client(extra: Partial<SyncClientOptions> = {}): SyncClient {
    return new SyncClient({
      store: d.store,
      filesDir: d.filesDir,
      baseUrl: () => r.base,
      vault: secretVault(d.dir),
      now: () => new Date(r.clock.now()),
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0.5,
      chunkBytes: 64 * 1024,
      ...extra,
    });
  }

  async function enrolled(extra: Partial<SyncClientOptions> = {}): Promise<SyncClient> {
    const c = client(extra);
    await c.enroll(await createEnrollmentToken(r.db, r.clock, { unitCode: UNIT }), 'Quầy 1');
    return c;
  }

  const outbox = () => d.store.db.prepare('SELECT seq, kind, state, code, message FROM sync_outbox ORDER BY seq').all() as { seq: number; kind: string; state: string; code: string | null; message: string | null }[];

  it('a dossier with its event and component PDF arrives exactly once through a cut upload, a lost answer and a 503', async () => {
    const { sha256 } = await receiveDossier(d, { id: 'd1', code: 'H01-0001', at: at(30), pdf: PDF });
    const faults = faultyFetch({ 'PUT /v1/files/:sha': ['cut'], 'POST /v1/push': ['lost', '503'] });
    const c = await enrolled({ fetch: faults.fetch });
    const deskId = c.enrolled()!.deskId;

    const res = await c.syncNow();
    expect(res).toMatchObject({ ok: true, uploaded: 1, accepted: 0, duplicate: 3, rejected: 0, pending: 0, error: null });
    // The upload resumed where the receiver stopped (cut PUT from 0, HEAD, PUTs from the offset).
    expect(faults.calls.find((x) => x.includes('/v1/files/'))).toBe('PUT /v1/files/:sha');
    expect(faults.calls.filter((x) => x.startsWith('HEAD')).length).toBe(1);
    // Backoff before resuming the upload, and before each retry of the push, doubling (jitter fixed at 1×).
    expect(sleeps).toEqual([500, 500, 1000]);
    expect(outbox().map((x) => [x.kind, x.state])).toEqual([
      ['dossier', 'done'],
      ['dossierEvent', 'done'],
      ['componentFile', 'done'],
    ]);

    // Once on the receiver: one inbox row per item, one dossier, one event, one file, the same bytes.
    expect((await r.db.query('SELECT seq::int AS seq, outcome FROM inbox WHERE desk_id = $1 ORDER BY seq', [deskId])).rows).toEqual([
      { seq: 1, outcome: 'accepted' },
      { seq: 2, outcome: 'accepted' },
      { seq: 3, outcome: 'accepted' },
    ]);
    const row = await dossierRow(r.db, UNIT, 'H01-0001');
    expect(row?.fields).toMatchObject({ procedureCode: '1.001', applicant: { name: 'Trần Thị Bích', phone: '0903123456' }, officerName: 'Nguyễn Văn An', fieldCode: 'Hộ tịch' });
    expect((await r.db.query('SELECT count(*)::int AS n FROM dossier_events WHERE unit_code = $1 AND code = $2', [UNIT, 'H01-0001'])).rows[0].n).toBe(1);
    expect((await r.db.query('SELECT data FROM component_files WHERE unit_code = $1 AND code = $2', [UNIT, 'H01-0001'])).rows.map((x) => x.data.sha256)).toEqual([sha256]);
    const file = await fetch(`${r.base}/files/${sha256}`);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);

    // A second pass has nothing to send.
    expect(await c.syncNow()).toMatchObject({ ok: true, accepted: 0, duplicate: 0, uploaded: 0, pending: 0 });
  });

  it('a new file goes out without asking first; a receiver holding part of it answers 409 with its offset and the upload resumes there', async () => {
    const pdf = Buffer.concat([PDF, Buffer.from('6')]); // bytes the receiver has not seen yet
    const { sha256 } = await receiveDossier(d, { id: 'd6', code: 'H01-0006', at: at(30), pdf });
    const faults = faultyFetch({});
    const c = await enrolled({ fetch: faults.fetch });
    // The receiver already holds the first 100,000 bytes (an earlier pass that stopped before it noted the try).
    const auth = { authorization: `Bearer ${c.enrolled()!.deskId}.${await secretVault(d.dir).load()}` };
    const part = await fetch(`${r.base}/v1/files/${sha256}`, {
      method: 'PUT',
      headers: { ...auth, [SYNC_HEADERS.version]: String(SYNC_PROTOCOL_VERSION), [SYNC_HEADERS.uploadLength]: String(pdf.length), [SYNC_HEADERS.uploadOffset]: '0' },
      body: new Uint8Array(pdf.subarray(0, 100_000)),
    });
    expect(part.status).toBe(200);

    expect(await c.syncNow()).toMatchObject({ ok: true, uploaded: 1, accepted: 3, pending: 0 });
    const files = faults.calls.filter((x) => x.includes('/v1/files/'));
    // PUT from 0 (answered 409 with 100,000), then 64 KB steps from 100,000 to the end; no HEAD.
    expect(files).toEqual(Array(1 + Math.ceil((pdf.length - 100_000) / (64 * 1024))).fill('PUT /v1/files/:sha'));
    expect(sleeps).toEqual([]);
    const file = await fetch(`${r.base}/files/${sha256}`);
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);
  });

  it('a reused file, likely on the receiver already, is asked about with HEAD and not sent again', async () => {
    const pdf = Buffer.concat([PDF, Buffer.from('7')]);
    const { sha256 } = await receiveDossier(d, { id: 'd7', code: 'H01-0007', at: at(30), pdf });
    const faults = faultyFetch({});
    const c = await enrolled({ fetch: faults.fetch });
    expect(await c.syncNow()).toMatchObject({ ok: true, uploaded: 1, accepted: 3 });
    // A later dossier reuses the same paper (DuocTaiSuDung): same bytes, same SHA-256.
    await receiveDossier(d, { id: 'd8', code: 'H01-0008', at: at(10), pdf });
    d.store.db.prepare("UPDATE components SET reused_from = 'd7' WHERE id = 'd8-c1'").run();
    faults.calls.length = 0;
    expect(await c.syncNow()).toMatchObject({ ok: true, uploaded: 1, accepted: 3, pending: 0 });
    expect(faults.calls.filter((x) => x.includes('/v1/files/'))).toEqual(['HEAD /v1/files/:sha']);
    expect((await r.db.query('SELECT data FROM component_files WHERE unit_code = $1 AND code = $2', [UNIT, 'H01-0008'])).rows.map((x) => x.data)).toEqual([
      expect.objectContaining({ sha256, reused: true }),
    ]);
  });

  it('an item tried before asks with HEAD first and does not send a file the receiver already holds', async () => {
    await receiveDossier(d, { id: 'd9', code: 'H01-0009', at: at(30), pdf: Buffer.concat([PDF, Buffer.from('9')]) });
    const first = faultyFetch({ 'POST /v1/push': ['lost'] });
    const c = await enrolled({ fetch: first.fetch, maxAttempts: 1 });
    expect(await c.syncNow()).toMatchObject({ ok: false, uploaded: 1, pending: 3 });
    expect(first.calls.filter((x) => x.includes('/v1/files/'))).toEqual(Array(Math.ceil((PDF.length + 1) / (64 * 1024))).fill('PUT /v1/files/:sha'));
    const again = faultyFetch({});
    expect(await client({ fetch: again.fetch }).syncNow()).toMatchObject({ ok: true, uploaded: 1, duplicate: 3, pending: 0 });
    expect(again.calls.filter((x) => x.includes('/v1/files/'))).toEqual(['HEAD /v1/files/:sha']);
  });

  it('uploads several files of a batch at once (at most uploadConcurrency), a file named twice only once; a dropped network ends the pass with everything queued', async () => {
    const shas: string[] = [];
    for (let i = 0; i < 5; i++) {
      const pdf = Buffer.concat([PDF, Buffer.from(`tệp ${i}`)]);
      shas.push((await receiveDossier(d, { id: `m${i}`, code: `H01-03${i}`, at: at(40 - i), pdf })).sha256!);
    }
    // A sixth component names the first file again (the same paper reused).
    d.store.db.prepare("INSERT INTO components (id, dossier_id, sequence, name, file_id, file_ext, digitized_at, page_count) VALUES ('m0-c2', 'm0', 2, 'Bản sao', ?, 'pdf', ?, 1)").run(shas[0], at(30));
    let inFlight = 0;
    let most = 0;
    const puts: string[] = [];
    let refuse = false;
    const counting = (async (input: string | URL | Request, init?: RequestInit) => {
      const u = new URL(String(input));
      if (!u.pathname.startsWith('/v1/files/') || init?.method !== 'PUT') return fetch(input, init);
      if (refuse) throw new TypeError('fetch failed (network down)');
      puts.push(u.pathname.slice('/v1/files/'.length));
      inFlight++;
      most = Math.max(most, inFlight);
      try {
        await new Promise((res) => setTimeout(res, 30)); // a link's latency
        return await fetch(input, init);
      } finally {
        inFlight--;
      }
    }) as typeof fetch;
    // The network is down: the pass ends with the Vietnamese reason and nothing leaves the outbox.
    refuse = true;
    const c = await enrolled({ fetch: counting, uploadConcurrency: 3 });
    const down = await c.syncNow();
    expect(down).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
    expect(outbox().every((x) => x.state === 'pending')).toBe(true);
    refuse = false;
    const res = await c.syncNow();
    expect(res).toMatchObject({ ok: true, uploaded: 6, rejected: 0, pending: 0 });
    expect(most).toBe(3);
    // Each distinct file went up once, though the first is named by two rows.
    expect([...new Set(puts)].sort()).toEqual([...shas].sort());
    // Each file in its 64 KB steps, no step sent twice (the second row of the first file sent nothing).
    const steps = Math.ceil((PDF.length + Buffer.byteLength('tệp 0')) / (64 * 1024));
    expect(shas.map((sha) => puts.filter((x) => x === sha).length)).toEqual(shas.map(() => steps));
    expect((await r.db.query('SELECT count(*)::int AS n FROM files WHERE sha256 = ANY($1)', [shas])).rows[0].n).toBe(5);
  });

  it('a desk that stops after the receiver applied a batch but before it heard the answer resends it as the same items', async () => {
    await receiveDossier(d, { id: 'd5', code: 'H01-0005', at: at(20) });
    // The answer never arrives and the desk gives up (as if it were killed at that moment).
    const first = await enrolled({ fetch: faultyFetch({ 'POST /v1/push': ['lost'] }).fetch, maxAttempts: 1 });
    const deskId = first.enrolled()!.deskId;
    expect(await first.syncNow()).toMatchObject({ ok: false, error: { code: 'OFFLINE' }, pending: 2 });
    expect(outbox().map((x) => x.state)).toEqual(['pending', 'pending']);
    // Started again on the same store: the same seq and id go out, answered "duplicate", nothing doubled.
    const again = client();
    expect(await again.syncNow()).toMatchObject({ ok: true, accepted: 0, duplicate: 2, pending: 0 });
    expect((await r.db.query('SELECT count(*)::int AS n FROM inbox WHERE desk_id = $1', [deskId])).rows[0].n).toBe(2);
    expect((await r.db.query('SELECT count(*)::int AS n FROM dossier_events WHERE unit_code = $1 AND code = $2', [UNIT, 'H01-0005'])).rows[0].n).toBe(1);
  });

  it('an upstream status comes back to the desk through pull and is not sent again', async () => {
    await receiveDossier(d, { id: 'd2', code: 'H01-0002', at: at(60) });
    const changed: string[][] = [];
    const c = await enrolled({ onDossiersChanged: (ids) => void changed.push(ids) });
    expect(await c.syncNow()).toMatchObject({ ok: true, accepted: 2 });
    const before = outbox().length;

    const u = await upstream(r.base, { code: 'H01-0002', unitCode: UNIT, at: at(5), fields: { status: 9, resultCode: 'KQ-17', paidOnline: 1, complaint: true, endedAt: at(5) } });
    expect(u.status).toBe(200);
    const res = await c.syncNow();
    expect(res).toMatchObject({ ok: true, applied: 1, accepted: 0, pending: 0 });
    // Open screens are told which dossier changed.
    expect(changed).toEqual([['d2']]);
    expect(d.store.db.prepare("SELECT status, result_code, paid_online, complaint, ended_at FROM dossiers WHERE id = 'd2'").get()).toEqual({
      status: 9,
      result_code: 'KQ-17',
      paid_online: 1,
      complaint: 1,
      ended_at: at(5),
    });
    // In the history, not in the outbox.
    expect(d.store.db.prepare("SELECT status, note FROM dossier_events WHERE dossier_id = 'd2' ORDER BY at").all()).toEqual([
      { status: 2, note: 'Tiếp nhận tại quầy' },
      { status: 9, note: 'Cập nhật từ hệ thống xử lý của tỉnh' },
    ]);
    expect(outbox()).toHaveLength(before);
    // The cursor moved: the same change is not applied twice.
    expect(await c.syncNow()).toMatchObject({ ok: true, pulled: 0, applied: 0 });
    // A later desk change still goes out.
    d.store.db.prepare("UPDATE dossiers SET applicant_phone = '0911000111', updated_at = ? WHERE id = 'd2'").run(at(1));
    expect(await c.syncNow()).toMatchObject({ ok: true, accepted: 1 });
    expect((await dossierRow(r.db, UNIT, 'H01-0002'))?.fields).toMatchObject({ status: 9, applicant: { phone: '0911000111' } });
  });

  it('a rejected item is set aside with its Vietnamese message; the rest go through; "Gửi lại" queues it as a new item', async () => {
    await receiveDossier(d, { id: 'dx', code: 'KHAC-0001', at: at(40), unitId: 'u2' }); // another unit: UNIT_MISMATCH
    const { sha256 } = await receiveDossier(d, { id: 'd3', code: 'H01-0003', at: at(30), pdf: PDF });
    const blob = path.join(d.filesDir, sha256!.slice(0, 2), sha256!.slice(2, 4), `${sha256}.pdf`);
    fs.renameSync(blob, `${blob}.away`); // the file went missing from this desk's store
    const c = await enrolled();
    const res = await c.syncNow();
    expect(res).toMatchObject({ ok: true, accepted: 2, rejected: 3, pending: 0 });
    expect(outbox().map((x) => [x.kind, x.state, x.code, x.message])).toEqual([
      ['dossier', 'rejected', 'UNIT_MISMATCH', SYNC_MESSAGES.UNIT_MISMATCH],
      ['dossierEvent', 'rejected', 'UNIT_MISMATCH', SYNC_MESSAGES.UNIT_MISMATCH],
      ['dossier', 'done', null, null],
      ['dossierEvent', 'done', null, null],
      ['componentFile', 'rejected', 'FILE_GONE', SYNC_CLIENT_MESSAGES.FILE_GONE],
    ]);
    expect(await dossierRow(r.db, UNIT, 'H01-0003')).toBeDefined();

    // The file is back; "Gửi lại" queues new items (new seq and id), the old rows kept as 'resent'.
    fs.renameSync(`${blob}.away`, blob);
    expect(d.store.sync.resend(5)).toBe(1);
    expect(d.store.sync.resend(null)).toBe(2);
    expect(d.store.sync.counts()).toMatchObject({ pending: 3, rejected: 0, resent: 3 });
    expect(await c.syncNow()).toMatchObject({ ok: true, uploaded: 1, accepted: 1, rejected: 2, pending: 0 });
    expect((await r.db.query('SELECT data FROM component_files WHERE unit_code = $1 AND code = $2', [UNIT, 'H01-0003'])).rows.map((x) => x.data.sha256)).toEqual([sha256]);
    expect(d.store.sync.rejected().map((x) => x.message)).toEqual([SYNC_MESSAGES.UNIT_MISMATCH, SYNC_MESSAGES.UNIT_MISMATCH]);
  });

  it('a wrong enrollment token gets a Vietnamese message and stores nothing', async () => {
    const c = client();
    await expect(c.enroll('khong-dung-ma-nay', 'Quầy 1')).rejects.toMatchObject({ code: 'ENROLL_TOKEN_INVALID', message: SYNC_MESSAGES.ENROLL_TOKEN_INVALID });
    expect(c.enrolled()).toBeNull();
    expect(fs.existsSync(path.join(d.dir, 'sync-secret.txt'))).toBe(false);
    expect(await c.syncNow()).toMatchObject({ ok: false, error: { code: 'NOT_ENROLLED', message: SYNC_CLIENT_MESSAGES.NOT_ENROLLED } });
    // A receiver that cannot be reached: retried, then said plainly; nothing leaves the outbox.
    await receiveDossier(d, { id: 'd4', code: 'H01-0004', at: at(10) });
    const off = client({ baseUrl: () => 'http://127.0.0.1:9', maxAttempts: 3 });
    await expect(off.enroll('abcdefgh-token', 'Quầy 1')).rejects.toMatchObject({ code: 'OFFLINE' });
    expect(sleeps).toHaveLength(2);
    expect(d.store.sync.counts().pending).toBe(2);
  });

  it('keeps the secret out of SQLite, in a file only this user can read', async () => {
    const c = await enrolled();
    const secret = fs.readFileSync(path.join(d.dir, 'sync-secret.txt'), 'utf8');
    expect(secret.length).toBeGreaterThan(20);
    if (process.platform !== 'win32') expect(fs.statSync(path.join(d.dir, 'sync-secret.txt')).mode & 0o777).toBe(0o600);
    d.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const dump = JSON.stringify(d.store.db.prepare('SELECT * FROM sync_state').all());
    expect(dump).not.toContain(secret);
    expect(fs.readFileSync(path.join(d.dir, 'motcua.sqlite')).includes(Buffer.from(secret))).toBe(false);
    expect(c.enrolled()).toMatchObject({ unitCode: UNIT, role: 'officer' });
  });
});
