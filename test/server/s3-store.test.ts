// The file store in an S3-compatible bucket (s3rver here): what only it does — several receivers
// sharing one bucket and one database, the multipart path of large files, unfinished uploads kept
// as pieces, and its failures told to the desk (503 while unreachable, 507 when the bucket is full).
// The upload behaviour both stores share is in files.test.ts.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../server/config';
import { S3FileStore, parseEndpoint } from '../../server/files/s3-store';
import { SYNC_MESSAGES } from '../../shared/contract/sync';
import { TestClock, TestDesk, postgresProblem, startReceiver, throwawayDatabase, v1, type Receiver } from './helpers';
import { s3rverProblem, startFakeS3, type FakeS3 } from './s3';

const skip = await postgresProblem();
const noS3 = await s3rverProblem();
const MiB = 1024 * 1024;

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

describe('S3 store configuration', () => {
  it('reads the bucket from the environment, and keeps the disk store when none is set', () => {
    const env = { MOTCUA_S3_ENDPOINT: 'https://s3.tinh.gov.vn:9000', MOTCUA_S3_BUCKET: 'motcua', MOTCUA_S3_ACCESS_KEY: 'ak', MOTCUA_S3_SECRET_KEY: 'sk', MOTCUA_S3_REGION: 'hn-1', MOTCUA_S3_PREFIX: 'tinh/tep' };
    expect(loadConfig(env).s3).toEqual({ endpoint: 'https://s3.tinh.gov.vn:9000', bucket: 'motcua', accessKey: 'ak', secretKey: 'sk', region: 'hn-1', prefix: 'tinh/tep' });
    expect(loadConfig({}).s3).toBeUndefined();
    expect(() => loadConfig({ MOTCUA_S3_BUCKET: 'motcua' })).toThrow('MOTCUA_S3_ENDPOINT');
    expect(loadConfig({ ...env, MOTCUA_S3_TIMEOUT_MS: '15000' }).s3?.timeoutMs).toBe(15000);
    expect(() => loadConfig({ ...env, MOTCUA_S3_TIMEOUT_MS: '5s' })).toThrow('MOTCUA_S3_TIMEOUT_MS');
    expect(parseEndpoint('https://s3.tinh.gov.vn:9000')).toEqual({ endPoint: 's3.tinh.gov.vn', port: 9000, useSSL: true });
    expect(parseEndpoint('http://10.0.0.5')).toEqual({ endPoint: '10.0.0.5', port: undefined, useSSL: false });
    expect(parseEndpoint('s3.example.vn')).toEqual({ endPoint: 's3.example.vn', port: undefined, useSSL: true });
  });
});

describe.skipIf(skip || noS3)('S3 store: two receivers sharing a bucket and a database', () => {
  let s3: FakeS3;
  let stores: S3FileStore[];
  let a: Receiver;
  let b: Receiver;
  let desk: TestDesk;
  let onB: TestDesk;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const d = await throwawayDatabase();
    drop = d.drop;
    s3 = await startFakeS3();
    const clock = new TestClock();
    // Each node its own client; pieces of 64 KiB so that one PUT leaves several.
    stores = [new S3FileStore(s3.options, { chunkBytes: 64 * 1024 }), new S3FileStore(s3.options, { chunkBytes: 64 * 1024 })];
    [a, b] = await Promise.all(stores.map((files) => startReceiver(d.url, { clock, files })));
    desk = await TestDesk.enroll(a);
    onB = new TestDesk(b.base, desk.deskId, desk.secret, desk.unitCode);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await s3?.close();
    await drop?.();
  });

  it('an upload cut on one receiver resumes and finishes on the other; either serves it', async () => {
    const data = crypto.randomBytes(400_000);
    const sha = sha256(data);
    await desk.putAndDrop(sha, data.length, data, 0, 120_000);
    // A full piece and the one the drop cut short, both in the bucket: B sees what A kept.
    expect(await onB.settledOffset(sha, 120_000)).toBe(120_000);
    expect(await desk.fileState(sha)).toMatchObject({ status: 200, offset: 120_000 });
    const pieces = (await s3.names()).filter((n) => n.startsWith(`motcua/files/partial/${sha}/`));
    expect(pieces).toEqual([0, 65_536].map((o) => `motcua/files/partial/${sha}/${String(o).padStart(15, '0')}`));
    expect((await fetch(`${b.base}/files/${sha}`)).status).toBe(404);
    // Dropped again, on B this time, then finished on A.
    await onB.putAndDrop(sha, data.length, data, 120_000, 100_000);
    expect(await desk.settledOffset(sha, 220_000)).toBe(220_000);
    const done = await desk.putFile(sha, 220_000, data.length, data.subarray(220_000));
    expect(done.status).toBe(201);
    for (const r of [a, b]) {
      const got = await fetch(`${r.base}/files/${sha}`);
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await got.arrayBuffer()).equals(data)).toBe(true);
    }
    // Only the verified file is left, at its content address.
    expect((await s3.names()).filter((n) => n.includes(sha))).toEqual([`motcua/files/${sha.slice(0, 2)}/${sha}`]);
    // Known to both: a second upload is a no-op on either.
    expect((await onB.putFile(sha, 0, data.length, data)).status).toBe(200);
  });

  it('a large file goes up in 4 MB steps and is assembled by multipart upload, byte for byte', async () => {
    const data = crypto.randomBytes(9 * MiB + 12_345);
    const sha = sha256(data);
    const step = 4 * MiB;
    const completed = stores.map((s) => vi.spyOn(s.client, 'completeMultipartUpload'));
    for (let offset = 0; offset < data.length; offset += step) {
      const r = offset / step % 2 === 0 ? a : b;
      const res = await (r === a ? desk : onB).putFile(sha, offset, data.length, data.subarray(offset, offset + step));
      expect(res.status).toBe(offset + step >= data.length ? 201 : 200);
    }
    // Finished on A (the third step): one part of 8 MiB, then the rest.
    expect(completed[0]).toHaveBeenCalledTimes(1);
    expect(completed[0].mock.calls[0][3].map((p) => p.part)).toEqual([1, 2]);
    expect(completed[1]).not.toHaveBeenCalled();
    const got = await fetch(`${b.base}/files/${sha}`);
    expect(Number(got.headers.get('content-length'))).toBe(data.length);
    expect(Buffer.from(await got.arrayBuffer()).equals(data)).toBe(true);
    expect((await s3.names()).filter((n) => n.includes(sha))).toEqual([`motcua/files/${sha.slice(0, 2)}/${sha}`]);
  });
});

describe.skipIf(noS3)('S3 store on its own', () => {
  let s3: FakeS3;
  beforeAll(async () => {
    s3 = await startFakeS3();
  });
  afterAll(async () => {
    await s3?.close();
  });

  const body = (b: Buffer) => Readable.from([b]);

  it('a large file whose hash does not match leaves nothing visible and no pieces', async () => {
    const store = new S3FileStore(s3.options);
    const started = vi.spyOn(store.client, 'initiateNewMultipartUpload');
    const completed = vi.spyOn(store.client, 'completeMultipartUpload');
    const data = crypto.randomBytes(11 * MiB);
    const sha = sha256(Buffer.from('not these bytes'));
    expect(await store.append(sha, body(data), data.length)).toEqual({ size: data.length, broken: false, tooMuch: false });
    // Pieces of 8 MiB by default: two, the second 3 MiB.
    expect(await store.partialSize(sha)).toBe(data.length);
    expect((await s3.names()).filter((n) => n.includes(sha))).toHaveLength(2);
    expect(await store.finish(sha)).toBe(false);
    // Sent as a multipart upload that was never completed, so never visible.
    expect(started).toHaveBeenCalledTimes(1);
    expect(completed).not.toHaveBeenCalled();
    expect(await store.has(sha)).toBe(false);
    expect(await store.size(sha)).toBeNull();
    expect(await store.partialSize(sha)).toBe(0);
    expect((await s3.names()).filter((n) => n.includes(sha))).toEqual([]);
  });

  it('creates its bucket at start-up when missing', async () => {
    const store = new S3FileStore({ ...s3.options, bucket: 'tinh-moi' });
    expect(await store.client.bucketExists('tinh-moi')).toBe(false);
    await store.ensureBucket();
    expect(await store.client.bucketExists('tinh-moi')).toBe(true);
    // Twice is fine (every node does it when it starts).
    await store.ensureBucket();
    expect(await store.has('0'.repeat(64))).toBe(false);
  });

  it('counts only the pieces that follow one another from the start', async () => {
    const store = new S3FileStore({ ...s3.options, prefix: 'gaps' });
    const data = crypto.randomBytes(30_000);
    const sha = sha256(data);
    await store.append(sha, body(data.subarray(0, 10_000)), data.length);
    // A stray piece past a gap (never written in this order by a receiver) does not count.
    await store.client.putObject(s3.options.bucket, `gaps/partial/${sha}/${String(20_000).padStart(15, '0')}`, data.subarray(20_000));
    expect(await store.partialSize(sha)).toBe(10_000);
    expect(await store.append(sha, body(data.subarray(10_000, 20_000)), 20_000)).toEqual({ size: 20_000, broken: false, tooMuch: false });
    // The gap filled, the stray piece lines up and holds the file's own bytes.
    expect(await store.partialSize(sha)).toBe(30_000);
    expect(await store.finish(sha)).toBe(true);
    const read = Buffer.concat(await (await store.read(sha)).toArray());
    expect(read.equals(data)).toBe(true);
  });
});

describe.skipIf(skip)('S3 store failures reach the desk as retryable answers', () => {
  let drop: () => Promise<void>;
  let url: string;
  const servers: http.Server[] = [];
  beforeAll(async () => {
    const d = await throwawayDatabase();
    drop = d.drop;
    url = d.url;
  });
  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
    await drop?.();
  });

  async function listen(handler: http.RequestListener): Promise<number> {
    const s = http.createServer(handler);
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    return (s.address() as AddressInfo).port;
  }

  it('an unreachable S3 service: 503 with a Vietnamese message, nothing lost at the desk', async () => {
    // A port that answered once and is closed now: connection refused.
    const port = await listen(() => {});
    await new Promise((r) => servers.pop()!.close(r));
    const r = await startReceiver(url, { files: new S3FileStore({ endpoint: `http://127.0.0.1:${port}`, bucket: 'motcua', accessKey: 'k', secretKey: 's' }) });
    try {
      const desk = await TestDesk.enroll(r);
      const data = crypto.randomBytes(1000);
      const sha = sha256(data);
      const res = await desk.putFile(sha, 0, data.length, data);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ code: 'STORE_UNAVAILABLE', message: SYNC_MESSAGES.STORE_UNAVAILABLE });
      expect((await fetch(`${r.base}/v1/files/${sha}`, { method: 'HEAD', headers: { ...v1, ...desk.auth } })).status).toBe(503);
      expect((await fetch(`${r.base}/files/${sha}`)).status).toBe(503);
      // The rest of the receiver still works.
      expect((await desk.pull(0)).changes).toEqual([]);
    } finally {
      await r.close();
    }
  });

  it('an S3 service that takes the connection and never answers: 503 after the timeout, not a hung upload', async () => {
    // Silently dropped packets, as a dead link or a wedged proxy: the request is read, never answered.
    const port = await listen((req) => req.resume());
    const r = await startReceiver(url, { files: new S3FileStore({ endpoint: `http://127.0.0.1:${port}`, bucket: 'motcua', accessKey: 'k', secretKey: 's', timeoutMs: 300 }) });
    try {
      const desk = await TestDesk.enroll(r);
      const data = crypto.randomBytes(1000);
      const started = Date.now();
      const res = await desk.putFile(sha256(data), 0, data.length, data);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ code: 'STORE_UNAVAILABLE', message: SYNC_MESSAGES.STORE_UNAVAILABLE });
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await r.close();
    }
  });

  it('a full bucket (MinIO XMinioStorageFull): 507 STORAGE_FULL, as a full disk', async () => {
    // An S3 service with no room: no such object, no pieces yet, and every write refused.
    const port = await listen((req, res) => {
      req.resume();
      if (req.method === 'HEAD') return void res.writeHead(404).end();
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/xml' });
        return void res.end('<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>motcua</Name><Prefix></Prefix><KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>');
      }
      res.writeHead(507, { 'content-type': 'application/xml' });
      res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>XMinioStorageFull</Code><Message>Storage backend has reached its minimum free drive threshold.</Message><Resource>/motcua</Resource><RequestId>1</RequestId></Error>');
    });
    const r = await startReceiver(url, { files: new S3FileStore({ endpoint: `http://127.0.0.1:${port}`, bucket: 'motcua', accessKey: 'k', secretKey: 's' }) });
    try {
      const desk = await TestDesk.enroll(r);
      const data = crypto.randomBytes(1000);
      const res = await desk.putFile(sha256(data), 0, data.length, data);
      expect(res.status).toBe(507);
      expect(await res.json()).toEqual({ code: 'STORAGE_FULL', message: SYNC_MESSAGES.STORAGE_FULL });
    } finally {
      await r.close();
    }
  });
});
