// The file store in an S3-compatible bucket (AWS S3, MinIO, Ceph, the Vietnamese clouds' object
// storage), so that several stateless receivers behind a load balancer share it:
//   <prefix>/<ab>/<sha256>                          a verified file (the only thing ever served);
//   <prefix>/partial/<sha256>/<offset, 15 digits>    an unfinished upload, one object per piece.
// Each PUT body is cut into pieces of at most `chunkBytes`, each stored as its own object as soon as
// it is full, and the piece a dropped connection cut short is stored with the bytes that arrived: any
// receiver sharing the bucket resumes from the sum of the contiguous pieces. `finish` streams the
// pieces in order through SHA-256 into the final object (a multipart upload once it passes
// `partBytes`, completed only on a hash match, so nothing is visible before), then deletes them.
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { finished, type Readable } from 'node:stream';
import { Client } from 'minio';
import { FileStoreUnavailable, type FileStore } from './store';

export interface S3Options {
  /** The service's URL, e.g. https://s3.ap-southeast-1.amazonaws.com or http://minio.tinh.local:9000. */
  endpoint: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  /** Default us-east-1 (what MinIO and most S3-compatible services accept). */
  region?: string;
  /** A folder inside the bucket (no leading or trailing slash needed); default none. */
  prefix?: string;
  /**
   * How long a request may go without a byte moving either way before it is given up (ms; default
   * 30,000): a service that silently drops packets answers 503 instead of hanging the desk's upload.
   */
  timeoutMs?: number;
}

export interface S3StoreTuning {
  /** Largest piece of an unfinished upload kept as one object (memory held per upload under way). */
  chunkBytes?: number;
  /** Part size of the final multipart upload; S3 needs at least 5 MiB for every part but the last. */
  partBytes?: number;
}

const MiB = 1024 * 1024;
/** Network failures and S3 answers that mean "not now": the desk retries later. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET']);
const SERVICE_DOWN = new Set(['ServiceUnavailable', 'SlowDown', 'InternalError', 'RequestTimeout', 'NoSuchBucket', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied', 'XMinioServerNotInitialized']);
const NOT_FOUND = new Set(['NotFound', 'NoSuchKey']);

const codeOf = (e: unknown): string | undefined => {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : undefined;
};

/** Translates an S3 failure: unreachable or misconfigured → FileStoreUnavailable (503); the rest as is. */
function translate(e: unknown): unknown {
  const code = codeOf(e);
  if (code && (UNREACHABLE.has(code) || SERVICE_DOWN.has(code))) return new FileStoreUnavailable(`S3: ${code} ${(e as Error).message}`, e);
  return e;
}

/**
 * http/https for the S3 client with an idle timeout on every request: no byte sent or received for
 * `ms` destroys the request with ETIMEDOUT (→ 503), also while a response body is being read.
 */
function timedTransport(base: typeof http | typeof https, ms: number): Pick<typeof http, 'request'> {
  const request = ((...args: Parameters<typeof http.request>) => {
    const req = (base.request as (...a: Parameters<typeof http.request>) => http.ClientRequest)(...args);
    req.setTimeout(ms, () => req.destroy(Object.assign(new Error(`không có phản hồi sau ${ms} ms`), { code: 'ETIMEDOUT' })));
    return req;
  }) as typeof http.request;
  return { request };
}

interface Piece {
  name: string;
  offset: number;
  size: number;
}

export function parseEndpoint(endpoint: string): { endPoint: string; port?: number; useSSL: boolean } {
  const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}`);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`Địa chỉ kho S3 không hợp lệ: ${endpoint}`);
  return { endPoint: u.hostname.replace(/^\[|\]$/g, ''), port: u.port ? Number(u.port) : undefined, useSSL: u.protocol === 'https:' };
}

export class S3FileStore implements FileStore {
  readonly client: Client;
  readonly bucket: string;
  private readonly prefix: string;
  private readonly chunkBytes: number;
  private readonly partBytes: number;

  constructor(opts: S3Options, tuning: S3StoreTuning = {}) {
    const where = parseEndpoint(opts.endpoint);
    const transport = timedTransport(where.useSSL ? https : http, opts.timeoutMs ?? 30_000);
    this.client = new Client({ ...where, accessKey: opts.accessKey, secretKey: opts.secretKey, region: opts.region || 'us-east-1', transport: transport as typeof http });
    this.bucket = opts.bucket;
    this.prefix = (opts.prefix ?? '').replace(/^\/+|\/+$/g, '');
    this.chunkBytes = tuning.chunkBytes ?? 8 * MiB;
    this.partBytes = Math.max(tuning.partBytes ?? 8 * MiB, 5 * MiB);
  }

  private key(rel: string): string {
    return this.prefix ? `${this.prefix}/${rel}` : rel;
  }

  private final(sha: string): string {
    return this.key(`${sha.slice(0, 2)}/${sha}`);
  }

  private partialDir(sha: string): string {
    return this.key(`partial/${sha}/`);
  }

  private pieceName(sha: string, offset: number): string {
    return `${this.partialDir(sha)}${String(offset).padStart(15, '0')}`;
  }

  private async s3<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (e) {
      throw translate(e);
    }
  }

  /** Checks the bucket at start-up, creating it when missing. */
  async ensureBucket(): Promise<void> {
    const exists = await this.s3(() => this.client.bucketExists(this.bucket));
    if (!exists) await this.s3(() => this.client.makeBucket(this.bucket));
  }

  async has(sha: string): Promise<boolean> {
    return (await this.size(sha)) !== null;
  }

  async size(sha: string): Promise<number | null> {
    try {
      return (await this.client.statObject(this.bucket, this.final(sha))).size;
    } catch (e) {
      if (NOT_FOUND.has(codeOf(e) ?? '')) return null;
      throw translate(e);
    }
  }

  async read(sha: string): Promise<Readable> {
    return this.s3(() => this.client.getObject(this.bucket, this.final(sha)));
  }

  /** Every stored piece of the unfinished upload, in offset order. */
  private async listPieces(sha: string): Promise<Piece[]> {
    const dir = this.partialDir(sha);
    const pieces: Piece[] = [];
    await this.s3(async () => {
      for await (const o of this.client.listObjectsV2(this.bucket, dir, true)) {
        const name = (o as { name?: string }).name;
        const offset = name ? Number(name.slice(dir.length)) : NaN;
        if (name && Number.isSafeInteger(offset)) pieces.push({ name, offset, size: Number((o as { size?: number }).size ?? 0) });
      }
    });
    return pieces.sort((a, b) => a.offset - b.offset);
  }

  /**
   * The pieces that make the upload's first bytes without a gap. Content-addressed: a piece at
   * offset o holds bytes o… of the file whichever PUT wrote it, so a piece overlapping one already
   * counted (two receivers writing at once) is skipped, and the hash check catches anything else.
   */
  private static contiguous(pieces: Piece[]): { used: Piece[]; size: number } {
    const used: Piece[] = [];
    let size = 0;
    for (const p of pieces) {
      if (p.offset > size) break;
      if (p.offset < size || p.size === 0) continue;
      used.push(p);
      size += p.size;
    }
    return { used, size };
  }

  async partialSize(sha: string): Promise<number> {
    return S3FileStore.contiguous(await this.listPieces(sha)).size;
  }

  async append(sha: string, body: Readable, maxBytes: number, from?: number): Promise<{ size: number; broken: boolean; tooMuch: boolean }> {
    // Pieces are named by the offset the caller checked: two uploads of one file at once write the
    // same bytes under the same names.
    let offset = from ?? (await this.partialSize(sha));
    // The body is read as fast as it arrives, whatever the bucket's pace: a dropped connection
    // discards what the request had buffered but not handed over, so bytes not yet taken would be
    // lost. Up to two pieces wait in memory; past that the body is paused.
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let seen = 0;
    let tooMuch = false;
    // How the body ended, set from its events (an object, so that the loop reads it afresh).
    const state: { over: 'end' | 'broken' | null } = { over: null };
    let wake: (() => void) | null = null;
    const poke = () => {
      const w = wake;
      wake = null;
      w?.();
    };
    const onData = (chunk: Buffer) => {
      if (tooMuch) return;
      if (chunk.length > maxBytes - seen) {
        // More than announced: a broken client. Nothing of this upload is kept; the rest of the
        // body is drained (not cut, so the 413 reaches the client).
        tooMuch = true;
        body.off('data', onData);
        poke();
        return;
      }
      seen += chunk.length;
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= 2 * this.chunkBytes) body.pause();
      poke();
    };
    body.on('data', onData);
    const stopWatching = finished(body, (e) => {
      state.over = e ? 'broken' : 'end';
      poke();
    });
    /** The next piece: chunkBytes of what waits, or all of it once the body is over. */
    const take = (): Buffer | null => {
      if (pendingBytes === 0 || (pendingBytes < this.chunkBytes && state.over === null)) return null;
      const all = Buffer.concat(pending, pendingBytes);
      const piece = all.subarray(0, Math.min(all.length, this.chunkBytes));
      const rest = all.subarray(piece.length);
      pending = rest.length ? [rest] : [];
      pendingBytes = rest.length;
      return piece;
    };
    try {
      for (;;) {
        if (tooMuch) break;
        const piece = take();
        if (piece) {
          await this.s3(() => this.client.putObject(this.bucket, this.pieceName(sha, offset), piece, piece.length));
          offset += piece.length;
          if (body.isPaused() && pendingBytes < 2 * this.chunkBytes && state.over === null) body.resume();
          continue;
        }
        if (state.over !== null) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } catch (e) {
      // The store's own failure is the receiver's (503/507/500), not a dropped connection; the
      // receiver drains the rest of the body.
      body.off('data', onData);
      stopWatching();
      throw e;
    }
    body.off('data', onData);
    stopWatching();
    if (tooMuch) {
      await this.discardPartial(sha);
      return { size: 0, broken: false, tooMuch: true };
    }
    // What arrived before a dropped connection is kept, so the next PUT resumes after it.
    return { size: offset, broken: state.over === 'broken', tooMuch: false };
  }

  async finish(sha: string): Promise<boolean> {
    const { used } = S3FileStore.contiguous(await this.listPieces(sha));
    const target = this.final(sha);
    const hash = crypto.createHash('sha256');
    let part: Buffer[] = [];
    let partBytes = 0;
    let uploadId: string | null = null;
    const parts: { part: number; etag: string }[] = [];
    const sendPart = async () => {
      const data = Buffer.concat(part, partBytes);
      part = [];
      partBytes = 0;
      uploadId ??= await this.s3(() => this.client.initiateNewMultipartUpload(this.bucket, target, { 'content-type': 'application/octet-stream' }));
      const id = uploadId;
      const n = parts.length + 1;
      const r = await this.s3(() => this.client.uploadPart({ bucketName: this.bucket, objectName: target, uploadID: id, partNumber: n, headers: { 'content-length': String(data.length) } }, data));
      parts.push({ part: n, etag: r.etag });
    };
    try {
      for (const p of used) {
        let stream: Readable;
        try {
          stream = await this.client.getObject(this.bucket, p.name);
        } catch (e) {
          // Another receiver finished the same upload and removed its pieces in the meantime.
          if (NOT_FOUND.has(codeOf(e) ?? '') && (await this.has(sha))) {
            await this.abort(target, uploadId);
            return true;
          }
          throw translate(e);
        }
        await this.s3(async () => {
          for await (const chunk of stream as AsyncIterable<Buffer>) {
            hash.update(chunk);
            part.push(chunk);
            partBytes += chunk.length;
            if (partBytes >= this.partBytes) await sendPart();
          }
        });
      }
      const ok = hash.digest('hex') === sha;
      if (!ok) {
        await this.abort(target, uploadId);
      } else if (uploadId === null) {
        const data = Buffer.concat(part, partBytes);
        await this.s3(() => this.client.putObject(this.bucket, target, data, data.length, { 'content-type': 'application/octet-stream' }));
      } else {
        if (partBytes > 0) await sendPart();
        const id: string = uploadId;
        await this.s3(() => this.client.completeMultipartUpload(this.bucket, target, id, parts));
      }
      await this.discardPartial(sha);
      return ok;
    } catch (e) {
      await this.abort(target, uploadId);
      throw e;
    }
  }

  /** Cancels an unfinished multipart upload (never visible); a service without the call drops it itself. */
  private async abort(target: string, uploadId: string | null): Promise<void> {
    if (uploadId === null) return;
    await this.client.abortMultipartUpload(this.bucket, target, uploadId).catch(() => {});
  }

  async discardPartial(sha: string): Promise<void> {
    // One by one: every S3-compatible service has DeleteObject, not all have DeleteObjects.
    for (const p of await this.listPieces(sha)) await this.s3(() => this.client.removeObject(this.bucket, p.name));
  }
}
