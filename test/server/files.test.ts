// File upload: resumable after a dropped connection, verified by SHA-256 before it is served —
// the same behaviour whichever file store the receiver uses: a folder or an S3-compatible bucket.
import crypto from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_HEADERS, SYNC_MESSAGES } from '../../shared/contract/sync';
import { revokeDesk } from '../../server/sync/receiver';
import { TestDesk, postgresProblem, startReceiver, throwawayDatabase, v1, type Receiver } from './helpers';
import { diskStore, s3Store, type StoreUnderTest } from './s3';

const skip = await postgresProblem();
const kinds = [diskStore, s3Store];
const problems = await Promise.all(kinds.map((k) => k.problem()));

describe.skipIf(skip).each(kinds.map((kind, i) => ({ kind, name: kind.name, problem: problems[i] })))('file upload ($name store)', ({ kind, problem }) => {
  let r: Receiver;
  let desk: TestDesk;
  let drop: () => Promise<void>;
  let files: StoreUnderTest;
  beforeAll(async () => {
    if (problem) return;
    const d = await throwawayDatabase();
    drop = d.drop;
    files = await kind.open();
    r = await startReceiver(d.url, { files: files.store });
    desk = await TestDesk.enroll(r);
  });
  afterAll(async () => {
    await r?.close();
    await files?.close();
    await drop?.();
  });

  const put = (sha: string, offset: number, length: number, body: Buffer) => desk.putFile(sha, offset, length, body);
  const head = async (sha: string) => {
    const { offset, complete } = await desk.fileState(sha);
    return { offset, complete };
  };

  it.skipIf(problem)('resumes after a dropped connection and serves the verified file at its stable URL', async () => {
    const data = crypto.randomBytes(300_000);
    const sha = crypto.createHash('sha256').update(data).digest('hex');
    expect(await head(sha)).toEqual({ offset: 0, complete: false });
    await desk.putAndDrop(sha, data.length, data, 0, 120_000);
    // The receiver may still be writing the bytes that arrived: wait until the offset settles.
    const offset = await desk.settledOffset(sha, 120_000);
    expect(offset).toBe(120_000);
    // Not visible before it is complete and verified.
    expect((await fetch(`${r.base}/files/${sha}`)).status).toBe(404);
    // A wrong offset is refused and says where to resume.
    const wrong = await put(sha, 0, data.length, data);
    expect(wrong.status).toBe(409);
    expect(wrong.headers.get(SYNC_HEADERS.uploadOffset)).toBe('120000');
    expect((await wrong.json()).message).toBe(SYNC_MESSAGES.OFFSET_MISMATCH);
    const done = await put(sha, offset, data.length, data.subarray(offset));
    expect(done.status).toBe(201);
    expect(await head(sha)).toEqual({ offset: data.length, complete: true });
    const got = await fetch(`${r.base}/files/${sha}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await got.arrayBuffer()).equals(data)).toBe(true);
    // Uploading it again is a no-op; a componentFile item naming it is now accepted.
    expect((await put(sha, 0, data.length, data)).status).toBe(200);
    const res = await desk.push([desk.item('componentFile', 'c-1', new Date(r.clock.now()).toISOString(), { code: 'H01-F-0001', unitCode: desk.unitCode, componentCode: 'TP1', name: 'Đơn đề nghị', sha256: sha })]);
    expect(res.results[0].outcome).toBe('accepted');
  });

  it.skipIf(problem)("a stored file whose row PostgreSQL lost (a crash before an unflushed commit) is recorded again: a push naming it is accepted", async () => {
    const data = crypto.randomBytes(40_000);
    const sha = crypto.createHash('sha256').update(data).digest('hex');
    expect((await put(sha, 0, data.length, data)).status).toBe(201);
    // The row committed without waiting for the WAL flush is gone; the file is in the store.
    await r.db.query('DELETE FROM files WHERE sha256 = $1', [sha]);
    const res = await desk.push([desk.item('componentFile', 'c-lost', new Date(r.clock.now()).toISOString(), { code: 'H01-F-0002', unitCode: desk.unitCode, componentCode: 'TP1', name: 'Tờ khai', sha256: sha })]);
    expect(res.results[0]).toMatchObject({ outcome: 'accepted' });
    expect((await r.db.query('SELECT size FROM files WHERE sha256 = $1', [sha])).rows).toEqual([{ size: String(data.length) }]);
    // A file in neither place is still refused with its reason.
    const none = await desk.push([desk.item('componentFile', 'c-none', new Date(r.clock.now()).toISOString(), { code: 'H01-F-0002', unitCode: desk.unitCode, componentCode: 'TP2', name: 'Giấy tờ khác', sha256: 'c'.repeat(64) })]);
    expect(none.results[0]).toMatchObject({ outcome: 'rejected', code: 'FILE_MISSING' });
  });

  it.skipIf(problem)("a revoked desk's file requests are refused once its checked credential is older than a few seconds; push at once", async () => {
    const other = await TestDesk.enroll(r);
    const send = (d: TestDesk, data: Buffer) => d.putFile(crypto.createHash('sha256').update(data).digest('hex'), 0, data.length, data);
    expect((await send(other, crypto.randomBytes(1000))).status).toBe(201);
    expect(await revokeDesk(r.db, r.clock, other.deskId)).toBe(true);
    await expect(other.push([])).rejects.toThrow(/^push 401/);
    r.clock.t += 6_000;
    const refused = await send(other, crypto.randomBytes(1000));
    expect(refused.status).toBe(401);
    expect((await refused.json()).message).toBe(SYNC_MESSAGES.UNAUTHORIZED);
  });

  it.skipIf(problem)('rejects a file whose bytes do not match its SHA-256 and keeps nothing of it', async () => {
    const data = crypto.randomBytes(50_000);
    const sha = crypto.createHash('sha256').update(Buffer.from('something else')).digest('hex');
    const res = await put(sha, 0, data.length, data);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ code: 'HASH_MISMATCH', message: SYNC_MESSAGES.HASH_MISMATCH });
    expect(await head(sha)).toEqual({ offset: 0, complete: false });
    expect((await fetch(`${r.base}/files/${sha}`)).status).toBe(404);
    // Neither the file nor its unfinished upload (a folder's partial/<sha>, a bucket's partial/<sha>/…).
    expect(await files.leftovers(sha)).toEqual([]);
  });

  it.skipIf(problem)('takes a file in several PUTs and serves exactly its bytes', async () => {
    const data = crypto.randomBytes(70_001);
    const sha = crypto.createHash('sha256').update(data).digest('hex');
    let offset = 0;
    for (const step of [1, 30_000, 25_000]) {
      const res = await put(sha, offset, data.length, data.subarray(offset, offset + step));
      expect(res.status).toBe(200);
      offset += step;
      expect(res.headers.get(SYNC_HEADERS.uploadOffset)).toBe(String(offset));
      expect(await head(sha)).toEqual({ offset, complete: false });
    }
    expect((await put(sha, offset, data.length, data.subarray(offset))).status).toBe(201);
    const got = Buffer.from(await (await fetch(`${r.base}/files/${sha}`)).arrayBuffer());
    expect(got.length).toBe(data.length);
    expect(got.equals(data)).toBe(true);
    // What is left is the file alone: no unfinished upload of it.
    expect(await files.store.partialSize(sha)).toBe(0);
    expect(await files.leftovers(sha)).toHaveLength(1);
  });

  it.skipIf(problem)('drops a whole upload whose body is longer than announced', async () => {
    const data = crypto.randomBytes(20_000);
    const sha = crypto.createHash('sha256').update(data).digest('hex');
    expect((await put(sha, 0, data.length, data.subarray(0, 5_000))).status).toBe(200);
    // 15,000 bytes announced as left, 20,000 sent.
    const res = await put(sha, 5_000, data.length, Buffer.concat([data.subarray(5_000), crypto.randomBytes(5_000)]));
    expect(res.status).toBe(413);
    expect(await head(sha)).toEqual({ offset: 0, complete: false });
    expect(await files.leftovers(sha)).toEqual([]);
  });

  it('two uploads of the same file at once (a desk resuming while its dropped connection still delivers, or two desks) keep the stored file whole', async () => {
    const data = crypto.randomBytes(300_000);
    const sha = crypto.createHash('sha256').update(data).digest('hex');
    // A: a PUT from offset 0 whose first 100 000 bytes arrive, then it stalls with its connection open.
    const u = new URL(`${r.base}/v1/files/${sha}`);
    const a = http.request({
      host: u.hostname,
      port: u.port,
      path: u.pathname,
      method: 'PUT',
      headers: { ...v1, ...desk.auth, [SYNC_HEADERS.uploadOffset]: '0', [SYNC_HEADERS.uploadLength]: String(data.length), 'content-length': String(data.length) },
    });
    const aStatus = new Promise<number>((resolve) => {
      a.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      a.on('error', () => resolve(-1));
    });
    await new Promise<void>((res) => a.write(data.subarray(0, 100_000), () => res()));
    // The disk store holds those bytes at once; the S3 store only once a piece is whole or its body
    // ends (until then they wait in memory), so there it still reports 0.
    const held = kind.name === 'disk' ? 100_000 : 0;
    let offset = 0;
    for (let i = 0; i < 100 && offset < held; i++) {
      offset = (await head(sha)).offset;
      if (offset < held) await new Promise((res) => setTimeout(res, 20));
    }
    expect(offset).toBe(held);
    // B resumes from there and completes the file; then A's stalled body arrives after all.
    const b = await put(sha, offset, data.length, data.subarray(offset));
    expect(b.status).toBe(201);
    a.end(data.subarray(100_000));
    expect([200, 201]).toContain(await aStatus);
    // The verified file is unchanged in the store and as served: A's late bytes did not land after its end.
    expect(await files.store.size(sha)).toBe(data.length);
    const stored: Buffer[] = [];
    for await (const chunk of await files.store.read(sha)) stored.push(chunk as Buffer);
    expect(Buffer.concat(stored).equals(data)).toBe(true);
    const got = await fetch(`${r.base}/files/${sha}`);
    expect(Buffer.from(await got.arrayBuffer()).equals(data)).toBe(true);
    expect(await head(sha)).toEqual({ offset: data.length, complete: true });
  });
});
